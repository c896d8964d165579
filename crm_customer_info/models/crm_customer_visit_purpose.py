from odoo import api, fields, models


class CrmCustomerVisitPurpose(models.Model):
    """Why a salesperson visits a customer: routine, collection, complaint follow-up..."""

    _name = "crm.customer.visit.purpose"
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
        counts = dict(
            self.env["crm.customer.visit"]._read_group(
                [("purpose_id", "in", self.ids)], ["purpose_id"], ["__count"]
            )
        )
        for purpose in self:
            purpose.visit_count = counts.get(purpose, 0)

    def action_open_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_visit_action"
        )
        action["domain"] = [("purpose_id", "=", self.id)]
        action["context"] = {"default_purpose_id": self.id}
        return action
