from odoo import fields, models


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "crm.customer.trace.mixin"]
    _crm_trace_field = "product_tmpl_id"

    warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Months of warranty from the delivery to the customer; 0 means no warranty.",
    )
    _sql_constraints = [
        (
            "warranty_months_positive",
            "CHECK(warranty_months >= 0)",
            "The warranty period cannot be negative.",
        ),
    ]
