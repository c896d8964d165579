"""Monthly performance figures: month arithmetic and month-on-month change.

A month is represented by the ``datetime.date`` of its first day, as Odoo's
grouped reads return it for ``date:month``. Values are counts or currency
amounts; this module does not care which.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def month_start(day):
    """Return the first day of the month of ``day`` (a ``date`` or ``datetime``)."""
    return datetime.date(day.year, day.month, 1)


def add_months(month, count):
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
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Change:
    """One month of a figure compared with the month before.

    ``delta`` is in the unit of the figure (count or currency amount);
    ``ratio`` is ``delta`` relative to ``previous`` (``0.25`` = +25 %), or
    ``None`` when the previous month is zero and no ratio exists.
    """

    month: datetime.date
    value: float
    previous: float
    delta: float
    ratio: float | None


def month_on_month(values: Mapping, months: Sequence):
    """Compare each month of ``months`` with the month before it.

    ``values`` maps first-of-month dates to a figure; a month missing from it
    counts as zero. The month before the first one is read from ``values``
    too, so pass it in to get a real change for the first month.
    Returns one :class:`Change` per month, in the order of ``months``.
    """
    changes = []
    for month in months:
        value = values.get(month, 0) or 0
        previous = values.get(add_months(month, -1), 0) or 0
        delta = value - previous
        ratio = delta / abs(previous) if previous else None
        changes.append(Change(month, value, previous, delta, ratio))
    return changes
