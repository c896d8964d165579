"""Classify a company's customers: value, credit, churn, lifecycle and the level to give them.

``classify`` takes one ``CustomerFacts`` per customer (dates, counts and
company-currency amounts read from the books) and returns one
``Classification`` each, with the suggested level code and the reasons that
decided it. The level comes from the company's method:

- ``pareto``: the Pareto class A–D is the level;
- ``rfm``: the RFM total (3–15) against the minimum total of levels A, B and C
  (below C is D; a customer that never bought is D);
- ``manual``: no suggestion, levels are set by people.

Reasons are structured (a code and the numbers) so that any front end can word
and translate them; see ``explain``.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .churn import ChurnSettings, churn_risk, gaps, lost_since, typical_gap
from .credit import CreditFacts, CreditThresholds, credit_rating
from .lifecycle import lifecycle_stage
from .pareto import ParetoThresholds, pareto_classes
from .rfm import rfm_scores, rfm_segment

METHODS = ("pareto", "rfm", "manual")
BASES = ("invoiced", "ordered")
LEVEL_CODES = ("A", "B", "C", "D")


class CustomerFacts(NamedTuple):
    """One customer's purchases and books, amounts in company currency.

    ``first_purchase`` / ``last_purchase``: dates of its first and last purchase
    ever (``None`` if it never bought); ``purchase_dates``: its recent purchase
    dates (any order, duplicates allowed) for the typical gap; ``frequency``:
    number of purchases in the window; ``monetary``: net revenue in the window
    (may be negative after refunds); ``credit``: ``CreditFacts``.
    """

    key: int
    first_purchase: date | None = None
    last_purchase: date | None = None
    purchase_dates: tuple = ()
    frequency: int = 0
    monetary: float = 0.0
    credit: CreditFacts = CreditFacts()


@dataclass(frozen=True, slots=True)
class ClassificationSettings:
    """A company's classification settings.

    ``window_days``: days of history counted for frequency and monetary;
    ``basis``: what a purchase is, ``invoiced`` (posted invoices minus refunds)
    or ``ordered`` (confirmed sale orders), used in explanations;
    ``rfm_levels``: minimum RFM total (3–15) for levels A, B and C;
    ``new_days``: days a customer counts as new after its first purchase.
    """

    method: str = "pareto"
    window_days: int = 365
    basis: str = "invoiced"
    pareto: ParetoThresholds = field(default_factory=ParetoThresholds)
    rfm_levels: tuple = (13, 10, 7)
    credit: CreditThresholds = field(default_factory=CreditThresholds)
    churn: ChurnSettings = field(default_factory=ChurnSettings)
    new_days: int = 90

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown classification method {self.method!r}")
        if self.basis not in BASES:
            raise ValueError(f"unknown revenue basis {self.basis!r}")
        if self.window_days < 1 or self.new_days < 0:
            raise ValueError("the window must be at least one day, new days not negative")
        if (
            len(self.rfm_levels) != 3
            or not 15 >= self.rfm_levels[0] >= self.rfm_levels[1] >= (self.rfm_levels[2]) >= 3
        ):
            raise ValueError("RFM minimums must satisfy 15 ≥ A ≥ B ≥ C ≥ 3")


class Reason(NamedTuple):
    """Why something was decided: a code (see ``explain.TEMPLATES``) and its numbers."""

    code: str
    values: dict

    def to_json(self):
        """A JSON-ready ``[code, values]`` pair."""
        return [self.code, self.values]

    @classmethod
    def from_json(cls, data):
        """The inverse of ``to_json``."""
        code, values = data
        return cls(code, dict(values))


class Classification(NamedTuple):
    """The result for one customer.

    ``recency_days``: days since the last purchase (``None``: never bought);
    ``rfm``/``segment``: ``None`` for customers that never bought; ``level``:
    suggested level code, ``None`` with the manual method; ``reasons``: the
    level decision first, then activity, credit, churn and lifecycle;
    ``lost_on``: for a lost customer, the day it became lost (see
    ``churn.lost_since``), else ``None``.
    """

    key: int
    recency_days: int | None
    frequency: int
    monetary: float
    day_gaps: tuple
    rfm: object
    segment: str | None
    pareto: object
    credit: object
    churn: object
    lifecycle: str
    level: str | None
    reasons: tuple
    lost_on: date | None = None


def _level_reason(settings, rfm, pareto, buyers):
    """Suggested level code and the reason for it."""
    if settings.method == "manual":
        return None, Reason("level_manual", {})
    if settings.method == "pareto":
        level = pareto.pareto_class
        if level == "D":
            return level, Reason("level_no_revenue", {"window": settings.window_days})
        limit = {"A": settings.pareto.a, "B": settings.pareto.b, "C": settings.pareto.b}[level]
        return level, Reason(
            "level_pareto_rest" if level == "C" else "level_pareto",
            {
                "level": level,
                "rank": pareto.rank,
                "count": buyers,
                "before": pareto.cumulative_before,
                "cumulative": pareto.cumulative,
                "limit": limit,
            },
        )
    if rfm is None:
        return "D", Reason("level_no_purchase", {})
    total = rfm.total
    level, minimum = next(
        (
            (code, minimum)
            for code, minimum in zip(LEVEL_CODES, settings.rfm_levels, strict=False)
            if total >= minimum
        ),
        ("D", settings.rfm_levels[-1]),
    )
    values = {
        "level": level,
        "score": total,
        "r": rfm.recency,
        "f": rfm.frequency,
        "m": rfm.monetary,
        "minimum": minimum,
    }
    return level, Reason("level_rfm_below" if level == "D" else "level_rfm", values)


def _credit_reason(rating):
    if rating.rating is None:
        return Reason("credit_unrated", {})
    values = {"rating": rating.rating, "days_late": rating.avg_days_late}
    if rating.decisive is None:
        return Reason("credit_good", values)
    value = {
        "days_late": rating.avg_days_late,
        "overdue_share": rating.overdue_share,
        "oldest_overdue_days": rating.oldest_overdue_days,
        "refund_ratio": rating.refund_ratio,
        "limit_usage": rating.limit_usage,
    }[rating.decisive]
    values.update(value=value, limit=rating.limit)
    return Reason(f"credit_{rating.decisive}", values)


def _churn_reasons(churn, stage, days_since_first, day_gaps):
    if churn.days_since is None:
        return (Reason("lifecycle_prospect", {}),)
    reasons = [
        Reason(
            "churn" if day_gaps else "churn_single",
            {
                "risk": churn.risk,
                "band": churn.band,
                "days": churn.days_since,
                "gap": churn.typical_gap,
            },
        )
    ]
    values = {"days": churn.days_since, "first": days_since_first}
    if stage == "reactivated":
        values["silence"] = day_gaps[-1]
    reasons.append(Reason(f"lifecycle_{stage}", values))
    return tuple(reasons)


def _check_facts(facts):
    """Raise ``ValueError`` naming the customer's key when its facts cannot be scored.

    A NaN or infinite count or amount, or a last purchase without a first one
    (or the reverse), is a bug upstream: scoring it would silently give a
    wrong class to this customer and shift everybody else's.
    """
    numbers = {"frequency": facts.frequency, "monetary": facts.monetary}
    numbers.update((f"credit.{name}", value) for name, value in facts.credit._asdict().items())
    for name, value in numbers.items():
        if not math.isfinite(value):
            raise ValueError(f"customer {facts.key!r}: {name} is {value!r}, not a finite number")
    if (facts.first_purchase is None) != (facts.last_purchase is None):
        missing = "first" if facts.first_purchase is None else "last"
        raise ValueError(f"customer {facts.key!r}: purchases without a {missing} purchase date")


def classify(customers, settings, today):
    """Classify ``customers`` (``CustomerFacts``) on ``today`` (a ``datetime.date``).

    Scores and classes are relative to the customers given: pass all customers
    of a company together, then keep the results you need. Returns one
    ``Classification`` per customer, in input order. Facts that cannot be
    scored raise ``ValueError`` before anything is scored (see ``_check_facts``).
    """
    for facts in customers:
        _check_facts(facts)
    today_ordinal = today.toordinal()
    count = len(customers)
    recency = [
        None
        if facts.last_purchase is None
        else max(today_ordinal - facts.last_purchase.toordinal(), 0)
        for facts in customers
    ]
    buyer_indexes = [index for index in range(count) if recency[index] is not None]
    scores = rfm_scores(
        [recency[index] for index in buyer_indexes],
        [customers[index].frequency for index in buyer_indexes],
        [customers[index].monetary for index in buyer_indexes],
    )
    rfm_by_index = dict(zip(buyer_indexes, scores, strict=True))
    paretos = pareto_classes([facts.monetary for facts in customers], settings.pareto)
    buyers = sum(1 for rank in paretos if rank.rank is not None)
    results = []
    for index, facts in enumerate(customers):
        rfm = rfm_by_index.get(index)
        pareto = paretos[index]
        rating = credit_rating(facts.credit, settings.credit)
        day_gaps = tuple(gaps(facts.purchase_dates))
        days_since_first = (
            None
            if facts.first_purchase is None
            else max(today_ordinal - facts.first_purchase.toordinal(), 0)
        )
        churn = churn_risk(recency[index], typical_gap(day_gaps, settings.churn), settings.churn)
        stage = lifecycle_stage(
            days_since_first, churn, day_gaps, settings.new_days, settings.churn
        )
        level, level_reason = _level_reason(settings, rfm, pareto, buyers)
        activity = Reason(
            f"activity_{settings.basis}",
            {
                "count": facts.frequency,
                "amount": facts.monetary,
                "window": settings.window_days,
            },
        )
        results.append(
            Classification(
                key=facts.key,
                recency_days=recency[index],
                frequency=facts.frequency,
                monetary=facts.monetary,
                day_gaps=day_gaps,
                rfm=rfm,
                segment=rfm_segment(rfm) if rfm else None,
                pareto=pareto,
                credit=rating,
                churn=churn,
                lifecycle=stage,
                level=level,
                reasons=(
                    level_reason,
                    activity,
                    _credit_reason(rating),
                    *_churn_reasons(churn, stage, days_since_first, day_gaps),
                ),
                lost_on=lost_since(facts.last_purchase, churn.typical_gap, settings.churn)
                if stage == "lost"
                else None,
            )
        )
    return results
