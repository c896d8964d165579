"""Pareto (ABC) classes: hand-computed shares, thresholds, ties and invariants."""

import math
from decimal import Decimal
from fractions import Fraction

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


def test_yuan_and_fen_give_the_same_classes():
    # 70 + 35 = 105 of 150 fen: the 26 starts at exactly 70 %, so it is B, in fen and in yuan
    # (summed as floats, 0.70 + 0.35 of 1.50 yuan came out just under 70 % and made it A).
    fen = [19, 70, 26, 35]
    yuan = [0.19, 0.70, 0.26, 0.35]
    expected = ["B", "A", "B", "A"]
    assert [rank.pareto_class for rank in pareto_classes(fen)] == expected
    assert [rank.pareto_class for rank in pareto_classes(yuan)] == expected
    assert pareto_classes(yuan)[2].cumulative_before == 70.0


def test_exact_amount_types_are_accepted():
    amounts = [Decimal("0.70"), Fraction(35, 100), 0.26, 0]
    assert [rank.pareto_class for rank in pareto_classes(amounts)] == ["A", "A", "B", "D"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, Decimal("NaN")])
def test_non_finite_revenue_is_refused(bad):
    with pytest.raises(ValueError, match=r"revenue #1 is .*not a finite amount"):
        pareto_classes([10.0, bad, 5.0])


@st.composite
def fen_on_a_boundary(draw):
    """Revenues in fen where the largest customers make exactly 70 % or 90 % of the total."""
    share = draw(st.sampled_from([70, 90]))
    head = [share * amount for amount in draw(st.lists(st.integers(1, 60), min_size=1))]
    rest = sum(head) * (100 - share) // share
    cuts = sorted(draw(st.lists(st.integers(0, rest), max_size=6)))
    tail = [high - low for low, high in zip([0, *cuts], [*cuts, rest], strict=True)]
    return head + [amount for amount in tail if amount] + draw(st.lists(st.integers(-50, 0)))


@given(
    st.one_of(fen_on_a_boundary(), st.lists(st.integers(-500, 5000), max_size=20)),
    st.randoms(use_true_random=False),
)
def test_classes_invariant_under_unit_and_order(fen, random):
    classes = [rank.pareto_class for rank in pareto_classes(fen)]
    yuan = [amount / 100 for amount in fen]
    assert [rank.pareto_class for rank in pareto_classes(yuan)] == classes
    scaled = [amount * 100 for amount in fen]
    assert [rank.pareto_class for rank in pareto_classes(scaled)] == classes
    order = list(range(len(fen)))
    random.shuffle(order)
    shuffled = pareto_classes([yuan[index] for index in order])
    assert [rank.pareto_class for rank in shuffled] == [classes[index] for index in order]
