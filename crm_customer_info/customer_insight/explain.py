"""Word the reasons of a classification for people.

Every reason code has an English template with ``%(name)s`` placeholders.
Templates are marked with ``_lt`` so that Odoo's translation export collects
them; a front end passes its own ``translate`` callback (and number and money
formatters) to ``format_reason`` to show them in the reader's language.
"""

from .classify import Reason


def _lt(text):
    """Mark ``text`` for translation export; returns it unchanged."""
    return text


TEMPLATES = {
    "level_manual": _lt("Levels are set by hand in this company."),
    "level_no_revenue": _lt("D: no revenue in the last %(window)s days."),
    "level_no_purchase": _lt("D: no purchase yet."),
    "level_missing": _lt("There is no customer level with code %(code)s: the level is kept."),
    "level_pareto": _lt(
        "%(level)s: revenue rank %(rank)s of %(count)s, cumulative revenue share "
        "%(before)s–%(cumulative)s %%, starting within the first %(limit)s %%."
    ),
    "level_pareto_rest": _lt(
        "%(level)s: revenue rank %(rank)s of %(count)s, cumulative revenue share "
        "%(before)s–%(cumulative)s %%, beyond the first %(limit)s %%."
    ),
    "level_rfm": _lt(
        "%(level)s: RFM score %(score)s of 15 (R %(r)s, F %(f)s, M %(m)s), "
        "at least %(minimum)s for %(level)s."
    ),
    "level_rfm_below": _lt(
        "%(level)s: RFM score %(score)s of 15 (R %(r)s, F %(f)s, M %(m)s), below %(minimum)s for C."
    ),
    "activity_invoiced": _lt(
        "In the last %(window)s days: %(amount)s invoiced net of refunds, %(count)s invoice(s)."
    ),
    "activity_ordered": _lt(
        "In the last %(window)s days: %(amount)s ordered, %(count)s confirmed order(s)."
    ),
    "credit_unrated": _lt("Credit: not rated, nothing invoiced yet."),
    "credit_good": _lt(
        "Credit %(rating)s: pays %(days_late)s days late on average, within every A limit."
    ),
    "credit_days_late": _lt(
        "Credit %(rating)s: pays %(value)s days late on average, more than %(limit)s days."
    ),
    "credit_overdue_share": _lt(
        "Credit %(rating)s: %(value)s %% of the open amount is overdue, more than %(limit)s %%."
    ),
    "credit_oldest_overdue_days": _lt(
        "Credit %(rating)s: oldest overdue amount is %(value)s days old, more than %(limit)s days."
    ),
    "credit_refund_ratio": _lt(
        "Credit %(rating)s: refunds are %(value)s %% of the invoiced amount, "
        "more than %(limit)s %%."
    ),
    "credit_limit_usage": _lt(
        "Credit %(rating)s: uses %(value)s %% of its credit limit, more than %(limit)s %%."
    ),
    "churn": _lt(
        "Churn risk %(risk)s (%(band)s): %(days)s days since the last purchase, "
        "usually every %(gap)s days."
    ),
    "churn_single": _lt(
        "Churn risk %(risk)s (%(band)s): %(days)s days since the only purchase day; "
        "a one-time buyer is expected back within %(gap)s days."
    ),
    "lifecycle_prospect": _lt("Lifecycle: prospect, no purchase yet."),
    "lifecycle_new": _lt("Lifecycle: new, first purchase %(first)s days ago."),
    "lifecycle_active": _lt("Lifecycle: active."),
    "lifecycle_reactivated": _lt(
        "Lifecycle: reactivated, bought again %(days)s days ago after %(silence)s days of silence."
    ),
    "lifecycle_at_risk": _lt("Lifecycle: at risk."),
    "lifecycle_lost": _lt("Lifecycle: lost, silent for %(days)s days."),
}

BAND_LABELS = {"low": _lt("low"), "medium": _lt("medium"), "high": _lt("high")}

# How each value is shown: ``money`` (currency amount), a number of decimals, or a label.
_ONE_DECIMAL = {"value": 1, "limit": 0}
VALUE_FORMATS = {
    "level_pareto": {"before": 1, "cumulative": 1, "limit": 0},
    "level_pareto_rest": {"before": 1, "cumulative": 1, "limit": 0},
    "activity_invoiced": {"amount": "money"},
    "activity_ordered": {"amount": "money"},
    "credit_good": {"days_late": 1},
    "credit_days_late": _ONE_DECIMAL,
    "credit_overdue_share": _ONE_DECIMAL,
    "credit_oldest_overdue_days": {"value": 0, "limit": 0},
    "credit_refund_ratio": _ONE_DECIMAL,
    "credit_limit_usage": _ONE_DECIMAL,
    "churn": {"gap": 0, "band": "band"},
    "churn_single": {"gap": 0, "band": "band"},
}


def _number(value, digits):
    return f"{value:,.{digits}f}"


def _money(amount):
    return f"{amount:,.2f}"


def format_reason(reason, translate=None, money=None, number=None):
    """One sentence for a ``Reason``.

    ``translate(text) -> text`` translates templates and labels (default: English);
    ``money(amount) -> text`` formats a company-currency amount;
    ``number(value, digits) -> text`` formats a number with ``digits`` decimals.
    Unknown codes (e.g. stored by a newer version) are shown as code and values.
    """
    translate = translate or (lambda text: text)
    money = money or _money
    number = number or _number
    template = TEMPLATES.get(reason.code)
    if template is None:
        details = ", ".join(f"{key}={value}" for key, value in sorted(reason.values.items()))
        return f"{reason.code}: {details}" if details else reason.code
    formats = VALUE_FORMATS.get(reason.code, {})
    shown = {}
    for key, value in reason.values.items():
        kind = formats.get(key)
        if value is None:
            shown[key] = "–"
        elif kind == "money":
            shown[key] = money(value)
        elif kind == "band":
            shown[key] = translate(BAND_LABELS.get(value, value))
        elif isinstance(kind, int):
            shown[key] = number(value, kind)
        else:
            shown[key] = value
    return translate(template) % shown


def explain(reasons, translate=None, money=None, number=None):
    """All ``reasons`` (``Reason`` or their JSON form), one sentence per line."""
    return "\n".join(
        format_reason(
            reason if isinstance(reason, Reason) else Reason.from_json(reason),
            translate,
            money,
            number,
        )
        for reason in reasons
    )
