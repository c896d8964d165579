from odoo import fields, models
from odoo.exceptions import UserError


class CrmCustomerCreditRelease(models.TransientModel):
    """Release or reject credit holds, saying why (credit controllers)."""

    _name = "crm.customer.credit.release"
    _description = "Release Credit Hold"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    decision = fields.Selection(
        [("release", "Release and confirm"), ("reject", "Reject")],
        required=True,
        default="release",
    )
    reason = fields.Text(required=True)
    hold_reasons = fields.Text(string="Held Because", compute="_compute_hold_reasons")

    def _compute_hold_reasons(self):
        for wizard in self:
            wizard.hold_reasons = "\n".join(
                f"{order.name}: {order.credit_hold_reason or ''}" for order in wizard.order_ids
            )

    def action_apply(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the hold is released or rejected."))
        if self.decision == "release":
            self.order_ids._crm_credit_release(self.reason.strip())
        else:
            self.order_ids._crm_credit_reject(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
