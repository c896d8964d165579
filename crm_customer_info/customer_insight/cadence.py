"""Visit cadence: when each customer is due for a visit, who is overdue, and visit times.

Units used throughout:

- calendar days are :class:`datetime.date` values, visit intervals are whole days;
- reminder lead times and grace periods are hours;
- moments are naive :class:`datetime.datetime` values in UTC, as Odoo stores them;
  time zones are IANA names (``"Asia/Shanghai"``), an empty name meaning UTC.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = [
    "CadenceStatus",
    "CustomerCadence",
    "effective_interval",
    "evaluate_cadence",
    "gap_intervals",
    "is_visit_overdue",
    "local_date",
    "min_gap_allows",
    "missed_cutoff",
    "next_due_date",
    "planning_day",
    "reminder_due",
    "shift_to_day",
    "to_utc",
]


def _zone(tz_name):
    return ZoneInfo(tz_name) if tz_name else timezone.utc


def effective_interval(level_interval_days, override_interval_days=0):
    """Days between two visits of a customer: its own override, else its level's.

    Both arguments are whole days; an override of 0 (or less) means "use the
    level". A result of 0 means the customer has no visit cadence.
    """
    if override_interval_days and override_interval_days > 0:
        return int(override_interval_days)
    return max(int(level_interval_days or 0), 0)


def gap_intervals(interval_days, min_gap_days=0, max_gap_days=0):
    """(due, overdue) days after a visit, given the level's gaps between visits.

    ``interval_days`` is the customer's visit interval (0 = no cadence: ``(0, 0)``);
    ``min_gap_days`` and ``max_gap_days`` are the level's minimum and maximum days
    between two visits, 0 meaning unset. The next visit is due after the interval,
    but not sooner than the minimum gap; it is overdue after the maximum gap, but
    not before it is due (a customer's own, longer interval wins); unset gaps
    leave the interval alone.
    """
    interval = max(int(interval_days or 0), 0)
    if not interval:
        return 0, 0
    due = max(interval, int(min_gap_days or 0))
    return due, max(due, int(max_gap_days or 0))


def min_gap_allows(day, visit_days, min_gap_days):
    """True when ``day`` lies at least ``min_gap_days`` days from each of ``visit_days``.

    Days are dates; a minimum gap of 0 (unset) allows every day. A visit exactly
    ``min_gap_days`` days away is allowed, a closer one (same day included) is not.
    """
    if not min_gap_days or min_gap_days <= 0:
        return True
    return all(abs((day - other).days) >= min_gap_days for other in visit_days)


def next_due_date(last_visit, interval_days, since=None):
    """Date the next visit is due: last done visit + ``interval_days`` days.

    A customer never visited counts from ``since`` (the day it became a
    customer). Returns ``None`` when there is no cadence (interval of 0 days)
    or nothing to count from.
    """
    anchor = last_visit or since
    if not interval_days or interval_days <= 0 or anchor is None:
        return None
    return anchor + timedelta(days=int(interval_days))


def is_visit_overdue(due, today, has_planned_visit):
    """True when the due date (a date) has passed before ``today`` and no visit is planned."""
    return due is not None and due < today and not has_planned_visit


@dataclass(frozen=True)
class CustomerCadence:
    """What the cadence needs to know about one customer in one company.

    ``level_interval_days`` and ``override_interval_days`` are days (0 = none);
    ``last_visit`` is the day of the last done visit, ``since`` the day the
    customer was created; ``notified_due`` is the due date for which an overdue
    reminder was already raised (``None`` if never). ``min_gap_days`` and
    ``max_gap_days`` are the level's gaps between visits (0 = unset, see
    :func:`gap_intervals`).
    """

    partner_id: int
    level_interval_days: int = 0
    override_interval_days: int = 0
    last_visit: date | None = None
    since: date | None = None
    has_planned_visit: bool = False
    notified_due: date | None = None
    min_gap_days: int = 0
    max_gap_days: int = 0


@dataclass(frozen=True)
class CadenceStatus:
    """Result for one customer: due date, whether overdue, whether to remind now, and
    the day after which it is overdue (the due date, or later with a maximum gap)."""

    partner_id: int
    due: date | None
    overdue: bool
    remind: bool
    overdue_from: date | None = None


def evaluate_cadence(customers, today):
    """Due date and overdue state of each customer, in the order given.

    ``customers`` is an iterable of :class:`CustomerCadence`; ``today`` a date.
    A customer is overdue once the day after its maximum gap (its due date
    without one) has passed, and is reminded once per due date: ``remind`` is
    true when it is overdue and no reminder was raised for this same due date before.
    """
    statuses = []
    for customer in customers:
        due_days, overdue_days = gap_intervals(
            effective_interval(customer.level_interval_days, customer.override_interval_days),
            customer.min_gap_days,
            customer.max_gap_days,
        )
        due = next_due_date(customer.last_visit, due_days, customer.since)
        overdue_from = next_due_date(customer.last_visit, overdue_days, customer.since)
        overdue = is_visit_overdue(overdue_from, today, customer.has_planned_visit)
        statuses.append(
            CadenceStatus(
                partner_id=customer.partner_id,
                due=due,
                overdue=overdue,
                remind=overdue and customer.notified_due != due,
                overdue_from=overdue_from,
            )
        )
    return statuses


def planning_day(due, today):
    """Day on which to plan a customer's next visit: its due date, but not before tomorrow.

    ``due`` may be ``None`` (no cadence): the visit is then planned for tomorrow.
    """
    tomorrow = today + timedelta(days=1)
    return due if due is not None and due > tomorrow else tomorrow


def local_date(moment, tz_name):
    """Calendar day of the UTC ``moment`` in time zone ``tz_name``."""
    return moment.replace(tzinfo=timezone.utc).astimezone(_zone(tz_name)).date()


def to_utc(day, hours, tz_name):
    """UTC moment of ``day`` at ``hours`` (e.g. 9.5 = 09:30) local time in ``tz_name``.

    A local time skipped by a daylight-saving change is read with the offset in
    force before the change.
    """
    minutes = round(hours * 60)
    local = datetime.combine(day, time(minutes // 60 % 24, minutes % 60), _zone(tz_name))
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def shift_to_day(moment, day, tz_name):
    """Move the UTC ``moment`` to another ``day`` keeping its local wall-clock time.

    A visit at 14:30 Shanghai time moved to another day is again at 14:30 there;
    the result is a naive UTC moment.
    """
    local = moment.replace(tzinfo=timezone.utc).astimezone(_zone(tz_name))
    return to_utc(day, local.hour + local.minute / 60, tz_name)


def reminder_due(start, lead_hours, now):
    """True when a visit starting at ``start`` should be reminded at ``now``.

    The reminder is due from ``lead_hours`` hours before the start until the
    start itself; a lead of 0 hours means no reminder.
    """
    if not lead_hours or lead_hours <= 0:
        return False
    return start - timedelta(hours=lead_hours) <= now < start


def missed_cutoff(now, grace_hours):
    """Latest end of a visit that counts as missed at ``now``: ``grace_hours`` hours earlier.

    A planned visit that ended strictly before this moment without a check-in is
    missed; a negative grace counts as 0 hours.
    """
    return now - timedelta(hours=max(grace_hours or 0, 0))
