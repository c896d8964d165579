"""Guards shared by the addon's models: fields only the server writes, and sane bounds.

Workflow fields (a status, who resolved an entry and when, flags set by the
scheduled jobs) and stored computed fields are written only by the models' own
methods. Those methods open a ``server_write`` scope; a request cannot, since
the scope lives in this process (a context variable), not in the request's
context.
"""

import math
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, formatLang

# Sane bounds of numeric inputs (documented in README.md, Security).
MAX_VISIT_HOURS = 168  # a visit lasts at most one week
MAX_INTERVAL_DAYS = 3650  # a visit cadence of at most ten years
MAX_LEAD_HOURS = 720  # reminders and grace periods of at most 30 days
MAX_RESPONSE_HOURS = 8760  # a response time of at most one year
MAX_WARRANTY_MONTHS = 1200  # a warranty of at most 100 years
MAX_AMOUNT = 1e12  # costs, in the company's currency
MAX_QUANTITY = 1e6  # parts used by one service
# Business dates (visits, log entries) fall in these years.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2099, 12, 31)

_SERVER_WRITES = ContextVar("crm_customer_info_server_writes", default=frozenset())


@contextmanager
def server_write(*model_names):
    """Let the models' own methods write their workflow fields on ``model_names``."""
    token = _SERVER_WRITES.set(_SERVER_WRITES.get() | set(model_names))
    try:
        yield
    finally:
        _SERVER_WRITES.reset(token)


def in_server_write(records):
    """True inside a ``server_write`` scope of the records' model (the addon's own write)."""
    return records._name in _SERVER_WRITES.get()


def is_server_write(records):
    """True for the superuser and inside a ``server_write`` scope of the records' model."""
    return records.env.su or in_server_write(records)


def check_client_values(records, vals_list, locked):
    """Refuse values of workflow fields sent by a request.

    ``locked`` maps each such field to the only value a new record may be
    created with (``None``: none at all, an empty value is accepted). With
    ``vals_list`` of a ``create``, returns the model without the request's
    defaults for those fields; raises ``UserError`` otherwise.
    """
    if is_server_write(records):
        return records
    creating = isinstance(vals_list, list)
    refused = set()
    for vals in vals_list if creating else [vals_list]:
        for fname in locked.keys() & vals.keys():
            if not creating or (vals[fname] or None) != locked[fname]:
                refused.add(fname)
    if refused:
        labels = sorted(_label(records, fname) for fname in refused)
        raise UserError(
            records.env._(
                "%(fields)s cannot be set directly: use the buttons, which check the rules.",
                fields=", ".join(labels),
            )
        )
    if not creating:
        return records
    context = records.env.context
    defaults = {f"default_{fname}" for fname in locked}
    if defaults & context.keys():
        kept = {key: value for key, value in context.items() if key not in defaults}
        records = records.with_env(records.env(context=kept))
    return records


def _label(records, fname):
    return records._fields[fname].get_description(records.env)["string"]


def check_range(records, fname, low, high, *, strict_low=False):
    """Raise ``ValidationError`` when a numeric field of ``records`` is outside [low, high].

    With ``strict_low`` the value must be greater than ``low``. NaN and
    infinities are always outside.
    """
    for record in records:
        value = record[fname] or 0
        inside = math.isfinite(value) and (low < value if strict_low else low <= value)
        if not (inside and value <= high):
            env = records.env
            values = {
                "field": _label(records, fname),
                "record": record.display_name,
                "low": formatLang(env, low, digits=0 if float(low).is_integer() else 2),
                "high": formatLang(env, high, digits=0),
            }
            if strict_low:
                message = env._(
                    "%(field)s of %(record)s must be more than %(low)s and at most %(high)s.",
                    **values,
                )
            else:
                message = env._(
                    "%(field)s of %(record)s must be between %(low)s and %(high)s.", **values
                )
            raise ValidationError(message)


def check_dates(records, *fnames):
    """Raise ``ValidationError`` for a date or moment of ``records`` outside the business years."""
    for record in records:
        for fname in fnames:
            value = record[fname]
            if not value:
                continue
            day = value.date() if isinstance(value, datetime) else value
            if not FIRST_DAY <= day <= LAST_DAY:
                env = records.env
                raise ValidationError(
                    env._(
                        "%(field)s of %(record)s must fall between %(first)s and %(last)s.",
                        field=_label(records, fname),
                        record=record.display_name,
                        first=format_date(env, FIRST_DAY),
                        last=format_date(env, LAST_DAY),
                    )
                )
