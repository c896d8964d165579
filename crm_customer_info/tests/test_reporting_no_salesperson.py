from datetime import datetime, time, timedelta

from odoo import SUPERUSER_ID, Command, fields
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.translate import code_translations

from ..customer_insight.performance import month_start, shift_month
from ..report.crm_customer_performance_report import DATA_TABLE
from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestPerformanceNoSalesperson(CustomerInfoCase):
    """Figures without a salesperson, or of OdooBot, appear once, without salesperson; a row
    without any figure is not stored. Documents of a team of their own, two months ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.month = shift_month(month_start(today), -2)
        cls.team = cls.env["crm.team"].create({"name": "Counter Sales"})
        cls.product = cls.env["product.product"].create(
            {"name": "Filter", "type": "consu", "list_price": 10.0, "taxes_id": []}
        )
        cls.customer = cls._customer("Walk-in Customer")
        cls.root = cls.env["res.users"].browse(SUPERUSER_ID)

    def _order(self, user, amount):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": user.id,
                "team_id": self.team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_id": []}
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(self.month + timedelta(days=4), time(10))
        return order

    def _invoice(self, user, amount, move_type="out_invoice"):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_user_id": user.id,
                "team_id": self.team.id,
                "invoice_date": self.month + timedelta(days=9),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _groups(self):
        return self.env["crm.customer.performance.report"]._read_group(
            [("team_id", "=", self.team.id), ("date", "=", self.month)],
            ["user_id"],
            [
                "order_count:sum",
                "order_amount:sum",
                "invoiced_amount:sum",
                "active_customer_count:sum",
            ],
        )

    def test_unassigned_and_odoobot_figures_appear_once(self):
        self._order(self.env["res.users"], 300.0)
        self._order(self.root, 200.0)
        self._invoice(self.root, 500.0)
        self._order(self.user, 100.0)
        groups = self._groups()
        self.assertEqual([user for user, *_sums in groups].count(self.root), 0)
        self.assertEqual(len(groups), 2, groups)
        unassigned = [sums for user, *sums in groups if not user]
        self.assertEqual(len(unassigned), 1, "one row without salesperson")
        # both orders, the invoice, and the customer served counted once
        self.assertEqual(unassigned[0], [2, 500.0, 500.0, 1])
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE user_id = %s",
                SQL.identifier(DATA_TABLE),
                SUPERUSER_ID,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "OdooBot is never stored")

    def test_rows_without_figures_are_not_stored(self):
        """A zero credit note is a document of the month, but no figure: no row."""
        self._invoice(self.user2, 0.0, move_type="out_refund")
        self._order(self.user, 100.0)
        self.assertEqual([user for user, *_sums in self._groups()], [self.user])
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE user_id = %s AND team_id = %s",
                SQL.identifier(DATA_TABLE),
                self.user2.id,
                self.team.id,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_the_pivot_label_is_translated(self):
        """The pivot and graph views name the empty salesperson with a translated label."""
        messages = code_translations.get_web_translations("crm_customer_info", "zh_CN")
        labels = {message["id"]: message["string"] for message in messages["messages"]}
        self.assertEqual(labels.get("No Salesperson"), "无销售员")
