"""After-sales service rules: overdue entries, resolution time and product warranty.

Calendar dates are ``datetime.date``; moments are naive ``datetime.datetime`` in
UTC, the way Odoo stores them. Periods are whole calendar months, response times
hours.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime


def add_months(day, months):
    """Return ``day`` moved by ``months`` calendar months (negative goes back).

    When the target month is shorter, the result is its last day:
    31 January + 1 month = 28 (or 29) February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def warranty_end(delivered_on, months):
    """Last day covered by a warranty of ``months`` months for goods delivered on ``delivered_on``.

    ``None`` when the goods were never delivered (``delivered_on`` is ``None``)
    or the product has no warranty (``months`` is 0 or less).
    """
    if delivered_on is None or not months or months <= 0:
        return None
    return add_months(delivered_on, months)


@dataclass(frozen=True)
class WarrantyStatus:
    """Whether a service on ``on_date`` is covered, and until when (``end``, a date or None)."""

    covered: bool
    end: date | None


def warranty_status(items, on_date):
    """Warranty of a service covering several items (lots, or products of one delivery).

    ``items`` is an iterable of ``(delivered_on, months)`` pairs: the date the
    item reached the customer (``None`` if unknown) and the product's warranty
    period in months. The service is covered when every item is: ``end`` is the
    earliest warranty end among them and ``covered`` tells whether ``on_date``
    (a date) falls on or before it. An item without a delivery date or without a
    warranty leaves the service uncovered and without an end date.
    """
    ends = [warranty_end(delivered_on, months) for delivered_on, months in items]
    if not ends or None in ends:
        return WarrantyStatus(covered=False, end=None)
    end = min(ends)
    return WarrantyStatus(covered=on_date <= end, end=end)


def is_past_deadline(deadline, now, is_open):
    """True when an entry still open (``is_open``) has a ``deadline`` earlier than ``now``."""
    return bool(is_open and deadline is not None and deadline < now)


def elapsed_hours(start, end):
    """Hours (a float, rounded to 0.01) from ``start`` to ``end``; ``None`` if either is missing.

    Used for the time taken to resolve an entry; negative when ``end`` comes first.
    """
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return None
    return round((end - start).total_seconds() / 3600, 2)
