"""Credit rating from a customer's invoices and payments.

Five criteria are graded A–D against configurable limits and the rating is the
worst grade, so one bad habit is enough to lower it:

- average days paid late, weighted by the amounts paid (days);
- share of the open receivables that is overdue (percent);
- age of the oldest overdue amount (days);
- refunds as a share of the invoiced amount (percent);
- credit-limit usage: receivable balance over the credit limit (percent),
  only when the customer has a limit.

A customer that was never invoiced and owes nothing is not rated (``None``).
"""

from dataclasses import dataclass
from typing import NamedTuple

CREDIT_RATINGS = ("A", "B", "C", "D")
CRITERIA = ("days_late", "overdue_share", "oldest_overdue_days", "refund_ratio", "limit_usage")


class CreditFacts(NamedTuple):
    """What the books say about one customer, amounts in company currency.

    ``invoiced`` / ``refunded``: customer invoices / refunds (positive) in the
    window. ``paid`` / ``paid_late_days``: invoice amounts settled by payments in
    the window and the sum of each settled amount times its days late
    (amount × days). ``open_amount``: unpaid invoice amounts today;
    ``overdue_amount`` the part past its due date (the caller may allow a grace
    period), the oldest of it ``oldest_overdue_days`` days past due.
    ``balance``: net receivable balance (open amounts minus unallocated
    payments); ``credit_limit``: 0 for none.
    """

    invoiced: float = 0.0
    refunded: float = 0.0
    paid: float = 0.0
    paid_late_days: float = 0.0
    open_amount: float = 0.0
    overdue_amount: float = 0.0
    oldest_overdue_days: int = 0
    balance: float = 0.0
    credit_limit: float = 0.0

    @property
    def has_history(self):
        """True when there is anything to rate: invoices, payments or an open amount."""
        return bool(self.invoiced or self.refunded or self.paid or self.open_amount)


@dataclass(frozen=True, slots=True)
class CreditThresholds:
    """Upper limits for grades A, B and C per criterion; above the C limit is D.

    Days for ``days_late`` and ``oldest_overdue_days``, percent for the others.
    """

    days_late: tuple = (5, 15, 30)
    overdue_share: tuple = (10, 25, 50)
    oldest_overdue_days: tuple = (15, 45, 90)
    refund_ratio: tuple = (5, 10, 20)
    limit_usage: tuple = (80, 100, 120)

    def __post_init__(self):
        for criterion, limits in zip(CRITERIA, self.limits(), strict=True):
            if len(limits) != 3 or not 0 <= limits[0] <= limits[1] <= limits[2]:
                raise ValueError(f"{criterion}: limits must be 0 ≤ A ≤ B ≤ C")

    def limits(self):
        """The (A, B, C) limits of every criterion, in the order of ``CRITERIA``."""
        return (
            self.days_late,
            self.overdue_share,
            self.oldest_overdue_days,
            self.refund_ratio,
            self.limit_usage,
        )


class CreditRating(NamedTuple):
    """The rating (``None`` when not rated), its inputs and the criterion that decided it.

    ``decisive`` is the criterion that gave the rating (the first of
    ``CRITERIA`` among equally bad ones), ``limit`` the limit of the better
    grade it exceeded (``None`` for an A rating).
    """

    rating: str | None
    avg_days_late: float
    overdue_share: float
    oldest_overdue_days: int
    refund_ratio: float
    limit_usage: float | None
    decisive: str | None
    limit: float | None


def grade(value, limits):
    """Grade a value against (A, B, C) upper limits: 'A' when ≤ A, ..., 'D' above C."""
    for rating, limit in zip(CREDIT_RATINGS, limits, strict=False):
        if value <= limit:
            return rating
    return CREDIT_RATINGS[-1]


DEFAULT_CREDIT_THRESHOLDS = CreditThresholds()


def credit_rating(facts, thresholds=None):
    """Rate one customer's ``CreditFacts`` against ``CreditThresholds``; see the module doc."""
    thresholds = thresholds or DEFAULT_CREDIT_THRESHOLDS
    avg_days_late = facts.paid_late_days / facts.paid if facts.paid > 0 else 0.0
    overdue = max(facts.overdue_amount, 0.0)
    if facts.open_amount > 0:
        overdue_share = min(100.0, 100.0 * overdue / facts.open_amount)
    else:
        overdue_share = 100.0 if overdue > 0 else 0.0
    if facts.invoiced > 0:
        refund_ratio = 100.0 * max(facts.refunded, 0.0) / facts.invoiced
    else:
        refund_ratio = 100.0 if facts.refunded > 0 else 0.0
    limit_usage = (
        100.0 * max(facts.balance, 0.0) / facts.credit_limit if facts.credit_limit > 0 else None
    )
    oldest = max(facts.oldest_overdue_days, 0) if overdue > 0 else 0
    if not facts.has_history:
        return CreditRating(None, 0.0, 0.0, 0, 0.0, limit_usage, None, None)
    values = (avg_days_late, overdue_share, oldest, refund_ratio, limit_usage)
    worst, decisive, limit = 0, None, None
    for criterion, value, limits in zip(CRITERIA, values, thresholds.limits(), strict=True):
        if value is None or value <= limits[0]:
            continue
        index = 1 if value <= limits[1] else 2 if value <= limits[2] else 3
        if index > worst:
            worst, decisive, limit = index, criterion, limits[index - 1]
    return CreditRating(
        CREDIT_RATINGS[worst],
        avg_days_late,
        overdue_share,
        oldest,
        refund_ratio,
        limit_usage,
        decisive,
        limit,
    )
