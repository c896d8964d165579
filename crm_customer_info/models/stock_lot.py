from odoo import fields, models

from ..customer_insight.service import warranty_end


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "crm.customer.trace.mixin"]
    _crm_trace_field = "lot_id"

    customer_delivery_date = fields.Date(
        string="Delivered to Customer",
        compute="_compute_customer_warranty",
        help="Date of the first done delivery of this lot/serial number to a customer.",
    )
    warranty_end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_customer_warranty",
        help="Delivery date plus the product's warranty period.",
    )

    def _crm_customer_delivery_dates(self):
        """{lot id: date of its first done move into a customer location}, in one query."""
        lot_ids = self._origin.ids
        if not lot_ids:
            return {}
        groups = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                [
                    ("lot_id", "in", lot_ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "!=", "customer"),
                ],
                ["lot_id"],
                ["date:min"],
            )
        )
        return {lot.id: moment.date() for lot, moment in groups}

    def _compute_customer_warranty(self):
        delivered = self._crm_customer_delivery_dates()
        for lot in self:
            day = delivered.get(lot._origin.id)
            lot.customer_delivery_date = day
            lot.warranty_end_date = warranty_end(day, lot.product_id.warranty_months)
