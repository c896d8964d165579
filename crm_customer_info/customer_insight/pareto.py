"""Pareto (ABC) analysis: which customers make most of the revenue.

Customers are sorted by revenue, largest first, and their cumulative share of
the total revenue decides the class: A for the customers that make up the
first ``a`` percent of the revenue, B up to ``b`` percent, C for the rest, and
D for customers without revenue (zero, or negative after refunds). A customer
belongs to a class when the revenue ranked *before* it has not yet reached the
class limit, so the largest customer is always A, even with 95 % of the total.
Customers with equal revenue always get the same class.
"""

from dataclasses import dataclass
from typing import NamedTuple

PARETO_CLASSES = ("A", "B", "C", "D")


@dataclass(frozen=True, slots=True)
class ParetoThresholds:
    """Cumulative revenue share limits in percent: A up to ``a``, B up to ``b``."""

    a: float = 70.0
    b: float = 90.0

    def __post_init__(self):
        if not 0 < self.a <= self.b <= 100:
            raise ValueError("Pareto limits must satisfy 0 < A ≤ B ≤ 100 (percent)")


class ParetoRank(NamedTuple):
    """One customer's Pareto class and the shares (percent) that decided it.

    ``rank`` is 1 for the largest customer (equal revenues share a rank) and
    ``None`` for customers without revenue; ``share`` is the customer's own
    share of the total revenue; ``cumulative_before`` / ``cumulative`` are the
    shares of all customers ranked before it / up to and including its rank.
    """

    pareto_class: str
    rank: int | None
    share: float
    cumulative_before: float
    cumulative: float


def pareto_classes(revenues, thresholds=None):
    """Class every revenue (currency amount) A–D; returns ``ParetoRank`` in input order.

    Shares are percentages of the sum of the positive revenues, so the
    ``share`` of all customers adds up to 100 (or 0 when nobody has revenue).
    """
    thresholds = thresholds or ParetoThresholds()
    count = len(revenues)
    total = sum(revenue for revenue in revenues if revenue > 0)
    no_revenue = ParetoRank("D", None, 0.0, 100.0 if total else 0.0, 100.0 if total else 0.0)
    ranks = [no_revenue] * count
    positive = sorted(
        (index for index in range(count) if revenues[index] > 0), key=lambda i: -revenues[i]
    )
    running = 0.0
    start = 0
    rank = 0
    while start < len(positive):
        value = revenues[positive[start]]
        end = start + 1
        while end < len(positive) and revenues[positive[end]] == value:
            end += 1
        rank += 1
        before = 100.0 * running / total
        running += value * (end - start)
        after = 100.0 * running / total
        if before < thresholds.a:
            pareto_class = "A"
        elif before < thresholds.b:
            pareto_class = "B"
        else:
            pareto_class = "C"
        share = 100.0 * value / total
        result = ParetoRank(pareto_class, rank, share, before, after)
        for position in range(start, end):
            ranks[positive[position]] = result
        start = end
    return ranks
