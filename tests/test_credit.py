"""Credit rating: hand-computed inputs, the worst grade wins, monotonic in every criterion."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.credit import (
    CREDIT_RATINGS,
    CreditFacts,
    CreditThresholds,
    credit_rating,
    grade,
)

# 5,000 paid 10 days late and 3,000 on time: (5,000 x 10) / 8,000 = 6.25 days late on average
FACTS = CreditFacts(
    invoiced=10_000.0,
    refunded=600.0,
    paid=8_000.0,
    paid_late_days=50_000.0,
    open_amount=2_000.0,
    overdue_amount=500.0,
    oldest_overdue_days=20,
    balance=1_500.0,
)


def test_grades():
    assert grade(5, (5, 15, 30)) == "A"
    assert grade(5.1, (5, 15, 30)) == "B"
    assert grade(30, (5, 15, 30)) == "C"
    assert grade(31, (5, 15, 30)) == "D"


def test_hand_computed_rating():
    rating = credit_rating(FACTS)
    assert rating.avg_days_late == pytest.approx(6.25)
    assert rating.refund_ratio == pytest.approx(6.0)
    assert rating.overdue_share == pytest.approx(25.0)
    assert rating.oldest_overdue_days == 20
    assert rating.limit_usage is None
    # every criterion is B; the first one in order is reported, with the A limit it exceeded
    assert (rating.rating, rating.decisive, rating.limit) == ("B", "days_late", 5)


def test_credit_limit_usage_counts_when_there_is_a_limit():
    facts = FACTS._replace(credit_limit=1_000.0)
    rating = credit_rating(facts)
    assert rating.limit_usage == pytest.approx(150.0)
    assert (rating.rating, rating.decisive, rating.limit) == ("D", "limit_usage", 120)


def test_good_payer_and_unrated():
    good = credit_rating(CreditFacts(invoiced=100.0, paid=100.0, paid_late_days=200.0))
    assert (good.rating, good.decisive, good.limit) == ("A", None, None)
    assert good.avg_days_late == pytest.approx(2.0)
    assert credit_rating(CreditFacts()).rating is None


def test_refunds_without_invoices_and_overdue_without_open_amount():
    rating = credit_rating(CreditFacts(refunded=50.0))
    assert (rating.rating, rating.refund_ratio) == ("D", 100.0)
    rating = credit_rating(CreditFacts(invoiced=10.0, overdue_amount=5.0, oldest_overdue_days=3))
    assert rating.overdue_share == 100.0


def test_thresholds_are_checked():
    with pytest.raises(ValueError):
        CreditThresholds(days_late=(10, 5, 30))
    with pytest.raises(ValueError):
        CreditThresholds(refund_ratio=(1, 2))


money = st.floats(min_value=0, max_value=1e7, allow_nan=False)
facts_strategy = st.builds(
    CreditFacts,
    invoiced=money,
    refunded=money,
    paid=money,
    paid_late_days=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    open_amount=money,
    overdue_amount=money,
    oldest_overdue_days=st.integers(0, 3000),
    balance=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    credit_limit=money,
)


@given(facts_strategy, st.sampled_from(["refunded", "paid_late_days", "overdue_amount"]), money)
def test_worse_behaviour_never_improves_the_rating(facts, attribute, extra):
    worse = facts._replace(**{attribute: getattr(facts, attribute) + extra})
    before, after = credit_rating(facts).rating, credit_rating(worse).rating
    if before is not None:
        assert CREDIT_RATINGS.index(after) >= CREDIT_RATINGS.index(before)


@given(facts_strategy)
def test_rating_is_defined_and_explained(facts):
    rating = credit_rating(facts)
    assert rating.rating in (*CREDIT_RATINGS, None)
    assert 0 <= rating.overdue_share <= 100
    if rating.rating not in (None, "A"):
        assert rating.decisive is not None and rating.limit is not None
