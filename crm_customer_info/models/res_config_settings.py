from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
