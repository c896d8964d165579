from odoo import models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        """Deliveries of orders on credit hold wait for a credit controller's release.

        The orders' credit is checked again first: an order that breaks the policy
        now is put on hold (kept, not rolled back) and its delivery is not validated.
        The check reads the orders as superuser: warehouse staff validate deliveries of
        orders they may not read (sales access is not a condition of shipping).
        """
        deliveries = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "done"
        )
        orders = deliveries.sudo().sale_id
        if orders:
            blocked, newly = orders._crm_credit_check_delivery()
            if blocked:
                message = "\n".join(
                    self.env._(
                        "%(order)s is on credit hold: %(reasons)s",
                        order=order.name,
                        reasons=order.sudo().credit_hold_reason
                        or self.env._("a credit controller rejected it"),
                    )
                    for order in blocked
                )
                message = self.env._(
                    "The delivery cannot be validated until a credit controller releases "
                    "the order.\n%(details)s",
                    details=message,
                )
                if not newly:
                    raise UserError(message)
                return {
                    "type": "ir.actions.client",
                    "tag": "display_notification",
                    "params": {
                        "title": self.env._("Credit Hold"),
                        "message": message,
                        "type": "warning",
                        "sticky": True,
                        "next": {"type": "ir.actions.act_window_close"},
                    },
                }
        return super().button_validate()
