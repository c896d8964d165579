"""Credit policy: which rules an order breaks, given the customer's exposure.

A company's policy holds an order (puts it *on credit hold* instead of
confirming it) when at least one enabled rule trips:

- **limit**: the exposure after the order exceeds the customer's credit limit
  plus a tolerance (the larger of a fixed amount and a percentage of the
  limit); a limit of 0 means no limit, as in Odoo;
- **rating**: the customer's credit rating is at or below a grade
  (``"C"`` holds C and D; A is the best grade); unrated customers pass;
- **overdue**: the customer has invoices overdue more than N days
  (N = 0: any overdue invoice).

Orders paid with an exempt payment term, and prepaid orders when the policy
exempts them, are never held. The result is a tuple of ``Breach`` values
(which rule, with the figures behind it) that the caller words in the user's
language; an empty tuple means the order may be confirmed.

Amounts are in one currency (the company's); days are calendar days.
"""

from dataclasses import dataclass, field

GRADES = ("A", "B", "C", "D")
RULES = ("limit", "rating", "overdue")


@dataclass(frozen=True, slots=True)
class CreditPolicy:
    """A company's credit policy; every rule is off by default.

    ``check_limit``: hold above the credit limit. ``max_rating``: hold at this
    grade or worse (``None``: off). ``overdue_days``: hold when an invoice is
    overdue more than this many days (``None``: off). ``tolerance_amount``
    (currency) and ``tolerance_percent`` (0–100, of the limit): the larger is
    allowed above the limit. ``exempt_payment_terms``: ids of payment terms
    whose orders are never held; ``exempt_prepaid``: orders paid in full
    before confirmation are never held.
    """

    check_limit: bool = False
    max_rating: str | None = None
    overdue_days: int | None = None
    tolerance_amount: float = 0.0
    tolerance_percent: float = 0.0
    exempt_payment_terms: frozenset = field(default_factory=frozenset)
    exempt_prepaid: bool = False

    def __post_init__(self):
        if self.max_rating is not None and self.max_rating not in GRADES:
            raise ValueError(f"max_rating must be one of {GRADES} or None")
        if self.overdue_days is not None and self.overdue_days < 0:
            raise ValueError("overdue_days cannot be negative")
        if self.tolerance_amount < 0:
            raise ValueError("tolerance_amount cannot be negative")
        if not 0 <= self.tolerance_percent <= 100:
            raise ValueError("tolerance_percent must be between 0 and 100")

    @property
    def active(self):
        """True when at least one rule is enabled."""
        return self.check_limit or self.max_rating is not None or self.overdue_days is not None


@dataclass(frozen=True, slots=True)
class CreditFacts:
    """One customer at the time of an order, amounts in company currency.

    ``exposure``: open receivables + draft invoices + confirmed orders not yet
    invoiced, before this order. ``limit``: credit limit (0: none).
    ``rating``: credit grade A–D or ``None`` when unrated.
    ``overdue_days``: days past due of each open overdue invoice (any order).
    """

    exposure: float = 0.0
    limit: float = 0.0
    rating: str | None = None
    overdue_days: tuple = ()


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """The order to confirm: ``amount`` in company currency (taxes included),
    its payment term id (or ``None``), and whether it is paid in full."""

    amount: float = 0.0
    payment_term: int | None = None
    prepaid: bool = False


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule the order breaks, with the figures to explain it.

    - ``limit``: ``exposure`` (after the order, currency), ``limit``, ``allowed``
      (limit + tolerance);
    - ``rating``: ``rating`` and ``max_rating``;
    - ``overdue``: ``count`` invoices overdue more than ``days``, the oldest
      ``oldest`` days.
    """

    rule: str
    values: tuple = ()

    def get(self, key, default=None):
        """The value named ``key``."""
        return dict(self.values).get(key, default)


def tolerance(policy, limit):
    """Amount allowed above ``limit``: the larger of the fixed and the percentage tolerance."""
    return max(policy.tolerance_amount, limit * policy.tolerance_percent / 100.0)


def is_exempt(policy, order):
    """True when the order is never held: exempt payment term, or prepaid when exempted."""
    if order.payment_term is not None and order.payment_term in policy.exempt_payment_terms:
        return True
    return bool(policy.exempt_prepaid and order.prepaid)


def evaluate(policy, customer, order):
    """The rules ``order`` breaks for ``customer`` under ``policy``, in the order of ``RULES``.

    Returns a tuple of ``Breach``; empty when the order may be confirmed.
    """
    if not policy.active or is_exempt(policy, order):
        return ()
    breaches = []
    if policy.check_limit and customer.limit > 0:
        after = customer.exposure + order.amount
        allowed = customer.limit + tolerance(policy, customer.limit)
        if after > allowed:
            breaches.append(
                Breach(
                    "limit",
                    (("exposure", after), ("limit", customer.limit), ("allowed", allowed)),
                )
            )
    if (
        policy.max_rating is not None
        and customer.rating in GRADES
        and GRADES.index(customer.rating) >= GRADES.index(policy.max_rating)
    ):
        breaches.append(
            Breach("rating", (("rating", customer.rating), ("max_rating", policy.max_rating)))
        )
    if policy.overdue_days is not None:
        late = [days for days in customer.overdue_days if days > policy.overdue_days]
        if late:
            breaches.append(
                Breach(
                    "overdue",
                    (("count", len(late)), ("days", policy.overdue_days), ("oldest", max(late))),
                )
            )
    return tuple(breaches)


def evaluate_orders(policy, customers, orders):
    """Evaluate orders of several customers confirmed together, in the given order.

    ``customers``: ``{customer key: CreditFacts}``; ``orders``: iterable of
    ``(order key, customer key, OrderFacts)``. Orders that pass add their
    amount to their customer's exposure, so the next order of the same
    customer sees it; held orders do not. Returns ``{order key: breaches}``
    for the held orders only.
    """
    exposure = {key: facts.exposure for key, facts in customers.items()}
    held = {}
    for order_key, customer_key, order in orders:
        facts = customers.get(customer_key, CreditFacts())
        current = CreditFacts(
            exposure=exposure.get(customer_key, facts.exposure),
            limit=facts.limit,
            rating=facts.rating,
            overdue_days=facts.overdue_days,
        )
        breaches = evaluate(policy, current, order)
        if breaches:
            held[order_key] = breaches
        else:
            exposure[customer_key] = current.exposure + order.amount
    return held


def age_band(days_overdue):
    """Aged-receivable band of an amount ``days_overdue`` days past due (0 or less: not due).

    Returns ``"not_due"``, ``"1_30"``, ``"31_60"``, ``"61_90"`` or ``"over_90"``,
    the columns of an aged receivable report on the same day.
    """
    if days_overdue <= 0:
        return "not_due"
    if days_overdue <= 30:
        return "1_30"
    if days_overdue <= 60:
        return "31_60"
    if days_overdue <= 90:
        return "61_90"
    return "over_90"
