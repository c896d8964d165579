from odoo import api, fields, models

from .integrity import MAX_AMOUNT, MAX_QUANTITY, check_client_values, check_range


class CrmCustomerLogPart(models.Model):
    """A part used by a service entry: product, quantity and what it cost."""

    _name = "crm.customer.log.part"
    _description = "Customer Log Part Used"
    _order = "log_id, sequence, id"
    _check_company_auto = True

    log_id = fields.Many2one(
        "crm.customer.log", string="Log Entry", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="log_id.currency_id")
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost",
        store=True,
        readonly=False,
        help="Defaults to the product's cost.",
    )
    cost = fields.Monetary(compute="_compute_cost", store=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity of a part must be positive."),
    ]

    @api.constrains("quantity", "unit_cost")
    def _check_amounts(self):
        check_range(self, "quantity", 0, MAX_QUANTITY, strict_low=True)
        check_range(self, "unit_cost", 0, MAX_AMOUNT)

    @api.depends("product_id")
    def _compute_unit_cost(self):
        for part in self:
            part.unit_cost = part.product_id.standard_price

    @api.depends("quantity", "unit_cost")
    def _compute_cost(self):
        for part in self:
            part.cost = part.quantity * part.unit_cost

    @api.model_create_multi
    def create(self, vals_list):
        self = check_client_values(self, vals_list, {"cost": None})  # noqa: PLW0642
        logs = self.env["crm.customer.log"].browse(
            {vals["log_id"] for vals in vals_list if vals.get("log_id")}
        )
        logs._crm_check_editable()
        return super().create(vals_list)

    def write(self, vals):
        check_client_values(self, vals, {"cost": None})
        self.log_id._crm_check_editable()
        if vals.get("log_id"):
            self.env["crm.customer.log"].browse(vals["log_id"])._crm_check_editable()
        return super().write(vals)

    def unlink(self):
        self.log_id._crm_check_editable()
        return super().unlink()
