from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..customer_insight.credit_policy import CreditPolicy
from .crm_customer_classification import GRADES

CREDIT_POLICY_FIELDS = (
    "crm_credit_hold_limit",
    "crm_credit_hold_rating",
    "crm_credit_hold_overdue",
    "crm_credit_hold_overdue_days",
    "crm_credit_tolerance_amount",
    "crm_credit_tolerance_percent",
    "crm_credit_exempt_term_ids",
    "crm_credit_exempt_prepaid",
)


class ResCompany(models.Model):
    # The credit feature lives in its own files, apart from the main inheritance.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # Credit policy: when confirming an order puts it on credit hold instead.
    crm_credit_hold_limit = fields.Boolean(
        string="Hold Over Credit Limit",
        help="Hold an order when the customer's exposure after it would exceed the "
        "customer's credit limit plus the tolerance. Customers without a limit are not held.",
    )
    crm_credit_hold_rating = fields.Selection(
        GRADES,
        string="Hold at Credit Rating",
        help="Hold the orders of customers whose credit rating is this grade or worse "
        "(A is the best). Empty: the rating does not hold orders.",
    )
    crm_credit_hold_overdue = fields.Boolean(
        string="Hold on Overdue Invoices",
        help="Hold the orders of customers with invoices overdue more than the days below.",
    )
    crm_credit_hold_overdue_days = fields.Integer(
        string="Overdue More Than (days)",
        default=30,
        help="0 holds as soon as an invoice is past its due date.",
    )
    crm_credit_tolerance_amount = fields.Monetary(
        string="Tolerance Amount",
        currency_field="currency_id",
        help="Exposure allowed above the credit limit (the larger of this and the percentage).",
    )
    crm_credit_tolerance_percent = fields.Float(
        string="Tolerance (%)",
        help="Exposure allowed above the credit limit, in percent of the limit (0-100).",
    )
    crm_credit_exempt_term_ids = fields.Many2many(
        "account.payment.term",
        "crm_credit_exempt_payment_term_rel",
        "company_id",
        "payment_term_id",
        string="Exempt Payment Terms",
        help="Orders with these payment terms (for example prepayment) are never held.",
    )
    crm_credit_exempt_prepaid = fields.Boolean(
        string="Exempt Paid Orders",
        help="Orders paid in full online before their confirmation are never held.",
    )
    crm_credit_controller_id = fields.Many2one(
        "res.users",
        string="Credit Hold Activities For",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("crm_customer_info.group_crm_credit_controller").ids)
        ],
        help="The credit controller who gets an activity for each order put on hold. "
        "Empty: the first credit controller of the company.",
    )

    @api.constrains(
        "crm_credit_hold_overdue_days",
        "crm_credit_tolerance_amount",
        "crm_credit_tolerance_percent",
    )
    def _check_crm_credit_policy(self):
        for company in self:
            if company.crm_credit_hold_overdue_days < 0:
                raise ValidationError(
                    self.env._("The overdue days of the credit policy cannot be negative.")
                )
            if company.crm_credit_tolerance_amount < 0:
                raise ValidationError(self.env._("The credit tolerance amount cannot be negative."))
            if not 0 <= company.crm_credit_tolerance_percent <= 100:
                raise ValidationError(
                    self.env._("The credit tolerance percentage must be between 0 and 100.")
                )

    def _crm_credit_policy(self):
        """The company's credit policy as the library's ``CreditPolicy``."""
        self.ensure_one()
        return CreditPolicy(
            check_limit=self.crm_credit_hold_limit,
            max_rating=self.crm_credit_hold_rating or None,
            overdue_days=self.crm_credit_hold_overdue_days
            if self.crm_credit_hold_overdue
            else None,
            tolerance_amount=self.crm_credit_tolerance_amount,
            tolerance_percent=self.crm_credit_tolerance_percent,
            exempt_payment_terms=frozenset(self.crm_credit_exempt_term_ids.ids),
            exempt_prepaid=self.crm_credit_exempt_prepaid,
        )

    def _crm_credit_controller(self):
        """The user who gets the credit hold activities of this company (may be empty)."""
        self.ensure_one()
        if self.crm_credit_controller_id.active:
            return self.crm_credit_controller_id
        group = self.env.ref("crm_customer_info.group_crm_credit_controller")
        users = group.sudo().users.filtered(
            lambda user: self in user.company_ids and not user.share and user.active
        )
        return users.sorted("id")[:1]
