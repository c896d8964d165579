from odoo import fields, models


class ResPartner(models.Model):
    """The customer's recurring visit plans: a smart button."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    visit_plan_count = fields.Integer(string="Visit Plans", compute="_compute_visit_plan_count")

    def _compute_visit_plan_count(self):
        counts = dict(
            self.env["crm.customer.visit.plan"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.visit_plan_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_visit_plans(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_visit_plan_action"
        )
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action
