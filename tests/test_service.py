"""Service rules: months are calendar months, deadlines are hours, warranty covers every item."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from customer_insight.service import (
    WarrantyStatus,
    add_months,
    elapsed_hours,
    is_past_deadline,
    warranty_end,
    warranty_status,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def test_add_months_clamps_to_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 5, 10), 0) == date(2025, 5, 10)


@given(days, st.integers(min_value=-240, max_value=240))
def test_add_months_keeps_the_day_when_it_exists(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)


@given(days, st.integers(min_value=1, max_value=120))
def test_longer_warranty_never_ends_earlier(day, months):
    assert warranty_end(day, months) < warranty_end(day, months + 1)
    assert warranty_end(day, months) > day


def test_warranty_end_needs_delivery_and_period():
    assert warranty_end(date(2024, 5, 20), 24) == date(2026, 5, 20)
    assert warranty_end(None, 24) is None
    assert warranty_end(date(2024, 5, 20), 0) is None
    assert warranty_end(date(2024, 5, 20), -3) is None


def test_warranty_covers_up_to_and_including_the_end_day():
    items = [(date(2024, 1, 31), 1)]
    assert warranty_status(items, date(2024, 2, 29)) == WarrantyStatus(True, date(2024, 2, 29))
    assert warranty_status(items, date(2024, 3, 1)) == WarrantyStatus(False, date(2024, 2, 29))


def test_warranty_of_several_items_is_the_earliest():
    items = [(date(2024, 1, 10), 12), (date(2023, 6, 1), 12)]
    status = warranty_status(items, date(2024, 3, 1))
    assert status == WarrantyStatus(covered=True, end=date(2024, 6, 1))
    assert not warranty_status(items, date(2024, 6, 2)).covered


def test_unknown_delivery_or_no_warranty_is_not_covered():
    on = date(2024, 3, 1)
    assert warranty_status([], on) == WarrantyStatus(False, None)
    assert warranty_status([(None, 12)], on) == WarrantyStatus(False, None)
    assert warranty_status([(date(2024, 1, 1), 12), (date(2024, 1, 1), 0)], on) == (
        WarrantyStatus(False, None)
    )


def test_overdue_only_when_open_and_past():
    deadline = datetime(2024, 5, 8, 9, 30)
    assert is_past_deadline(deadline, datetime(2024, 5, 8, 9, 31), is_open=True)
    assert not is_past_deadline(deadline, datetime(2024, 5, 8, 9, 30), is_open=True)
    assert not is_past_deadline(deadline, datetime(2024, 6, 1), is_open=False)
    assert not is_past_deadline(None, datetime(2024, 6, 1), is_open=True)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=1, max_value=24 * 365),
)
def test_deadline_is_overdue_exactly_after_its_hours(logged, hours):
    deadline = logged + timedelta(hours=hours)
    assert not is_past_deadline(deadline, logged + timedelta(hours=hours), is_open=True)
    assert is_past_deadline(deadline, logged + timedelta(hours=hours, seconds=1), is_open=True)
    assert elapsed_hours(logged, deadline) == hours


def test_elapsed_hours():
    start = datetime(2024, 5, 6, 9, 0)
    assert elapsed_hours(start, datetime(2024, 5, 7, 10, 30)) == 25.5
    assert elapsed_hours(start, datetime(2024, 5, 6, 8, 0)) == -1.0
    assert elapsed_hours(None, start) is None
    assert elapsed_hours(start, False) is None
