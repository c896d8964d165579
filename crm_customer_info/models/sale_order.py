from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        """A confirmed order makes its customer a numbered customer of the order's company."""
        result = super().action_confirm()
        for company, orders in self.grouped("company_id").items():
            orders.partner_id.with_company(company)._assign_customer_numbers()
        return result
