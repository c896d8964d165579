from odoo import Command
from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestCustomerNumberQueries(CustomerInfoCase):
    """Confirming a new customer's order costs the same queries however many are numbered.

    The confirmation numbers the customer (one batch of the sequence, one look-up
    of numbers a manager typed, one UPDATE, the uniqueness check): none of these
    may read or write every numbered customer.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Query Count Pump", "list_price": 50.0, "type": "consu"}
        )

    def _orders(self, count, prefix):
        customers = self.env["res.partner"].create(
            [{"name": f"{prefix} {index}", "is_company": True} for index in range(count)]
        )
        return self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
                for customer in customers
            ]
        )

    def _new_customer_confirm_queries(self, prefix):
        """Queries of confirming the order of a customer without a number, caches cold."""
        warm_up, order = self._orders(2, prefix)
        warm_up.action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        order.action_confirm()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertTrue(order.partner_id.customer_number)
        return queries

    def test_new_customer_confirm_does_not_grow_with_numbered_customers(self):
        counts = {}
        numbered = 0
        for size in (5, 50):
            for order in self._orders(size - numbered, f"Numbered {size}"):
                order.action_confirm()  # one by one, as users confirm them
            numbered = size
            counts[size] = self._new_customer_confirm_queries(f"New after {size}")
        self.assertEqual(counts[5], counts[50], counts)
        # and a repeat order of a numbered customer numbers nobody: fewer queries
        repeat = self.env["sale.order"].create(
            {
                "partner_id": self.env["sale.order"]
                .search([("partner_id.name", "=", "Numbered 5 0")], limit=1)
                .partner_id.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(counts[50]):
            repeat.action_confirm()
            self.env.flush_all()
