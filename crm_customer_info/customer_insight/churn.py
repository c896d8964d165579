"""Churn risk: how long a customer has been silent compared with its usual rhythm.

A customer's typical gap is the median number of days between its consecutive
purchase days. The risk grows linearly from 0, when the days since the last
purchase equal the typical gap, to 100 when they reach ``lost_ratio`` times
the gap (the customer is then considered lost).
"""

import math
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from typing import NamedTuple

CHURN_BANDS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class ChurnSettings:
    """Risk bands and gap rules.

    ``medium`` / ``high``: the lowest risk (0–100) of those bands.
    ``single_purchase_gap``: typical gap (days) assumed for a customer with one
    purchase day. ``min_gap``: floor (days) of any typical gap, so that daily
    buyers are not at risk after two quiet days. ``lost_ratio``: days since the
    last purchase, in typical gaps, at which the risk reaches 100.
    """

    medium: int = 30
    high: int = 70
    single_purchase_gap: int = 90
    min_gap: int = 7
    lost_ratio: float = 3.0

    def __post_init__(self):
        if not 0 < self.medium <= self.high <= 100:
            raise ValueError("churn bands must satisfy 0 < medium ≤ high ≤ 100")
        if self.single_purchase_gap < 1 or self.min_gap < 1:
            raise ValueError("gaps must be at least one day")
        if self.lost_ratio <= 1:
            raise ValueError("the lost ratio must be greater than 1")


DEFAULT_CHURN_SETTINGS = ChurnSettings()


class ChurnRisk(NamedTuple):
    """Risk 0–100 and its band; ``None`` fields for customers that never bought.

    ``days_since``: days since the last purchase; ``typical_gap``: days;
    ``ratio``: ``days_since / typical_gap``.
    """

    risk: int
    band: str | None
    days_since: int | None
    typical_gap: float | None
    ratio: float | None


def gaps(purchase_dates):
    """Days between consecutive distinct purchase dates (``datetime.date``), oldest first."""
    days = sorted({purchase.toordinal() for purchase in purchase_dates})
    return [later - earlier for earlier, later in pairwise(days)]


def typical_gap(day_gaps, settings=None):
    """Median of ``day_gaps`` (days); ``single_purchase_gap`` when empty; at least ``min_gap``."""
    settings = settings or DEFAULT_CHURN_SETTINGS
    if day_gaps:
        ordered = sorted(day_gaps)
        middle = len(ordered) // 2
        value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    else:
        value = settings.single_purchase_gap
    return float(max(value, settings.min_gap))


def risk_band(risk, settings=None):
    """'low', 'medium' or 'high' for a risk 0–100."""
    settings = settings or DEFAULT_CHURN_SETTINGS
    if risk >= settings.high:
        return "high"
    if risk >= settings.medium:
        return "medium"
    return "low"


def churn_risk(days_since, gap, settings=None):
    """Risk for a customer silent for ``days_since`` days whose typical gap is ``gap`` days.

    ``days_since`` is ``None`` for a customer that never bought: risk 0, no band.
    """
    settings = settings or DEFAULT_CHURN_SETTINGS
    if days_since is None:
        return ChurnRisk(0, None, None, None, None)
    ratio = max(days_since, 0) / gap
    risk = round(100 * (ratio - 1) / (settings.lost_ratio - 1))
    risk = min(100, max(0, risk))
    return ChurnRisk(risk, risk_band(risk, settings), days_since, gap, ratio)


def lost_since(last_purchase, gap, settings=None):
    """Day from which a customer silent since ``last_purchase`` (a date) counts as lost.

    ``gap`` is its typical gap in days. The customer is lost from the first day
    on which the days since its last purchase reach ``lost_ratio`` typical
    gaps: the first day :func:`churn_risk` gives it a ratio of ``lost_ratio``
    (risk 100) and its lifecycle stage becomes ``lost``. ``None`` when it
    never bought (``last_purchase`` is ``None``).
    """
    if last_purchase is None:
        return None
    settings = settings or DEFAULT_CHURN_SETTINGS
    days = max(math.ceil(settings.lost_ratio * gap), 0)
    # the same float comparison as churn_risk and lifecycle_stage, whatever the rounding
    while days > 0 and (days - 1) / gap >= settings.lost_ratio:
        days -= 1
    while days / gap < settings.lost_ratio:
        days += 1
    return last_purchase + timedelta(days=days)
