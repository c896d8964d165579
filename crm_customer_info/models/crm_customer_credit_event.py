from odoo import api, fields, models

CREDIT_ACTIONS = [
    ("hold", "Put on Hold"),
    ("release", "Released"),
    ("reject", "Rejected"),
]


class CrmCustomerCreditEvent(models.Model):
    """Credit hold history: each hold placed, released or rejected, never edited.

    Written only by the credit check and the release wizard (as superuser after
    their own checks); read like the customer's classification.
    """

    _name = "crm.customer.credit.event"
    _description = "Credit Hold History"
    _order = "date desc, id desc"
    _rec_name = "order_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    controller_id = fields.Many2one(
        "res.users",
        string="By",
        readonly=True,
        help="Who confirmed the order (hold) or decided on it (release, reject).",
    )
    action = fields.Selection(CREDIT_ACTIONS, required=True, readonly=True)
    reason = fields.Text(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Order Amount", readonly=True, help="Order total in company currency."
    )
    exposure = fields.Monetary(readonly=True, help="The customer's exposure with the order.")
    credit_limit = fields.Monetary(readonly=True)
    hold_count = fields.Integer(
        string="Holds", compute="_compute_counts", store=True, aggregator="sum"
    )
    release_count = fields.Integer(
        string="Releases", compute="_compute_counts", store=True, aggregator="sum"
    )
    reject_count = fields.Integer(
        string="Rejections", compute="_compute_counts", store=True, aggregator="sum"
    )

    @api.depends("action")
    def _compute_counts(self):
        for event in self:
            event.hold_count = event.action == "hold"
            event.release_count = event.action == "release"
            event.reject_count = event.action == "reject"
