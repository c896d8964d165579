"""Pareto (ABC) analysis: which customers make most of the revenue.

Customers are sorted by revenue, largest first, and their cumulative share of
the total revenue decides the class: A for the customers that make up the
first ``a`` percent of the revenue, B up to ``b`` percent, C for the rest, and
D for customers without revenue (zero, or negative after refunds). A customer
belongs to a class when the revenue ranked *before* it has not yet reached the
class limit, so the largest customer is always A, even with 95 % of the total.
Customers with equal revenue always get the same class.

Shares are computed with exact fractions, not floating-point sums, so the class
boundaries do not move with the currency unit (yuan or fen) or the input
order: a customer at exactly 70 % is B whatever the sum of floats would say.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
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


def _ratio(amount):
    """``amount`` as an exact (numerator, denominator); a float is the decimal it prints as.

    ``0.7`` is then 7/10, so 0.7 yuan is exactly 70 fen, as the user typed it.
    """
    if isinstance(amount, float):
        return Decimal(repr(amount)).as_integer_ratio()
    return Fraction(amount).as_integer_ratio()


def pareto_classes(revenues, thresholds=None):
    """Class every revenue (currency amount) A–D; returns ``ParetoRank`` in input order.

    Shares are percentages of the sum of the positive revenues, so the
    ``share`` of all customers adds up to 100 (or 0 when nobody has revenue).
    They are decided in exact integer arithmetic (every revenue scaled by the
    common denominator) and reported as floats. A NaN or infinite revenue
    raises ``ValueError``.
    """
    thresholds = thresholds or ParetoThresholds()
    for index, revenue in enumerate(revenues):
        if not math.isfinite(revenue):
            raise ValueError(f"revenue #{index} is {revenue!r}, not a finite amount")
    a_num, a_den = _ratio(thresholds.a)
    b_num, b_den = _ratio(thresholds.b)
    ratios = [_ratio(revenue) for revenue in revenues]
    denominator = math.lcm(*{den for _num, den in ratios})
    exact = [num * (denominator // den) for num, den in ratios]
    count = len(exact)
    total = sum(value for value in exact if value > 0)
    no_revenue = ParetoRank("D", None, 0.0, 100.0 if total else 0.0, 100.0 if total else 0.0)
    ranks = [no_revenue] * count
    positive = sorted(
        (index for index in range(count) if exact[index] > 0), key=lambda i: -exact[i]
    )
    running = 0
    start = 0
    rank = 0
    while start < len(positive):
        value = exact[positive[start]]
        end = start + 1
        while end < len(positive) and exact[positive[end]] == value:
            end += 1
        rank += 1
        before = running
        running += value * (end - start)
        # before / total < limit / 100, cross-multiplied: no division, no rounding
        if 100 * before * a_den < a_num * total:
            pareto_class = "A"
        elif 100 * before * b_den < b_num * total:
            pareto_class = "B"
        else:
            pareto_class = "C"
        result = ParetoRank(
            pareto_class,
            rank,
            100 * value / total,
            100 * before / total,
            100 * running / total,
        )
        for position in range(start, end):
            ranks[positive[position]] = result
        start = end
    return ranks
