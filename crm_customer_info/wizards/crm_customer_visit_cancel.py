from odoo import fields, models


class CrmCustomerVisitCancel(models.TransientModel):
    """Cancel planned visits, saying why."""

    _name = "crm.customer.visit.cancel"
    _description = "Cancel Visits"

    visit_ids = fields.Many2many("crm.customer.visit", string="Visits", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.visit_ids._crm_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
