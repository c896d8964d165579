from odoo import api, fields, models

SOURCES = [("auto", "Classification"), ("manual", "Manual"), ("unlock", "Unlocked")]


class CrmCustomerLevelHistory(models.Model):
    """One change of a customer's level in a company: who, when, from, to and why."""

    _name = "crm.customer.level.history"
    _description = "Customer Level History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    from_level_id = fields.Many2one("crm.customer.level", ondelete="set null", readonly=True)
    to_level_id = fields.Many2one(
        "crm.customer.level", ondelete="set null", readonly=True, index=True
    )
    source = fields.Selection(
        SOURCES,
        required=True,
        readonly=True,
        help="Classification: applied by a classification run. Manual: set by a person "
        "(a manual override also locks the level). Unlocked: the level follows the "
        "classification again.",
    )
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user, readonly=True
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    locked = fields.Boolean(
        readonly=True, help="The change was a manual override that locks the level."
    )
    reason = fields.Text(readonly=True, help="Reason given by the person who changed the level.")
    reasons = fields.Json(readonly=True)
    explanation = fields.Text(compute="_compute_explanation")

    @api.depends_context("lang")
    @api.depends("reason", "reasons", "source", "locked", "currency_id")
    def _compute_explanation(self):
        classification = self.env["crm.customer.classification"]
        for line in self:
            if line.reasons:
                text = classification._format_reasons(line.reasons, line.currency_id)
            elif line.source == "unlock":
                text = self.env._("Unlocked: %(reason)s", reason=line.reason or "")
            elif line.locked:
                text = self.env._("Locked: %(reason)s", reason=line.reason or "")
            else:
                text = line.reason or self.env._("Changed on the customer record.")
            line.explanation = text
