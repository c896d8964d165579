"""Credit policy: each rule on its own, tolerance, exemptions, orders confirmed together."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from customer_insight.credit_policy import (
    GRADES,
    CreditFacts,
    CreditPolicy,
    OrderFacts,
    age_band,
    evaluate,
    evaluate_orders,
    is_exempt,
    tolerance,
)

ALL_RULES = CreditPolicy(check_limit=True, max_rating="C", overdue_days=30)


def rules(breaches):
    return [breach.rule for breach in breaches]


def test_policy_off_holds_nothing():
    facts = CreditFacts(exposure=1e9, limit=1.0, rating="D", overdue_days=(400,))
    assert evaluate(CreditPolicy(), facts, OrderFacts(amount=1e9)) == ()
    assert not CreditPolicy().active


def test_limit_rule_counts_the_order():
    policy = CreditPolicy(check_limit=True)
    facts = CreditFacts(exposure=90_000.0, limit=100_000.0)
    assert evaluate(policy, facts, OrderFacts(amount=10_000.0)) == ()
    (breach,) = evaluate(policy, facts, OrderFacts(amount=38_400.0))
    assert breach.rule == "limit"
    assert breach.get("exposure") == 128_400.0
    assert breach.get("limit") == 100_000.0
    assert breach.get("allowed") == 100_000.0


def test_no_limit_means_no_limit_rule():
    policy = CreditPolicy(check_limit=True)
    assert evaluate(policy, CreditFacts(exposure=1e9), OrderFacts(amount=1.0)) == ()


def test_tolerance_is_the_larger_of_amount_and_percentage():
    assert tolerance(CreditPolicy(tolerance_amount=5_000.0, tolerance_percent=10.0), 100_000) == (
        10_000.0
    )
    assert tolerance(CreditPolicy(tolerance_amount=15_000.0, tolerance_percent=10.0), 100_000) == (
        15_000.0
    )
    policy = CreditPolicy(check_limit=True, tolerance_percent=10.0)
    facts = CreditFacts(exposure=100_000.0, limit=100_000.0)
    assert evaluate(policy, facts, OrderFacts(amount=10_000.0)) == ()
    assert rules(evaluate(policy, facts, OrderFacts(amount=10_000.01))) == ["limit"]


def test_rating_rule_at_or_below_the_grade():
    policy = CreditPolicy(max_rating="C")
    order = OrderFacts(amount=1.0)
    assert evaluate(policy, CreditFacts(rating="B"), order) == ()
    assert rules(evaluate(policy, CreditFacts(rating="C"), order)) == ["rating"]
    (breach,) = evaluate(policy, CreditFacts(rating="D"), order)
    assert (breach.get("rating"), breach.get("max_rating")) == ("D", "C")
    assert evaluate(policy, CreditFacts(rating=None), order) == ()


def test_overdue_rule_more_than_n_days():
    policy = CreditPolicy(overdue_days=30)
    order = OrderFacts(amount=1.0)
    assert evaluate(policy, CreditFacts(overdue_days=(30, 12)), order) == ()
    (breach,) = evaluate(policy, CreditFacts(overdue_days=(45, 31, 12)), order)
    assert breach.rule == "overdue"
    assert (breach.get("count"), breach.get("days"), breach.get("oldest")) == (2, 30, 45)
    zero = CreditPolicy(overdue_days=0)
    assert rules(evaluate(zero, CreditFacts(overdue_days=(1,)), order)) == ["overdue"]


def test_all_rules_in_order():
    facts = CreditFacts(exposure=99.0, limit=100.0, rating="D", overdue_days=(91,))
    assert rules(evaluate(ALL_RULES, facts, OrderFacts(amount=2.0))) == [
        "limit",
        "rating",
        "overdue",
    ]


def test_exemptions():
    policy = CreditPolicy(
        check_limit=True, exempt_payment_terms=frozenset({7}), exempt_prepaid=True
    )
    facts = CreditFacts(exposure=1_000.0, limit=100.0)
    assert is_exempt(policy, OrderFacts(payment_term=7))
    assert evaluate(policy, facts, OrderFacts(amount=1.0, payment_term=7)) == ()
    assert evaluate(policy, facts, OrderFacts(amount=1.0, prepaid=True)) == ()
    assert rules(evaluate(policy, facts, OrderFacts(amount=1.0, payment_term=8))) == ["limit"]
    not_prepaid = CreditPolicy(check_limit=True)
    assert rules(evaluate(not_prepaid, facts, OrderFacts(amount=1.0, prepaid=True))) == ["limit"]


def test_orders_confirmed_together_see_each_other():
    policy = CreditPolicy(check_limit=True)
    customers = {1: CreditFacts(exposure=50.0, limit=100.0), 2: CreditFacts(limit=100.0)}
    held = evaluate_orders(
        policy,
        customers,
        [
            ("a", 1, OrderFacts(amount=40.0)),  # 90: passes
            ("b", 1, OrderFacts(amount=20.0)),  # 110: held
            ("c", 1, OrderFacts(amount=10.0)),  # 100: passes, the held order does not count
            ("d", 2, OrderFacts(amount=60.0)),
            ("e", 3, OrderFacts(amount=1e6)),  # unknown customer: no limit
        ],
    )
    assert list(held) == ["b"]
    assert held["b"][0].get("exposure") == 110.0


def test_invalid_policies_are_refused():
    with pytest.raises(ValueError):
        CreditPolicy(tolerance_percent=101)
    with pytest.raises(ValueError):
        CreditPolicy(tolerance_percent=-1)
    with pytest.raises(ValueError):
        CreditPolicy(tolerance_amount=-1)
    with pytest.raises(ValueError):
        CreditPolicy(overdue_days=-1)
    with pytest.raises(ValueError):
        CreditPolicy(max_rating="E")


def test_age_bands_match_an_aged_receivable_report():
    assert [age_band(days) for days in (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        "not_due",
        "not_due",
        "1_30",
        "1_30",
        "31_60",
        "31_60",
        "61_90",
        "61_90",
        "over_90",
        "over_90",
    ]


amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)
grades = st.sampled_from((None, *GRADES))
policies = st.builds(
    CreditPolicy,
    check_limit=st.booleans(),
    max_rating=grades,
    overdue_days=st.one_of(st.none(), st.integers(0, 365)),
    tolerance_amount=amounts,
    tolerance_percent=st.floats(min_value=0, max_value=100, allow_nan=False),
)
facts = st.builds(
    CreditFacts,
    exposure=amounts,
    limit=amounts,
    rating=grades,
    overdue_days=st.lists(st.integers(1, 1000), max_size=5).map(tuple),
)


@given(policies, facts, amounts, amounts)
def test_more_exposure_never_releases(policy, customer, amount, extra):
    """A larger order holds at least the rules a smaller one holds."""
    small = set(rules(evaluate(policy, customer, OrderFacts(amount=amount))))
    large = set(rules(evaluate(policy, customer, OrderFacts(amount=amount + extra))))
    assert small <= large


@given(policies, facts, amounts)
def test_worse_rating_never_releases(policy, customer, amount):
    """Lowering the rating by a grade never lifts a hold."""
    order = OrderFacts(amount=amount)
    before = set(rules(evaluate(policy, customer, order)))
    if customer.rating in GRADES[:-1]:
        worse = GRADES[GRADES.index(customer.rating) + 1]
        after = CreditFacts(customer.exposure, customer.limit, worse, customer.overdue_days)
        assert before <= set(rules(evaluate(policy, after, order)))


@given(policies, facts, amounts)
def test_breaches_name_enabled_rules_only(policy, customer, amount):
    breaches = evaluate(policy, customer, OrderFacts(amount=amount))
    enabled = {
        "limit": policy.check_limit,
        "rating": policy.max_rating is not None,
        "overdue": policy.overdue_days is not None,
    }
    assert all(enabled[breach.rule] for breach in breaches)
    assert rules(breaches) == sorted(rules(breaches), key=("limit", "rating", "overdue").index)


@given(st.integers(-1000, 1000))
def test_age_band_is_monotonic(days):
    order = ("not_due", "1_30", "31_60", "61_90", "over_90")
    assert order.index(age_band(days)) <= order.index(age_band(days + 1))
