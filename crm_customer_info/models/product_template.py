from odoo import api, fields, models

from .integrity import MAX_WARRANTY_MONTHS, check_range


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

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        check_range(self, "warranty_months", 0, MAX_WARRANTY_MONTHS)
