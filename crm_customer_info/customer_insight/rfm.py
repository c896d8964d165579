"""RFM analysis: recency, frequency and monetary scores and the segments they name.

Scores are 1 (worst) to 5 (best) and relative: each customer is placed among
the customers scored together (a company's customers that have bought at
least once). Scoring is by mid-rank percentile, so equal values always get
equal scores, a higher value never gets a lower score, and fewer than five
customers are still scored sensibly (one customer, or all-equal values, score 3).
"""

import math
from typing import NamedTuple

SCORE_MIN = 1
SCORE_MAX = 5

# Ordered: the first segment whose rule matches wins (see ``rfm_segment``).
SEGMENTS = ("champions", "loyal", "new", "potential", "at_risk", "hibernating", "lost")
# (segment, min R, max R, min FM, max F), first match wins.
_SEGMENT_RULES = (
    ("champions", 4, 5, 4, 5),
    ("loyal", 3, 5, 3, 5),
    ("new", 4, 5, 1, 1),
    ("potential", 3, 5, 1, 5),
    ("at_risk", 1, 2, 3, 5),
    ("hibernating", 2, 2, 1, 5),
    ("lost", 1, 1, 1, 5),
)


class RfmScore(NamedTuple):
    """Scores 1–5 for recency (recent is better), frequency and monetary (more is better)."""

    recency: int
    frequency: int
    monetary: int

    @property
    def total(self):
        """Sum of the three scores, 3–15."""
        return self.recency + self.frequency + self.monetary

    @property
    def code(self):
        """The usual three-digit notation, e.g. ``"545"``."""
        return f"{self.recency}{self.frequency}{self.monetary}"


def quintile_scores(values, higher_is_better=True):
    """Score every value 1–5 by its mid-rank percentile among ``values``.

    ``values`` are numbers of one kind (days, counts or currency amounts).
    A value's percentile is ``(smaller + equal / 2) / n`` with ``smaller`` the
    number of values strictly worse and ``equal`` the number of values equal to
    it (itself included); the score is ``1 + floor(5 × percentile)``. Ties
    therefore share a score, scores grow with the value, and a single value or
    all-equal values score 3. Returns the scores in the order of ``values``.
    A NaN or infinite value raises ``ValueError``: it has no place in the order.
    """
    for index, value in enumerate(values):
        if not math.isfinite(value):
            raise ValueError(f"value #{index} is {value!r}, not a finite number")
    count = len(values)
    if not count:
        return []
    sign = 1 if higher_is_better else -1
    order = sorted(range(count), key=lambda index: sign * values[index])
    scores = [0] * count
    start = 0
    while start < count:
        value = values[order[start]]
        end = start + 1
        while end < count and values[order[end]] == value:
            end += 1
        percentile = (start + (end - start) / 2) / count
        score = min(SCORE_MAX, SCORE_MIN + int(SCORE_MAX * percentile))
        for position in range(start, end):
            scores[order[position]] = score
        start = end
    return scores


def rfm_scores(recency_days, frequencies, monetary):
    """Score parallel sequences of recency (days), frequency (count) and monetary (amount).

    Lower recency is better; higher frequency and monetary are better. Returns
    one ``RfmScore`` per customer, in input order.
    """
    if not len(recency_days) == len(frequencies) == len(monetary):
        raise ValueError("recency, frequency and monetary must have one value per customer")
    r_scores = quintile_scores(recency_days, higher_is_better=False)
    f_scores = quintile_scores(frequencies)
    m_scores = quintile_scores(monetary)
    return list(map(RfmScore, r_scores, f_scores, m_scores))


def rfm_segment(score):
    """Name the segment of an ``RfmScore``.

    ``FM`` is the rounded-up mean of the frequency and monetary scores. Rules,
    first match wins: champions (R ≥ 4, FM ≥ 4), loyal (R ≥ 3, FM ≥ 3), new
    (R ≥ 4, F = 1), potential (R ≥ 3), at_risk (R ≤ 2, FM ≥ 3), hibernating
    (R = 2), lost (R = 1). Every score maps to exactly one segment.
    """
    value = (score.frequency + score.monetary + 1) // 2
    for segment, min_recency, max_recency, min_value, max_frequency in _SEGMENT_RULES:
        if (
            min_recency <= score.recency <= max_recency
            and value >= min_value
            and score.frequency <= max_frequency
        ):
            return segment
    raise AssertionError("the last rule matches every score")
