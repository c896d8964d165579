"""Credit exposure on the customer file, per company, computed in sets.

The figures follow the customer's classification visibility: salespeople see
their own customers', team leaders their teams', managers, finance and credit
controllers everyone's. Elsewhere the fields are empty, and a client outside the
reader groups is refused the fields themselves.
"""

import operator

from odoo import api, fields, models
from odoo.osv import expression

from .crm_customer_credit_exposure import CreditExposureEngine, Exposure

# Who may read credit exposure fields at all; row visibility is narrowed below.
CREDIT_READERS = (
    "crm_customer_info.group_crm_customer_user,"
    "account.group_account_invoice,account.group_account_readonly,"
    "crm_customer_info.group_crm_credit_controller"
)
# Who reads every customer's exposure.
ALL_EXPOSURE_READERS = (
    "crm_customer_info.group_crm_customer_manager",
    "account.group_account_invoice",
    "account.group_account_readonly",
    "crm_customer_info.group_crm_credit_controller",
)
TEAM_LEADER_GROUP = "crm_customer_info.group_crm_customer_team_leader"
USER_GROUP = "crm_customer_info.group_crm_customer_user"
OPERATORS = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
# Partner field -> how it is read from an ``Exposure``.
EXPOSURE_VALUES = {
    "exposure_receivable": lambda e: e.receivable,
    "exposure_not_due": lambda e: e.not_due,
    "exposure_overdue": lambda e: e.overdue,
    "exposure_overdue_1_30": lambda e: e.overdue_1_30,
    "exposure_overdue_31_60": lambda e: e.overdue_31_60,
    "exposure_overdue_61_90": lambda e: e.overdue_61_90,
    "exposure_overdue_over_90": lambda e: e.overdue_over_90,
    "exposure_overdue_count": lambda e: len(e.overdue_days),
    "exposure_overdue_days": lambda e: max(e.overdue_days, default=0),
    "exposure_draft_invoices": lambda e: e.draft_invoices,
    "exposure_to_invoice": lambda e: e.to_invoice,
    "exposure_total": lambda e: e.total,
    "exposure_limit": lambda e: e.limit,
    "exposure_limit_usage": lambda e: e.limit_usage,
    "exposure_over_limit": lambda e: e.limit > 0 and e.total > e.limit,
    "credit_hold_count": lambda e: e.hold_count,
}


def _amount(string, help_text):
    return fields.Monetary(
        string=string,
        currency_field="exposure_currency_id",
        compute="_compute_exposure",
        groups=CREDIT_READERS,
        help=help_text,
    )


def _searchable(field_type, fname, string, help_text):
    return field_type(
        string=string,
        compute="_compute_exposure",
        search=lambda partners, operator_, value: partners._crm_exposure_search(
            fname, operator_, value
        ),
        groups=CREDIT_READERS,
        help=help_text,
    )


class ResPartner(models.Model):
    # The credit feature lives in its own files, apart from the main inheritance.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    exposure_currency_id = fields.Many2one("res.currency", compute="_compute_exposure_currency")
    exposure_receivable = _amount(
        "Open Receivables", "Posted customer invoices and refunds not yet paid, net of payments."
    )
    exposure_not_due = _amount("Not Due", "Open receivables not yet past their due date.")
    exposure_overdue = _amount("Overdue", "Open receivables past their due date.")
    exposure_overdue_1_30 = _amount("1-30 Days", "Open receivables 1 to 30 days past due.")
    exposure_overdue_31_60 = _amount("31-60 Days", "Open receivables 31 to 60 days past due.")
    exposure_overdue_61_90 = _amount("61-90 Days", "Open receivables 61 to 90 days past due.")
    exposure_overdue_over_90 = _amount("Older", "Open receivables more than 90 days past due.")
    exposure_draft_invoices = _amount("Draft Invoices", "Customer invoices not yet posted.")
    exposure_to_invoice = _amount(
        "Orders to Invoice",
        "Confirmed sale orders not yet invoiced: ordered quantities not on an invoice, with taxes.",
    )
    exposure_total = _amount(
        "Total Exposure", "Open receivables + draft invoices + confirmed orders to invoice."
    )
    exposure_limit = _amount(
        "Customer Credit Limit", "The customer's credit limit in this company."
    )
    exposure_limit_usage = fields.Float(
        string="Credit Limit Use (%)",
        compute="_compute_exposure",
        groups=CREDIT_READERS,
        help="Total exposure as a percentage of the credit limit.",
    )
    exposure_over_limit = _searchable(
        fields.Boolean,
        "exposure_over_limit",
        "Over Credit Limit",
        "The total exposure exceeds the credit limit.",
    )
    exposure_overdue_count = _searchable(
        fields.Integer,
        "exposure_overdue_count",
        "Overdue Invoices",
        "Open invoices past their due date.",
    )
    exposure_overdue_days = _searchable(
        fields.Integer,
        "exposure_overdue_days",
        "Days Overdue",
        "Days past due of the oldest overdue invoice.",
    )
    credit_hold_count = _searchable(
        fields.Integer,
        "credit_hold_count",
        "Orders on Credit Hold",
        "Sale orders of this customer on credit hold.",
    )

    @api.depends_context("company")
    def _compute_exposure_currency(self):
        self.exposure_currency_id = self.env.company.currency_id

    # ------------------------------------------------------------------
    # Who sees whose exposure
    # ------------------------------------------------------------------

    @api.model
    def _crm_exposure_domain(self):
        """Domain of the commercial partners whose exposure the user may see."""
        user = self.env.user
        if self.env.is_superuser() or any(user.has_group(group) for group in ALL_EXPOSURE_READERS):
            return []
        if user.has_group(TEAM_LEADER_GROUP):
            return [
                "|",
                "|",
                ("user_id", "=", user.id),
                ("team_id.user_id", "=", user.id),
                ("team_id", "in", user.crm_team_ids.ids),
            ]
        if user.has_group(USER_GROUP):
            return [("user_id", "=", user.id)]
        return expression.FALSE_DOMAIN

    def _crm_exposure_readable(self):
        """The commercial partners of ``self`` whose exposure the user may see."""
        domain = self._crm_exposure_domain()
        partners = self.commercial_partner_id
        if not domain:
            return partners
        return partners.browse(partners.sudo().filtered_domain(domain).ids)

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def _crm_exposure_engine(self, company=None):
        company = company or self.env.company
        return CreditExposureEngine(self.env, company, fields.Date.context_today(self))

    @api.depends_context("uid", "company")
    def _compute_exposure(self):
        """One exposure query for the whole batch, on the customers the user may see."""
        readable = self.filtered("id")._crm_exposure_readable()
        figures = self._crm_exposure_engine().exposures(readable.ids) if readable else {}
        for partner in self:
            exposure = figures.get(partner.commercial_partner_id.id)
            for fname, value in EXPOSURE_VALUES.items():
                partner[fname] = value(exposure) if exposure else False

    def _crm_exposure_search(self, fname, operator_, value):
        """Search an exposure figure: computed for every customer with any exposure."""
        self.check_field_access_rights("read", [fname])
        compare = OPERATORS.get(operator_)
        if compare is None:
            raise NotImplementedError(f"Operator {operator_} not supported on {fname}")
        if self._fields[fname].type == "boolean":
            value = bool(value)
        read = EXPOSURE_VALUES[fname]
        figures = self._crm_exposure_engine().exposures(None)
        empty = read(Exposure())
        matching = [pid for pid, exposure in figures.items() if compare(read(exposure), value)]
        if compare(empty, value):
            others = [pid for pid in figures if pid not in set(matching)]
            domain = [("commercial_partner_id", "not in", others)]
        else:
            domain = [("commercial_partner_id", "in", matching)]
        restriction = self._crm_exposure_domain()
        if restriction:
            readable = self.sudo()._search(restriction)
            domain = expression.AND([domain, [("commercial_partner_id", "in", readable)]])
        return domain

    def action_open_overdue_invoices(self):
        """The customer's posted invoices past their due date and not fully paid."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("company_id", "=", self.env.company.id),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", fields.Date.context_today(self)),
        ]
        action["context"] = {"create": False}
        action["name"] = self.env._("Overdue Invoices")
        return action

    def action_open_credit_holds(self):
        """The customer's orders on credit hold."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [
            ("credit_hold", "=", True),
            ("partner_id", "child_of", self.commercial_partner_id.id),
        ]
        action["context"] = {"create": False}
        action["name"] = self.env._("Orders on Credit Hold")
        return action

    def _crm_exposure_shown(self):
        """True when the user may read exposure fields (reports hide the block otherwise)."""
        return self.env.user.has_groups(CREDIT_READERS)
