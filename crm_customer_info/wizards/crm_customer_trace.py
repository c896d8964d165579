from odoo import fields, models


class CrmCustomerTrace(models.TransientModel):
    """Product trace: pick a product and, optionally, lots; list the customers holding them."""

    _name = "crm.customer.trace"
    _description = "Product Trace"

    product_id = fields.Many2one("product.product", required=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Lots/Serial Numbers",
        domain="[('product_id', '=', product_id)]",
        help="Leave empty to trace every lot of the product.",
    )

    def action_find_customers(self):
        self.ensure_one()
        domain = [("product_id", "=", self.product_id.id)]
        what = self.product_id.display_name
        if self.lot_ids:
            domain.append(("lot_id", "in", self.lot_ids.ids))
            what = self.env._(
                "%(product)s (%(lots)s)",
                product=what,
                lots=", ".join(self.lot_ids.mapped("name")),
            )
        return self.env["crm.customer.product.trace"]._crm_action(domain, what)
