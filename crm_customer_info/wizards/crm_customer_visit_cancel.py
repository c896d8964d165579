from odoo import fields, models


class CrmCustomerVisitCancel(models.TransientModel):
    """Cancel planned visits, saying why."""

    _name = "crm.customer.visit.cancel"
    _description = "Cancel Visits"

    visit_ids = fields.Many2many("crm.customer.visit", string="Visits", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Cancel the visits; one the user may not see or change is refused, not skipped."""
        self.ensure_one()
        # Reading visit_ids leaves out the visits hidden from the user: take them all.
        visits = self.sudo().visit_ids.with_env(self.env)
        visits.check_access("write")
        visits._crm_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
