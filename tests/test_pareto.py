"""Pareto (ABC) classes: hand-computed shares, thresholds, ties and invariants."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.pareto import ParetoThresholds, pareto_classes


def test_classes_by_cumulative_share_before_the_customer():
    # total 1000: 500 (0-50 %), 250 (50-75 %), 150 (75-90 %), 60 (90-96 %), 40 (96-100 %)
    ranks = pareto_classes([150.0, 500.0, 40.0, 250.0, 60.0, 0.0, -30.0])
    assert [rank.pareto_class for rank in ranks] == ["B", "A", "C", "A", "C", "D", "D"]
    assert ranks[3].cumulative_before == pytest.approx(50.0)
    assert ranks[3].cumulative == pytest.approx(75.0)
    assert ranks[0].cumulative_before == pytest.approx(75.0)
    assert ranks[0].share == pytest.approx(15.0)
    assert [rank.rank for rank in ranks] == [3, 1, 5, 2, 4, None, None]


def test_the_largest_customer_is_always_a():
    ranks = pareto_classes([950.0, 30.0, 20.0])
    assert [rank.pareto_class for rank in ranks] == ["A", "C", "C"]


def test_configurable_thresholds():
    ranks = pareto_classes([500.0, 250.0, 150.0, 100.0], ParetoThresholds(a=40, b=60))
    assert [rank.pareto_class for rank in ranks] == ["A", "B", "C", "C"]
    with pytest.raises(ValueError):
        ParetoThresholds(a=90, b=70)
    with pytest.raises(ValueError):
        ParetoThresholds(a=0, b=70)


def test_ties_share_class_and_rank():
    ranks = pareto_classes([100.0, 100.0, 100.0, 100.0])
    assert {rank.pareto_class for rank in ranks} == {"A"}
    assert {rank.rank for rank in ranks} == {1}


def test_empty_and_no_revenue():
    assert pareto_classes([]) == []
    ranks = pareto_classes([0.0, -5.0])
    assert [rank.pareto_class for rank in ranks] == ["D", "D"]
    assert sum(rank.share for rank in ranks) == 0


revenues = st.lists(st.floats(min_value=-1e5, max_value=1e8, allow_nan=False), max_size=80)


@given(revenues)
def test_shares_sum_to_100(values):
    ranks = pareto_classes(values)
    total = sum(rank.share for rank in ranks)
    if any(value > 0 for value in values):
        assert math.isclose(total, 100.0, rel_tol=1e-9)
    else:
        assert total == 0


@given(revenues)
def test_more_revenue_never_a_worse_class(values):
    ranks = pareto_classes(values)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a >= b:
                assert ranks[i].pareto_class <= ranks[j].pareto_class
    assert all(
        (rank.pareto_class == "D") == (value <= 0)
        for rank, value in zip(ranks, values, strict=True)
    )
