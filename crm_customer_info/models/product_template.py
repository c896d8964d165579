from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Months of warranty from the delivery to the customer; 0 means no warranty.",
    )
    customer_trace_count = fields.Integer(
        string="Customers Holding It",
        compute="_compute_customer_trace_count",
        groups="crm_customer_info.group_crm_customer_user",
    )

    _sql_constraints = [
        (
            "warranty_months_positive",
            "CHECK(warranty_months >= 0)",
            "The warranty period cannot be negative.",
        ),
    ]

    def _compute_customer_trace_count(self):
        counts = dict(
            self.env["crm.customer.product.trace"]._read_group(
                [("product_tmpl_id", "in", self.ids)],
                ["product_tmpl_id"],
                ["partner_id:count_distinct"],
            )
        )
        for template in self:
            template.customer_trace_count = counts.get(template, 0)

    def action_open_customer_trace(self):
        """The customers who received this product, net of returns."""
        self.ensure_one()
        return self.env["crm.customer.product.trace"]._crm_action(
            [("product_tmpl_id", "=", self.id)], self.display_name
        )
