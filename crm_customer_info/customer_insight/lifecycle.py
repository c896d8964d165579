"""Lifecycle stage: where a customer is in its relationship with the company.

- ``prospect``: never bought;
- ``lost``: silent for ``lost_ratio`` typical gaps or more (churn risk 100);
- ``at_risk``: churn risk in the high band;
- ``new``: first purchase within the last ``new_days`` days;
- ``reactivated``: bought again within the last ``new_days`` days after a
  silence of ``lost_ratio`` times its earlier typical gap or more;
- ``active``: everybody else.
"""

from .churn import DEFAULT_CHURN_SETTINGS, typical_gap

LIFECYCLE_STAGES = ("prospect", "new", "active", "reactivated", "at_risk", "lost")


def lifecycle_stage(days_since_first, churn, day_gaps, new_days=90, settings=None):
    """Stage of one customer.

    ``days_since_first``: days since the first purchase (``None`` if never
    bought); ``churn``: its ``ChurnRisk``; ``day_gaps``: days between its
    consecutive purchase days, oldest first; ``new_days``: days a customer
    stays new (and reactivated). Returns one of ``LIFECYCLE_STAGES``.
    """
    settings = settings or DEFAULT_CHURN_SETTINGS
    if days_since_first is None or churn.days_since is None:
        return "prospect"
    if churn.ratio >= settings.lost_ratio:
        return "lost"
    if churn.band == "high":
        return "at_risk"
    if days_since_first <= new_days:
        return "new"
    if day_gaps and churn.days_since <= new_days:
        earlier_gap = typical_gap(day_gaps[:-1], settings)
        if day_gaps[-1] >= settings.lost_ratio * earlier_gap:
            return "reactivated"
    return "active"
