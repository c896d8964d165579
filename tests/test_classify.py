"""The whole classification of a company, by hand, and its explanations."""

import json
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customer_insight.classify import (
    LEVEL_CODES,
    ClassificationSettings,
    CustomerFacts,
    Reason,
    classify,
)
from customer_insight.credit import CreditFacts
from customer_insight.explain import TEMPLATES, explain, format_reason

TODAY = date(2024, 7, 1)

CUSTOMERS = [
    CustomerFacts(
        1,
        first_purchase=date(2023, 6, 1),
        last_purchase=date(2024, 6, 1),
        purchase_dates=(date(2024, 6, 1), date(2024, 5, 1), date(2024, 4, 1)),
        frequency=3,
        monetary=6000.0,
        credit=CreditFacts(invoiced=6000.0, paid=6000.0),
    ),
    CustomerFacts(
        2,
        first_purchase=date(2024, 6, 21),
        last_purchase=date(2024, 6, 21),
        purchase_dates=(date(2024, 6, 21),),
        frequency=1,
        monetary=3000.0,
    ),
    CustomerFacts(
        3,
        first_purchase=date(2023, 9, 1),
        last_purchase=date(2023, 9, 1),
        purchase_dates=(date(2023, 9, 1),),
        frequency=1,
        monetary=1000.0,
    ),
    CustomerFacts(4),
    CustomerFacts(
        5,
        first_purchase=date(2024, 3, 1),
        last_purchase=date(2024, 3, 1),
        purchase_dates=(date(2024, 3, 1),),
        frequency=1,
        monetary=-200.0,
        credit=CreditFacts(invoiced=100.0, refunded=300.0),
    ),
]


def test_pareto_company_by_hand():
    # revenue 6,000 + 3,000 + 1,000 = 10,000: 1 starts at 0 % (A), 2 at 60 % (A), 3 at 90 % (C)
    results = classify(CUSTOMERS, ClassificationSettings(), TODAY)
    assert [r.level for r in results] == ["A", "A", "C", "D", "D"]
    assert [r.recency_days for r in results] == [30, 10, 304, None, 122]
    assert results[1].pareto.cumulative == pytest.approx(90.0)
    assert results[0].reasons[0] == Reason(
        "level_pareto",
        {"level": "A", "rank": 1, "count": 3, "before": 0.0, "cumulative": 60.0, "limit": 70.0},
    )
    assert results[2].reasons[0].code == "level_pareto_rest"
    assert results[3].reasons[0] == Reason("level_no_revenue", {"window": 365})


def test_rfm_company_by_hand():
    # buyers 1, 2, 3, 5; recency 30, 10, 304, 122 days -> R 4, 5, 1, 2
    # frequency 3, 1, 1, 1 -> F 5, 2, 2, 2; monetary 6000, 3000, 1000, -200 -> M 5, 4, 2, 1
    results = classify(CUSTOMERS, ClassificationSettings(method="rfm"), TODAY)
    assert [r.rfm.code if r.rfm else None for r in results] == ["455", "524", "122", None, "221"]
    assert [r.segment for r in results] == ["champions", "loyal", "lost", None, "hibernating"]
    assert [r.level for r in results] == ["A", "B", "D", "D", "D"]
    assert results[1].reasons[0] == Reason(
        "level_rfm", {"level": "B", "score": 11, "r": 5, "f": 2, "m": 4, "minimum": 10}
    )
    assert results[2].reasons[0].code == "level_rfm_below"
    assert results[3].reasons[0].code == "level_no_purchase"


def test_churn_and_lifecycle_by_hand():
    results = classify(CUSTOMERS, ClassificationSettings(), TODAY)
    # 1: gaps 30 and 31 days, median 30.5, silent 30 days -> no risk
    assert (results[0].churn.typical_gap, results[0].churn.risk) == (30.5, 0)
    assert [r.lifecycle for r in results] == ["active", "new", "lost", "prospect", "active"]
    # 5: one purchase 122 days ago, assumed gap 90: 100 x (122/90 - 1) / 2 = 17.8 -> 18
    assert (results[4].churn.risk, results[4].churn.band) == (18, "low")
    assert (results[2].churn.risk, results[2].churn.band) == (100, "high")
    assert results[4].credit.rating == "D"
    # 3: one purchase on 2023-09-01, assumed gap 90 days: lost 270 days later, on 2024-05-28
    assert [r.lost_on for r in results] == [None, None, date(2024, 5, 28), None, None]


def test_manual_method_suggests_nothing():
    results = classify(CUSTOMERS, ClassificationSettings(method="manual"), TODAY)
    assert {r.level for r in results} == {None}
    assert {r.reasons[0].code for r in results} == {"level_manual"}


def test_settings_are_checked():
    for bad in (
        {"method": "magic"},
        {"basis": "guessed"},
        {"window_days": 0},
        {"rfm_levels": (7, 10, 13)},
        {"rfm_levels": (16, 10, 7)},
    ):
        with pytest.raises(ValueError):
            ClassificationSettings(**bad)


def test_explanations_in_english_and_through_a_translator():
    results = classify(CUSTOMERS, ClassificationSettings(), TODAY)
    text = explain(results[0].reasons)
    assert text.splitlines()[0] == (
        "A: revenue rank 1 of 3, cumulative revenue share 0.0–60.0 %, "
        "starting within the first 70 %."
    )
    assert "6,000.00 invoiced net of refunds, 3 invoice(s)" in text
    assert "usually every 30 days" in text
    stored = json.loads(json.dumps([reason.to_json() for reason in results[0].reasons]))
    assert explain(stored) == text
    chinese = {
        TEMPLATES[
            "churn_single"
        ]: "流失风险 %(risk)s（%(band)s）：%(days)s 天未购买，预计 %(gap)s 天内回购。",
        "high": "高",
    }
    shown = explain(
        results[2].reasons,
        translate=lambda text: chinese.get(text, text),
        money=lambda amount: f"¥{amount:.0f}",
        number=lambda value, digits: f"{value:.{digits}f}",
    )
    assert "¥1000" in shown
    assert "流失风险 100（高）：304 天未购买，预计 90 天内回购。" in shown.splitlines()


def test_unknown_reason_codes_still_show():
    assert format_reason(Reason("from_the_future", {"x": 1})) == "from_the_future: x=1"
    assert format_reason(Reason("bare", {})) == "bare"


reason_codes = set(TEMPLATES)

facts_strategy = st.builds(
    CustomerFacts,
    key=st.integers(1, 10**6),
    first_purchase=st.none(),
    last_purchase=st.none(),
    purchase_dates=st.just(()),
    frequency=st.integers(0, 50),
    monetary=st.floats(min_value=-1e5, max_value=1e7, allow_nan=False),
    credit=st.builds(
        CreditFacts,
        invoiced=st.floats(0, 1e6),
        refunded=st.floats(0, 1e6),
        paid=st.floats(0, 1e6),
        paid_late_days=st.floats(0, 1e8),
        open_amount=st.floats(0, 1e6),
        overdue_amount=st.floats(0, 1e6),
        oldest_overdue_days=st.integers(0, 1000),
        balance=st.floats(-1e6, 1e6),
        credit_limit=st.floats(0, 1e6),
    ),
)


@st.composite
def customer_facts(draw):
    facts = draw(facts_strategy)
    offsets = draw(st.lists(st.integers(0, 2000), max_size=8))
    if not offsets:
        return facts
    dates = tuple(TODAY - timedelta(days=offset) for offset in offsets)
    return CustomerFacts(
        facts.key, min(dates), max(dates), dates, facts.frequency, facts.monetary, facts.credit
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(customer_facts(), max_size=25),
    st.sampled_from(["pareto", "rfm", "manual"]),
    st.sampled_from(["invoiced", "ordered"]),
)
def test_every_customer_is_classified_and_explained(customers, method, basis):
    results = classify(customers, ClassificationSettings(method=method, basis=basis), TODAY)
    assert len(results) == len(customers)
    for facts, result in zip(customers, results, strict=True):
        assert result.key == facts.key
        assert result.level in ((None,) if method == "manual" else LEVEL_CODES)
        assert result.reasons[0].code.startswith("level_")
        assert {reason.code for reason in result.reasons} <= reason_codes
        assert all(line.strip() for line in explain(result.reasons).splitlines())
        assert 0 <= result.churn.risk <= 100
        if result.rfm:
            assert all(1 <= s <= 5 for s in (result.rfm.recency, result.rfm.frequency))


@given(st.integers(1, 30), st.floats(min_value=-1e4, max_value=1e6, allow_nan=False))
def test_all_equal_customers_are_treated_equally(count, amount):
    day = TODAY - timedelta(days=40)
    customers = [CustomerFacts(key, day, day, (day,), 1, amount) for key in range(count)]
    results = classify(customers, ClassificationSettings(method="rfm"), TODAY)
    assert len({(r.level, r.rfm, r.segment, r.pareto.pareto_class) for r in results}) == 1
    assert results[0].rfm.code == "333"


def test_empty_and_single_customer():
    assert classify([], ClassificationSettings(), TODAY) == []
    (only,) = classify([CUSTOMERS[0]], ClassificationSettings(method="rfm"), TODAY)
    assert only.rfm.code == "333"
    assert only.level == "C"


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (CustomerFacts(41, monetary=math.nan), r"customer 41: monetary is nan"),
        (CustomerFacts(42, monetary=math.inf), r"customer 42: monetary is inf"),
        (CustomerFacts(43, frequency=-math.inf), r"customer 43: frequency is -inf"),
        (
            CustomerFacts(44, credit=CreditFacts(overdue_amount=math.nan)),
            r"customer 44: credit\.overdue_amount is nan",
        ),
        (
            CustomerFacts(45, credit=CreditFacts(credit_limit=math.inf)),
            r"customer 45: credit\.credit_limit is inf",
        ),
        (
            CustomerFacts(46, last_purchase=date(2024, 6, 1)),
            r"customer 46: purchases without a first purchase date",
        ),
        (
            CustomerFacts(47, first_purchase=date(2024, 6, 1)),
            r"customer 47: purchases without a last purchase date",
        ),
    ],
)
def test_facts_that_cannot_be_scored_are_refused_by_key(facts, message):
    for method in ("pareto", "rfm", "manual"):
        with pytest.raises(ValueError, match=message):
            classify([*CUSTOMERS, facts], ClassificationSettings(method=method), TODAY)
