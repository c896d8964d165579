from odoo import fields, models


class CrmCustomerVisitCheckInOverride(models.TransientModel):
    """A team leader checks a visit in although the position policy refuses it."""

    _name = "crm.customer.visit.check.in.override"
    _description = "Override Visit Check-in"

    visit_id = fields.Many2one("crm.customer.visit", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Check the visit in now with the reason; refused to anyone but team leaders."""
        self.ensure_one()
        self.visit_id._crm_override_check_in(self.reason)
        return {"type": "ir.actions.act_window_close"}
