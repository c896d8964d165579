from odoo import api, fields, models


class CrmCustomerVisitPurpose(models.Model):
    """Why a salesperson visits a customer: routine, collection, complaint follow-up..."""

    _name = "crm.customer.visit.purpose"
    _inherit = ["crm.customer.shared.mixin"]
    _description = "Visit Purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True, help="What the salesperson prepares or checks.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the purpose between all companies."
    )
    visit_count = fields.Integer(string="Visits", compute="_compute_visit_count")

    @api.depends_context("company")
    def _compute_visit_count(self):
        counts = self.env["crm.customer.visit"]._crm_count_by("purpose_id", self)
        for purpose in self:
            purpose.visit_count = counts.get(purpose, 0)

    def action_open_visits(self):
        self.ensure_one()
        return self.env["crm.customer.visit"]._crm_action(
            [("purpose_id", "=", self.id)], {"default_purpose_id": self.id}
        )
