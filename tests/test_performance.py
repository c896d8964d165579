"""Month arithmetic and month-on-month change of performance figures."""

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.performance import (
    Change,
    month_on_month,
    month_range,
    month_start,
    ratio,
    shift_month,
)

D = datetime.date
days = st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 31))


def test_month_start_and_add_months():
    assert month_start(D(2024, 2, 29)) == D(2024, 2, 1)
    assert month_start(datetime.datetime(2024, 12, 31, 23, 59)) == D(2024, 12, 1)
    assert shift_month(D(2024, 1, 1), 1) == D(2024, 2, 1)
    assert shift_month(D(2024, 12, 1), 1) == D(2025, 1, 1)
    assert shift_month(D(2024, 1, 1), -1) == D(2023, 12, 1)
    assert shift_month(D(2024, 3, 1), -14) == D(2023, 1, 1)


def test_month_range():
    assert month_range(D(2023, 11, 15), D(2024, 2, 3)) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
    ]
    assert month_range(D(2024, 5, 31), D(2024, 5, 1)) == [D(2024, 5, 1)]
    assert month_range(D(2024, 6, 1), D(2024, 5, 31)) == []


@given(days, days)
def test_month_range_is_consecutive(first, last):
    months = month_range(first, last)
    if month_start(last) < month_start(first):
        assert months == []
        return
    assert months[0] == month_start(first)
    assert months[-1] == month_start(last)
    assert all(shift_month(a, 1) == b for a, b in itertools.pairwise(months))
    assert len(months) == (last.year - first.year) * 12 + last.month - first.month + 1


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_round_trip(day, count):
    month = month_start(day)
    try:
        moved = shift_month(month, count)
    except ValueError:  # beyond year 9999 or before year 1
        return
    assert moved.day == 1
    assert shift_month(moved, -count) == month


def test_month_on_month_by_hand():
    values = {D(2024, 1, 1): 100.0, D(2024, 2, 1): 150.0, D(2024, 4, 1): 30.0}
    changes = month_on_month(values, month_range(D(2024, 1, 1), D(2024, 4, 1)))
    assert changes == [
        Change(D(2024, 1, 1), 100.0, 0, 100.0, None),
        Change(D(2024, 2, 1), 150.0, 100.0, 50.0, 0.5),
        Change(D(2024, 3, 1), 0, 150.0, -150.0, -1.0),
        Change(D(2024, 4, 1), 30.0, 0, 30.0, None),
    ]


def test_month_on_month_reads_the_month_before_the_range():
    values = {D(2023, 12, 1): 40, D(2024, 1, 1): 30}
    (change,) = month_on_month(values, [D(2024, 1, 1)])
    assert (change.previous, change.delta) == (40, -10)
    assert change.ratio == pytest.approx(-0.25)


def test_month_on_month_negative_previous_keeps_direction():
    """A refund-heavy month (negative invoiced) followed by a positive one is an increase."""
    values = {D(2024, 1, 1): -200.0, D(2024, 2, 1): 100.0}
    (change,) = month_on_month(values, [D(2024, 2, 1)])
    assert change.delta == 300.0
    assert change.ratio == pytest.approx(1.5)


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=30).map(lambda i: shift_month(D(2022, 1, 1), i)),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    )
)
def test_month_on_month_adds_up(values):
    months = month_range(D(2022, 1, 1), D(2024, 7, 1))
    changes = month_on_month(values, months)
    assert [c.month for c in changes] == months
    for change in changes:
        assert change.value == values.get(change.month, 0)
        assert change.previous + change.delta == pytest.approx(change.value, abs=1e-6)
        if change.previous:
            assert change.ratio == pytest.approx(change.delta / abs(change.previous))
        else:
            assert change.ratio is None


def test_ratio():
    assert ratio(3, 4) == 0.75
    assert ratio(0, 4) == 0.0
    assert ratio(5, 0) is None
    assert ratio(None, 2) == 0.0
    assert ratio(1, None) is None


def test_month_on_month_of_a_rate_without_denominator():
    """A rate of no visits is no rate: the month and its change stay empty, not 0 %."""
    rates = {D(2024, 1, 1): 0.5, D(2024, 2, 1): 0.75, D(2024, 4, 1): None}
    changes = month_on_month(rates, month_range(D(2024, 1, 1), D(2024, 4, 1)), missing=None)
    assert changes == [
        Change(D(2024, 1, 1), 0.5, None, None, None),
        Change(D(2024, 2, 1), 0.75, 0.5, 0.25, 0.5),
        Change(D(2024, 3, 1), None, 0.75, None, None),
        Change(D(2024, 4, 1), None, None, None, None),
    ]
