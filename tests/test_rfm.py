"""RFM scores and segments: hand-computed quintiles, ties, small populations, invariants."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.rfm import SEGMENTS, RfmScore, quintile_scores, rfm_scores, rfm_segment

amounts = st.floats(min_value=-1e6, max_value=1e9, allow_nan=False)


def test_ten_distinct_values_fill_each_quintile_twice():
    # mid-rank percentile of the k-th smallest of 10 is (k - 0.5) / 10
    values = [50, 10, 90, 30, 70, 20, 100, 40, 60, 80]
    assert quintile_scores(values) == [3, 1, 5, 2, 4, 1, 5, 2, 3, 4]


def test_lower_is_better_reverses_the_order():
    assert quintile_scores([1, 2, 3, 4, 5], higher_is_better=False) == [5, 4, 3, 2, 1]


def test_ties_share_a_score():
    # 0 appears 4 times of 6: percentile (0 + 4/2)/6 = 0.33 -> 2; 5: (4 + 0.5)/6 = 0.75 -> 4
    assert quintile_scores([0, 0, 5, 0, 9, 0]) == [2, 2, 4, 2, 5, 2]


def test_small_populations():
    assert quintile_scores([]) == []
    assert quintile_scores([42.0]) == [3]
    assert quintile_scores([7, 7, 7]) == [3, 3, 3]
    assert quintile_scores([1, 2]) == [2, 4]


def test_rfm_scores_combine_three_dimensions():
    scores = rfm_scores([10, 200], [5, 1], [1000.0, 50.0])
    assert scores == [RfmScore(4, 4, 4), RfmScore(2, 2, 2)]
    assert scores[0].total == 12
    assert scores[0].code == "444"
    with pytest.raises(ValueError):
        rfm_scores([1], [1, 2], [1.0])


@pytest.mark.parametrize(
    ("score", "segment"),
    [
        (RfmScore(5, 5, 4), "champions"),
        (RfmScore(4, 3, 4), "champions"),
        (RfmScore(3, 4, 5), "loyal"),
        (RfmScore(5, 1, 3), "new"),
        (RfmScore(4, 2, 2), "potential"),
        (RfmScore(3, 1, 1), "potential"),
        (RfmScore(2, 5, 5), "at_risk"),
        (RfmScore(1, 3, 3), "at_risk"),
        (RfmScore(2, 1, 2), "hibernating"),
        (RfmScore(1, 2, 2), "lost"),
    ],
)
def test_segments(score, segment):
    assert rfm_segment(score) == segment


def test_every_score_has_a_segment():
    seen = {
        rfm_segment(RfmScore(r, f, m))
        for r in range(1, 6)
        for f in range(1, 6)
        for m in range(1, 6)
    }
    assert seen == set(SEGMENTS)


@given(st.lists(amounts, max_size=60))
def test_scores_in_range_and_monotonic(values):
    scores = quintile_scores(values)
    assert all(1 <= score <= 5 for score in scores)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a < b:
                assert scores[i] <= scores[j]
            if a == b:
                assert scores[i] == scores[j]


@given(st.lists(amounts, min_size=1, max_size=40), st.data())
def test_more_monetary_never_lowers_the_score(values, data):
    index = data.draw(st.integers(0, len(values) - 1))
    raised = list(values)
    raised[index] = values[index] + data.draw(st.floats(0, 1e6))
    assert quintile_scores(raised)[index] >= quintile_scores(values)[index]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(bad):
    with pytest.raises(ValueError, match=r"value #2 is .*not a finite number"):
        quintile_scores([1.0, 2.0, bad])
    with pytest.raises(ValueError, match="not a finite number"):
        rfm_scores([1, 2], [1, 1], [10.0, bad])
