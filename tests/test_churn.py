"""Churn risk and lifecycle stage: typical gaps, risk bands and stages by hand."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.churn import (
    ChurnSettings,
    churn_risk,
    gaps,
    lost_since,
    risk_band,
    typical_gap,
)
from customer_insight.lifecycle import LIFECYCLE_STAGES, lifecycle_stage

D = date(2024, 1, 1)


def test_gaps_between_distinct_days():
    dates = [D + timedelta(days=30), D, D + timedelta(days=90), D + timedelta(days=30)]
    assert gaps(dates) == [30, 60]
    assert gaps([D]) == []
    assert gaps([]) == []


def test_typical_gap_is_the_median_with_floor_and_single_purchase_default():
    assert typical_gap([30, 60, 20]) == 30.0
    assert typical_gap([30, 60]) == 45.0
    assert typical_gap([]) == 90.0
    assert typical_gap([1, 2, 1]) == 7.0
    assert typical_gap([], ChurnSettings(single_purchase_gap=120)) == 120.0


def test_risk_grows_from_one_to_lost_ratio_gaps():
    # typical gap 30 days, lost after 3 gaps (90 days): risk = 100 x (days/30 - 1) / 2
    assert churn_risk(20, 30.0).risk == 0
    assert churn_risk(30, 30.0).risk == 0
    medium = churn_risk(48, 30.0)
    assert (medium.risk, medium.band, medium.ratio) == (30, "medium", pytest.approx(1.6))
    assert churn_risk(72, 30.0).band == "high"
    assert churn_risk(72, 30.0).risk == 70
    assert churn_risk(400, 30.0).risk == 100
    never = churn_risk(None, 30.0)
    assert (never.risk, never.band) == (0, None)


def test_bands_are_configurable():
    settings = ChurnSettings(medium=10, high=50)
    assert risk_band(9, settings) == "low"
    assert risk_band(10, settings) == "medium"
    assert risk_band(50, settings) == "high"
    with pytest.raises(ValueError):
        ChurnSettings(medium=80, high=50)
    with pytest.raises(ValueError):
        ChurnSettings(lost_ratio=1)


@given(st.integers(0, 5000), st.integers(0, 5000), st.floats(1, 1000))
def test_risk_in_range_and_monotonic(days, more, gap):
    low, high = churn_risk(days, gap), churn_risk(days + more, gap)
    assert 0 <= low.risk <= high.risk <= 100
    assert low.band in ("low", "medium", "high")


def _stage(days_first, days_since, day_gaps, new_days=90):
    churn = churn_risk(days_since, typical_gap(day_gaps))
    return lifecycle_stage(days_first, churn, day_gaps, new_days)


def test_lifecycle_stages():
    assert _stage(None, None, []) == "prospect"
    assert _stage(20, 20, []) == "new"
    assert _stage(400, 10, [30] * 12) == "active"
    # 30-day rhythm, silent 75 days: risk 75 (high) -> at risk; silent 90 days -> lost
    assert _stage(400, 75, [30] * 12) == "at_risk"
    assert _stage(400, 90, [30] * 12) == "lost"
    # one-time buyer a year ago: 365 / 90 > 3 gaps -> lost
    assert _stage(365, 365, []) == "lost"
    # bought every 30 days, then nothing for 200 days, then bought again 10 days ago
    assert _stage(600, 10, [30] * 10 + [200]) == "reactivated"
    assert _stage(600, 100, [30] * 10 + [200]) != "reactivated"
    # a new customer already silent for long is at risk, not new
    assert _stage(80, 80, [], new_days=90) == "new"
    assert _stage(85, 85, [5], new_days=90) == "lost"


@given(
    st.one_of(st.none(), st.integers(0, 3000)),
    st.integers(0, 3000),
    st.lists(st.integers(1, 400), max_size=12),
)
def test_every_customer_has_a_stage(days_first, days_since, day_gaps):
    bought = days_first is not None
    stage = _stage(days_first, days_since if bought else None, day_gaps if bought else [])
    assert stage in LIFECYCLE_STAGES
    assert (stage == "prospect") == (not bought)


def test_lost_since_by_hand():
    # 30-day rhythm: lost 3 gaps (90 days) after the last purchase
    assert lost_since(D, 30.0) == D + timedelta(days=90)
    # one-time buyer (90 days assumed): lost 270 days after its purchase
    assert lost_since(D, typical_gap([])) == D + timedelta(days=270)
    # 7.5-day rhythm: 22.5 days -> the 23rd day
    assert lost_since(D, 7.5) == D + timedelta(days=23)
    assert lost_since(D, 30.0, ChurnSettings(lost_ratio=2)) == D + timedelta(days=60)
    assert lost_since(None, 30.0) is None


@given(st.floats(1, 1000), st.floats(1.01, 10), st.integers(0, 3650))
def test_lost_since_is_the_first_lost_day(gap, ratio, offset):
    """The day before is not lost yet, the day itself is: the same rule as the stage."""
    settings = ChurnSettings(lost_ratio=ratio)
    last = D + timedelta(days=offset)
    lost = lost_since(last, gap, settings)
    days = (lost - last).days
    assert churn_risk(days, gap, settings).ratio >= ratio
    assert days == 0 or churn_risk(days - 1, gap, settings).ratio < ratio
    assert lifecycle_stage(400, churn_risk(days, gap, settings), [], settings=settings) == "lost"
