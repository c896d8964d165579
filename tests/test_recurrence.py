"""Recurring visit plans: rule expansion (month ends, leap years, limits, time zones)."""

import calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.recurrence import Rule, occurrences, planned_moments

YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def test_monthly_31st_clamps_to_month_ends_in_a_leap_year():
    rule = Rule("monthly", date(2024, 1, 1), month_day=31)
    assert occurrences(rule, *YEAR)[:4] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]


def test_monthly_31st_in_a_common_year_and_back_to_31():
    rule = Rule("monthly", date(2023, 1, 31), month_day=31)
    days = occurrences(rule, date(2023, 2, 1), date(2023, 3, 31))
    assert days == [date(2023, 2, 28), date(2023, 3, 31)]


def test_monthly_29th_every_12_months_from_a_leap_day():
    rule = Rule("monthly", date(2024, 2, 29), interval=12, month_day=29)
    days = occurrences(rule, date(2024, 1, 1), date(2028, 12, 31))
    assert days == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_monthly_start_after_the_day_begins_next_month():
    rule = Rule("monthly", date(2024, 5, 20), month_day=15, count=2)
    assert occurrences(rule, *YEAR) == [date(2024, 6, 15), date(2024, 7, 15)]


def test_weekly_every_two_weeks_on_a_weekday():
    rule = Rule("weekly", date(2024, 6, 5), interval=2, weekday=0)  # a Wednesday
    days = occurrences(rule, date(2024, 6, 1), date(2024, 7, 31))
    assert days == [date(2024, 6, 10), date(2024, 6, 24), date(2024, 7, 8), date(2024, 7, 22)]
    assert {day.weekday() for day in days} == {0}


def test_days_rule_is_the_level_interval():
    rule = Rule("days", date(2024, 1, 1), interval=30)
    assert occurrences(rule, date(2024, 1, 1), date(2024, 3, 31)) == [
        date(2024, 1, 1),
        date(2024, 1, 31),
        date(2024, 3, 1),
        date(2024, 3, 31),
    ]


def test_count_counts_from_the_start_not_the_window():
    rule = Rule("weekly", date(2024, 1, 1), weekday=0, count=10)
    # 8 occurrences are before March 1st: 2 remain
    assert occurrences(rule, date(2024, 2, 26), date(2024, 12, 31)) == [
        date(2024, 2, 26),
        date(2024, 3, 4),
    ]


def test_end_day_is_included_and_stops_the_rule():
    rule = Rule("days", date(2024, 1, 1), interval=7, end=date(2024, 1, 15))
    assert occurrences(rule, *YEAR) == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)]
    assert occurrences(rule, date(2024, 2, 1), date(2024, 3, 1)) == []


def test_window_before_the_start_is_empty():
    rule = Rule("days", date(2025, 1, 1))
    assert occurrences(rule, *YEAR) == []


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "yearly"},
        {"kind": "days", "interval": 0},
        {"kind": "weekly", "weekday": 7},
        {"kind": "monthly", "month_day": 32},
        {"kind": "days", "count": -1},
    ],
)
def test_bad_rules_are_refused(values):
    with pytest.raises(ValueError):
        Rule(start=date(2024, 1, 1), **values)


def test_planned_hour_follows_daylight_saving_time():
    # Paris: UTC+1 in winter, UTC+2 from Sunday 2024-03-31
    rule = Rule("weekly", date(2024, 3, 24), weekday=6)
    moments = planned_moments(rule, date(2024, 3, 24), date(2024, 3, 31), 9.0, "Europe/Paris")
    assert moments == {
        date(2024, 3, 24): datetime(2024, 3, 24, 8, 0),
        date(2024, 3, 31): datetime(2024, 3, 31, 7, 0),
    }


def test_planned_hour_in_shanghai_is_the_previous_utc_day():
    rule = Rule("days", date(2024, 6, 10), count=1)
    moments = planned_moments(rule, *YEAR, 7.5, "Asia/Shanghai")
    assert moments == {date(2024, 6, 10): datetime(2024, 6, 9, 23, 30)}


def _brute_force(rule, window_start, window_end):
    """Walk every day from the start: the reference for the jumping expansion."""
    found, day, index = [], rule.start, 0
    while day <= window_end and (not rule.end or day <= rule.end):
        if rule.count and index >= rule.count:
            break
        if rule.kind == "weekly":
            first = rule.start + timedelta(days=(rule.weekday - rule.start.weekday()) % 7)
            hit = day >= first and (day - first).days % (7 * rule.interval) == 0
        elif rule.kind == "days":
            hit = (day - rule.start).days % rule.interval == 0
        else:
            months = (day.year - rule.start.year) * 12 + day.month - rule.start.month
            last = calendar.monthrange(day.year, day.month)[1]
            hit = months % rule.interval == 0 and day.day == min(rule.month_day, last)
        if hit:
            index += 1
            if day >= window_start:
                found.append(day)
        day += timedelta(days=1)
    return found


rules = st.builds(
    Rule,
    kind=st.sampled_from(["weekly", "monthly", "days"]),
    start=st.dates(date(2023, 1, 1), date(2025, 12, 31)),
    interval=st.integers(1, 6),
    weekday=st.integers(0, 6),
    month_day=st.integers(1, 31),
    end=st.none() | st.dates(date(2023, 1, 1), date(2026, 6, 30)),
    count=st.integers(0, 12),
)


@given(rules, st.dates(date(2023, 1, 1), date(2026, 3, 31)), st.integers(0, 120))
def test_expansion_matches_a_day_by_day_walk(rule, window_start, length):
    window_end = window_start + timedelta(days=length)
    assert occurrences(rule, window_start, window_end) == _brute_force(
        rule, window_start, window_end
    )


@given(rules, st.dates(date(2023, 1, 1), date(2026, 3, 31)))
def test_days_are_sorted_distinct_and_inside_the_window(rule, window_start):
    window_end = window_start + timedelta(weeks=8)
    days = occurrences(rule, window_start, window_end)
    assert days == sorted(set(days))
    assert all(window_start <= day <= window_end for day in days)
    assert all(day >= rule.start and (not rule.end or day <= rule.end) for day in days)
    if rule.count:
        assert len(days) <= rule.count
