"""Monthly performance figures: month arithmetic and month-on-month change.

A month is represented by the ``datetime.date`` of its first day, as Odoo's
grouped reads return it for ``date:month``. Values are counts, currency
amounts or ratios (a rate, an average); this module does not care which.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def month_start(day):
    """Return the first day of the month of ``day`` (a ``date`` or ``datetime``)."""
    return datetime.date(day.year, day.month, 1)


def shift_month(month, count):
    """Return the first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_range(first, last):
    """Return the first days of every month from ``first`` to ``last``, both included.

    ``first`` and ``last`` may be any day of their month; an empty list when
    ``last`` is before ``first``.
    """
    month, end = month_start(first), month_start(last)
    months = []
    while month <= end:
        months.append(month)
        month = shift_month(month, 1)
    return months


@dataclass(frozen=True)
class Change:
    """One month of a figure compared with the month before.

    ``delta`` is in the unit of the figure (count, currency amount, or for a
    rate the difference of the two rates); ``ratio`` is ``delta`` relative to
    ``previous`` (``0.25`` = +25 %), or ``None`` when the previous month is zero
    and no ratio exists. ``value`` or ``previous`` is ``None`` for a figure that
    does not exist in that month (a rate without a denominator); ``delta`` and
    ``ratio`` are then ``None`` too.
    """

    month: datetime.date
    value: float | None
    previous: float | None
    delta: float | None
    ratio: float | None


def ratio(numerator, denominator):
    """Return ``numerator / denominator``, or ``None`` when the denominator is zero or missing.

    For rates (on-time visits / done visits) and averages (satisfaction points /
    ratings, resolution hours / resolved complaints): in the unit of the
    numerator per unit of the denominator.
    """
    if not denominator:
        return None
    return (numerator or 0) / denominator


def month_on_month(values: Mapping, months: Sequence, missing=0):
    """Compare each month of ``months`` with the month before it.

    ``values`` maps first-of-month dates to a figure; a month missing from it
    counts as ``missing``: zero for counts and amounts, ``None`` for rates and
    averages, which do not exist in a month without a denominator. The month
    before the first one is read from ``values`` too, so pass it in to get a
    real change for the first month.
    Returns one :class:`Change` per month, in the order of ``months``.
    """
    changes = []
    for month in months:
        value = values.get(month, missing)
        previous = values.get(shift_month(month, -1), missing)
        if value is None or previous is None:
            changes.append(Change(month, value, previous, None, None))
            continue
        delta = value - previous
        change_ratio = delta / abs(previous) if previous else None
        changes.append(Change(month, value, previous, delta, change_ratio))
    return changes
