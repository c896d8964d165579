from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_performance_tz = fields.Selection(
        related="company_id.partner_id.tz",
        readonly=False,
        string="Reporting Time Zone",
        help="Orders count in the month of their date in this time zone (UTC when empty). "
        "It is the time zone of the company's address.",
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
