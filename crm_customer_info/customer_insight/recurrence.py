"""Recurring visit plans: the days of a rule inside a planning window.

A rule repeats from its ``start`` day:

- ``"weekly"``: every ``interval`` weeks on ``weekday`` (0 = Monday), the first
  occurrence being the first such weekday on or after ``start``;
- ``"monthly"``: every ``interval`` months on ``month_day``, clamped to the month's
  last day (the 31st is February 28th, or 29th in leap years);
- ``"days"``: every ``interval`` days from ``start`` (a customer level's visit interval).

A rule stops after its ``end`` day (included) or after ``count`` occurrences, whichever
comes first. Days are :class:`datetime.date` values; moments are naive UTC datetimes,
as Odoo stores them (see :func:`customer_insight.cadence.to_utc`).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .cadence import to_utc

__all__ = ["KINDS", "Rule", "occurrences", "planned_moments"]

KINDS = ("weekly", "monthly", "days")


@dataclass(frozen=True)
class Rule:
    """A recurrence: ``kind`` (one of :data:`KINDS`), from ``start``, bounded or not."""

    kind: str
    start: date
    interval: int = 1
    weekday: int = 0
    month_day: int = 1
    end: date | None = None
    count: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrence kind {self.kind!r}")
        if self.interval < 1:
            raise ValueError("the interval must be at least 1")
        if not 0 <= self.weekday <= 6:
            raise ValueError("the weekday must be 0 (Monday) to 6 (Sunday)")
        if not 1 <= self.month_day <= 31:
            raise ValueError("the day of the month must be 1 to 31")
        if self.count < 0:
            raise ValueError("the count cannot be negative")


def _month_occurrence(rule, index):
    """The ``index``-th (0-based) monthly occurrence candidate: a month and a clamped day."""
    months = rule.start.year * 12 + rule.start.month - 1 + index * rule.interval
    year, month = divmod(months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(rule.month_day, last))


def _candidates(rule, skip_before):
    """``(index, day)`` of the occurrences of ``rule`` in order, unbounded, jumping
    straight to those near ``skip_before`` (no walk over years of past occurrences)."""
    if rule.kind == "monthly":
        offset = 1 if _month_occurrence(rule, 0) < rule.start else 0
        months = (skip_before.year - rule.start.year) * 12 + skip_before.month - rule.start.month
        candidate = max(offset, months // rule.interval - 1)
        while True:
            yield candidate - offset, _month_occurrence(rule, candidate)
            candidate += 1
    if rule.kind == "weekly":
        first = rule.start + timedelta(days=(rule.weekday - rule.start.weekday()) % 7)
        step = 7 * rule.interval
    else:
        first, step = rule.start, rule.interval
    index = max(0, -(-(skip_before - first).days // step))
    while True:
        yield index, first + timedelta(days=index * step)
        index += 1


def occurrences(rule, window_start, window_end):
    """The days of ``rule`` within ``[window_start, window_end]`` (both included), in order.

    ``count`` counts occurrences from the rule's start, not from the window: a plan of
    10 visits that already had 8 has 2 left, whatever the window.
    """
    last = min(window_end, rule.end) if rule.end else window_end
    if last < window_start or last < rule.start:
        return []
    days = []
    for index, day in _candidates(rule, window_start):
        if day > last or (rule.count and index >= rule.count):
            break
        if day >= window_start:
            days.append(day)
    return days


def planned_moments(rule, window_start, window_end, hour, tz_name):
    """UTC moments of the occurrences in the window at local ``hour`` (9.5 = 09:30) in
    time zone ``tz_name`` (an IANA name, empty for UTC): ``{day: moment}``."""
    return {day: to_utc(day, hour, tz_name) for day in occurrences(rule, window_start, window_end)}
