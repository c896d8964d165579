from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_visit_calendar = fields.Boolean(related="company_id.crm_visit_calendar", readonly=False)
    crm_visit_planning = fields.Selection(related="company_id.crm_visit_planning", readonly=False)
    crm_visit_grace_hours = fields.Integer(
        related="company_id.crm_visit_grace_hours", readonly=False
    )
    crm_visit_reminder_hours = fields.Integer(
        related="company_id.crm_visit_reminder_hours", readonly=False
    )

    def action_open_customer_number_sequence(self):
        """Open the company's customer number sequence (prefix, padding, next number)."""
        sequence = self.env.company._crm_customer_number_sequence()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ir.sequence",
            "res_id": sequence.id,
            "view_mode": "form",
            "target": "current",
        }
