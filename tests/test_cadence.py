"""Visit cadence: due dates, overdue customers, reminders and local times."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from customer_insight.cadence import (
    CustomerCadence,
    effective_interval,
    evaluate_cadence,
    gap_intervals,
    is_visit_overdue,
    local_date,
    min_gap_allows,
    missed_cutoff,
    next_due_date,
    planning_day,
    reminder_due,
    shift_to_day,
    to_utc,
)

_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
_moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31))
_intervals = st.integers(min_value=1, max_value=3650)
_zones_without_dst = st.sampled_from(["", "UTC", "Asia/Shanghai", "Asia/Kolkata", "Asia/Tokyo"])
_zones = st.sampled_from(
    ["", "Asia/Shanghai", "Europe/Brussels", "America/New_York", "Australia/Sydney"]
)


def test_level_interval_unless_overridden():
    assert effective_interval(30) == 30
    assert effective_interval(30, 0) == 30
    assert effective_interval(30, 14) == 14
    assert effective_interval(0, 14) == 14
    assert effective_interval(0, 0) == 0
    assert effective_interval(None, None) == 0
    assert effective_interval(-5, -1) == 0


def test_due_date_counts_from_last_visit_else_since():
    assert next_due_date(date(2024, 1, 31), 30) == date(2024, 3, 1)  # leap year
    assert next_due_date(date(2023, 1, 31), 30) == date(2023, 3, 2)
    assert next_due_date(None, 60, since=date(2024, 5, 1)) == date(2024, 6, 30)
    assert next_due_date(date(2024, 5, 10), 60, since=date(2024, 1, 1)) == date(2024, 7, 9)
    assert next_due_date(date(2024, 5, 10), 0) is None
    assert next_due_date(None, 30) is None


def test_overdue_only_after_due_day_and_when_nothing_planned():
    today = date(2024, 6, 15)
    assert is_visit_overdue(date(2024, 6, 14), today, has_planned_visit=False)
    assert not is_visit_overdue(date(2024, 6, 15), today, has_planned_visit=False)
    assert not is_visit_overdue(date(2024, 6, 14), today, has_planned_visit=True)
    assert not is_visit_overdue(None, today, has_planned_visit=False)


def test_evaluate_reminds_once_per_due_date():
    today = date(2024, 6, 15)
    customers = [
        # A level, last visit 40 days ago: due 10 days ago, never reminded.
        CustomerCadence(1, level_interval_days=30, last_visit=date(2024, 5, 6)),
        # Same, but already reminded for this due date.
        CustomerCadence(
            2, level_interval_days=30, last_visit=date(2024, 5, 6), notified_due=date(2024, 6, 5)
        ),
        # Reminded for an older due date: a new cycle, remind again.
        CustomerCadence(
            3, level_interval_days=30, last_visit=date(2024, 5, 6), notified_due=date(2024, 3, 1)
        ),
        # Overdue but a visit is planned.
        CustomerCadence(
            4, level_interval_days=30, last_visit=date(2024, 5, 6), has_planned_visit=True
        ),
        # Override of 90 days: not due yet.
        CustomerCadence(5, 30, 90, last_visit=date(2024, 5, 6)),
        # No level interval, never visited.
        CustomerCadence(6, since=date(2020, 1, 1)),
        # Never visited, counts from creation: due 2024-06-10.
        CustomerCadence(7, level_interval_days=10, since=date(2024, 5, 31)),
    ]
    statuses = evaluate_cadence(customers, today)
    assert [s.partner_id for s in statuses] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.due for s in statuses] == [
        date(2024, 6, 5),
        date(2024, 6, 5),
        date(2024, 6, 5),
        date(2024, 6, 5),
        date(2024, 8, 4),
        None,
        date(2024, 6, 10),
    ]
    assert [s.overdue for s in statuses] == [True, True, True, False, False, False, True]
    assert [s.remind for s in statuses] == [True, False, True, False, False, False, True]


def test_gap_intervals():
    assert gap_intervals(30) == (30, 30)  # no gaps: as before
    assert gap_intervals(30, 20, 40) == (30, 40)
    assert gap_intervals(10, 20, 40) == (20, 40)  # a customer's shorter interval: the min gap
    assert gap_intervals(60, 20, 40) == (60, 60)  # a customer's longer interval wins
    assert gap_intervals(0, 20, 40) == (0, 0)  # no cadence
    assert gap_intervals(None, None, None) == (0, 0)


@given(
    st.integers(min_value=0, max_value=3650),
    st.integers(min_value=0, max_value=3650),
    st.integers(min_value=0, max_value=3650),
)
def test_gap_intervals_ordered(interval, min_gap, max_gap):
    due, overdue = gap_intervals(interval, min_gap, max_gap)
    if interval:
        assert interval <= due <= overdue and min_gap <= due and max_gap <= overdue
    else:
        assert (due, overdue) == (0, 0)


def test_min_gap_allows():
    day = date(2024, 6, 15)
    visits = [date(2024, 6, 1), date(2024, 7, 10)]
    assert min_gap_allows(day, visits, 14)  # 14 days after, 25 before
    assert not min_gap_allows(day, visits, 15)
    assert not min_gap_allows(day, [day], 1)  # same day
    assert min_gap_allows(day, [day], 0)  # unset
    assert min_gap_allows(day, [], 30)


def test_evaluate_overdue_after_the_max_gap():
    today = date(2024, 6, 15)
    last = date(2024, 5, 6)  # 40 days ago
    statuses = evaluate_cadence(
        [
            # A: 20-40 around 30 days: due 2024-06-05, overdue after 2024-06-15: not yet
            CustomerCadence(1, 30, last_visit=last, min_gap_days=20, max_gap_days=40),
            # max gap 35: overdue after 2024-06-10
            CustomerCadence(2, 30, last_visit=last, max_gap_days=35),
            # an override shorter than the min gap: due after the min gap
            CustomerCadence(3, 30, 5, last_visit=last, min_gap_days=20),
        ],
        today,
    )
    assert [s.due for s in statuses] == [date(2024, 6, 5), date(2024, 6, 5), date(2024, 5, 26)]
    assert [s.overdue_from for s in statuses] == [
        date(2024, 6, 15),
        date(2024, 6, 10),
        date(2024, 5, 26),
    ]
    assert [s.overdue for s in statuses] == [False, True, True]
    assert [s.remind for s in statuses] == [False, True, True]


def test_planning_day_never_in_the_past():
    today = date(2024, 6, 15)
    assert planning_day(date(2024, 7, 1), today) == date(2024, 7, 1)
    assert planning_day(date(2024, 6, 1), today) == date(2024, 6, 16)
    assert planning_day(today, today) == date(2024, 6, 16)
    assert planning_day(None, today) == date(2024, 6, 16)


def test_local_times():
    # 2024-06-15 17:30 UTC is already the 16th in Shanghai (UTC+8).
    assert local_date(datetime(2024, 6, 15, 17, 30), "Asia/Shanghai") == date(2024, 6, 16)
    assert local_date(datetime(2024, 6, 15, 17, 30), "") == date(2024, 6, 15)
    assert to_utc(date(2024, 6, 16), 9, "Asia/Shanghai") == datetime(2024, 6, 16, 1, 0)
    assert to_utc(date(2024, 1, 16), 9.5, "Europe/Brussels") == datetime(2024, 1, 16, 8, 30)
    assert to_utc(date(2024, 7, 16), 9.5, "Europe/Brussels") == datetime(2024, 7, 16, 7, 30)
    # 14:30 in Brussels in winter, moved to a summer day: still 14:30 local.
    moved = shift_to_day(datetime(2024, 1, 10, 13, 30), date(2024, 7, 10), "Europe/Brussels")
    assert moved == datetime(2024, 7, 10, 12, 30)


def test_reminder_window():
    start = datetime(2024, 6, 16, 1, 0)
    assert reminder_due(start, 24, datetime(2024, 6, 15, 1, 0))
    assert reminder_due(start, 24, datetime(2024, 6, 16, 0, 59))
    assert not reminder_due(start, 24, datetime(2024, 6, 15, 0, 59))
    assert not reminder_due(start, 24, start)
    assert not reminder_due(start, 0, datetime(2024, 6, 16, 0, 59))


def test_missed_cutoff():
    now = datetime(2024, 6, 16, 12, 0)
    assert missed_cutoff(now, 24) == datetime(2024, 6, 15, 12, 0)
    assert missed_cutoff(now, 0) == now
    assert missed_cutoff(now, -3) == now


@given(_days, _intervals)
def test_due_is_exactly_one_interval_after_the_last_visit(last_visit, interval):
    due = next_due_date(last_visit, interval, since=date(1999, 1, 1))
    assert (due - last_visit).days == interval


@given(_days, _intervals, _days, st.booleans())
def test_overdue_is_monotonic_in_time(last_visit, interval, today, planned):
    due = next_due_date(last_visit, interval)
    if is_visit_overdue(due, today, planned):
        assert is_visit_overdue(due, today + timedelta(days=1), planned)
        assert not planned
    else:
        assert planned or not is_visit_overdue(due, today - timedelta(days=1), planned)


@given(_days, _intervals, _days)
def test_a_reminded_customer_is_not_reminded_again(last_visit, interval, today):
    first = evaluate_cadence([CustomerCadence(1, interval, last_visit=last_visit)], today)[0]
    again = evaluate_cadence(
        [CustomerCadence(1, interval, last_visit=last_visit, notified_due=first.due)], today
    )[0]
    assert again.overdue == first.overdue
    assert first.remind == first.overdue
    assert not again.remind


@given(_days, st.one_of(st.none(), _days))
def test_planning_day_is_after_today(today, due):
    day = planning_day(due, today)
    assert day > today
    assert day == due or day == today + timedelta(days=1)


@given(_moments, _days, _zones_without_dst)
def test_shift_keeps_local_clock_time(moment, day, tz_name):
    moved = shift_to_day(moment, day, tz_name)
    assert local_date(moved, tz_name) == day
    before = local_date(moment, tz_name)
    assert moved - moment == timedelta(days=(day - before).days) - timedelta(
        seconds=moment.second, microseconds=moment.microsecond
    )


@given(_days, st.integers(min_value=0, max_value=23 * 4).map(lambda q: q / 4), _zones)
def test_to_utc_lands_on_the_local_day(day, hours, tz_name):
    assert local_date(to_utc(day, hours, tz_name), tz_name) == day


@given(_moments, st.integers(min_value=1, max_value=240), _moments)
def test_reminder_only_before_start_within_lead(start, lead, now):
    due = reminder_due(start, lead, now)
    assert due == (timedelta(0) < start - now <= timedelta(hours=lead))
