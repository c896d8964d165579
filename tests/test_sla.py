"""SLA maths: working time over calendar intervals, paused clocks and target statuses."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from customer_insight.sla import (
    AT_RISK,
    FAILED,
    MET,
    ON_TRACK,
    add_working_hours,
    merge,
    subtract,
    target_status,
    working_hours,
    worst,
)

MONDAY = datetime(2026, 3, 2)


def office_hours(first_day, days, skip=()):
    """08:00-12:00 and 13:00-17:00 on weekdays, minus the days in ``skip``."""
    intervals = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() < 5 and day.date() not in skip:
            intervals.append((day.replace(hour=8), day.replace(hour=12)))
            intervals.append((day.replace(hour=13), day.replace(hour=17)))
    return intervals


def test_deadline_skips_the_weekend():
    friday_3pm = MONDAY + timedelta(days=4, hours=15)
    intervals = office_hours(MONDAY, 14)
    # 2 hours left on Friday, 6 more from Monday 08:00: Monday 15:00
    assert add_working_hours(friday_3pm, 8, intervals) == datetime(2026, 3, 9, 15)


def test_deadline_skips_a_public_holiday():
    holiday = datetime(2026, 3, 9).date()
    friday_3pm = MONDAY + timedelta(days=4, hours=15)
    intervals = office_hours(MONDAY, 14, skip={holiday})
    assert add_working_hours(friday_3pm, 8, intervals) == datetime(2026, 3, 10, 15)


def test_paused_time_moves_the_deadline():
    intervals = office_hours(MONDAY, 14)
    start = MONDAY.replace(hour=8)
    pause = (MONDAY.replace(hour=10), MONDAY.replace(hour=14))  # 3 working hours
    assert add_working_hours(start, 5, intervals) == MONDAY.replace(hour=14)
    assert add_working_hours(start, 5, intervals, [pause]) == MONDAY.replace(hour=17)
    assert working_hours(start, MONDAY.replace(hour=17), intervals, [pause]) == 5


def test_deadline_outside_the_intervals_is_unknown():
    assert add_working_hours(MONDAY, 100, office_hours(MONDAY, 7)) is None
    assert add_working_hours(MONDAY, 0, []) == MONDAY


def test_merge_and_subtract():
    a, b, c, d = (MONDAY + timedelta(hours=h) for h in (1, 2, 3, 4))
    assert merge([(c, d), (a, c), (b, b)]) == [(a, d)]
    assert subtract([(a, d)], [(b, c)]) == [(a, b), (c, d)]
    assert subtract([(a, b)], [(a, d)]) == []


def test_target_status():
    deadline = MONDAY + timedelta(hours=10)
    warn = MONDAY + timedelta(hours=8)
    assert target_status(MONDAY, deadline, warn_at=warn) == ON_TRACK
    assert target_status(warn, deadline, warn_at=warn) == AT_RISK
    assert target_status(deadline + timedelta(seconds=1), deadline, warn_at=warn) == FAILED
    assert target_status(MONDAY, deadline, reached=deadline) == MET
    assert target_status(MONDAY, deadline, reached=deadline + timedelta(minutes=1)) == FAILED
    assert target_status(MONDAY, None) == ON_TRACK
    assert target_status(MONDAY, None, reached=MONDAY) == MET


def test_worst():
    assert worst([MET, ON_TRACK]) == ON_TRACK
    assert worst([MET, FAILED, AT_RISK]) == FAILED
    assert worst([]) == MET


hours = st.floats(min_value=0, max_value=200, allow_nan=False)
offsets = st.integers(min_value=0, max_value=14 * 24 * 60)


@given(hours, offsets)
def test_deadline_gives_back_the_working_hours(target, minutes):
    intervals = office_hours(MONDAY, 120)
    start = MONDAY + timedelta(minutes=minutes)
    deadline = add_working_hours(start, target, intervals)
    assert deadline is not None and deadline >= start
    assert abs(working_hours(start, deadline, intervals) - target) < 1e-6


@given(hours, hours, offsets, st.integers(min_value=0, max_value=96 * 60))
def test_a_pause_never_brings_the_deadline_forward(target, extra, minutes, pause_minutes):
    intervals = office_hours(MONDAY, 200)
    start = MONDAY + timedelta(minutes=minutes)
    pause = (start, start + timedelta(minutes=pause_minutes))
    plain = add_working_hours(start, target, intervals)
    paused = add_working_hours(start, target, intervals, [pause])
    assert paused >= plain
    # a pause starting at the start costs exactly its working hours
    if target > 0:
        paused_hours = working_hours(*pause, intervals)
        moved = add_working_hours(start, target + paused_hours, intervals)
        assert abs(working_hours(min(moved, paused), max(moved, paused), intervals)) < 1e-6
    assert add_working_hours(start, target + extra, intervals) >= plain


@given(st.lists(st.sampled_from([MET, ON_TRACK, AT_RISK, FAILED])))
def test_worst_is_one_of_the_statuses(statuses):
    result = worst(statuses)
    assert result in statuses or (not statuses and result == MET)
