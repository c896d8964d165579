from odoo import fields, models


class CrmCustomerTraceMixin(models.AbstractModel):
    """Smart button of what can be traced to customers: products and lots/serial numbers."""

    _name = "crm.customer.trace.mixin"
    _description = "Customers Holding a Product or Lot"
    #: field of crm.customer.product.trace pointing to the inheriting model
    _crm_trace_field = None

    customer_trace_count = fields.Integer(
        string="Customers Holding It",
        compute="_compute_customer_trace_count",
        groups="crm_customer_info.group_crm_customer_user",
    )

    def _compute_customer_trace_count(self):
        counts = dict(
            self.env["crm.customer.product.trace"]._read_group(
                [(self._crm_trace_field, "in", self.ids)],
                [self._crm_trace_field],
                ["partner_id:count_distinct"],
            )
        )
        for record in self:
            record.customer_trace_count = counts.get(record, 0)

    def action_open_customer_trace(self):
        """The customers who received it, net of returns."""
        self.ensure_one()
        return self.env["crm.customer.product.trace"]._crm_action(
            [(self._crm_trace_field, "=", self.id)], self.display_name
        )
