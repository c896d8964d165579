import io

import openpyxl

from odoo import Command, fields
from odoo.tests import tagged

from .common_tours import TourCase


@tagged("post_install", "-at_install")
class TestPerformanceTour(TourCase):
    """Open the performance pivot and export the workbook, in English and in Chinese."""

    def _run(self, header, order_amount):
        admin = self.env.ref("base.user_admin")
        customer = self.env["res.partner"].create(
            {"name": "Tour Performance Customer", "is_company": True, "user_id": admin.id}
        )
        product = self.env["product.product"].create({"name": "Tour Service", "type": "service"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": admin.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 120.0})],
            }
        )
        order.action_confirm()
        unassigned = order.copy({"user_id": False})
        unassigned.action_confirm()
        self.start_tour(
            "/odoo/action-crm_customer_info.crm_customer_performance_report_action",
            "crm_customer_info_performance",
            login="admin",
        )
        export = self.env["crm.customer.export"].search([("create_uid", "=", admin.id)])
        self.assertEqual(len(export), 1)
        self.assertEqual(export.report, "performance")
        self.authenticate("admin", "admin")
        response = self.url_open(f"/crm_customer_info/workbook/{export.id}")
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book[admin.name]
        titles = next(sheet.iter_rows(max_row=1, values_only=True))
        self.assertIn(header, titles)
        # the year's order amount of the company: its confirmed orders, the tour's included
        company = self.env.company
        orders = self.env["sale.order"].search(
            [
                ("user_id", "=", admin.id),
                ("company_id", "=", company.id),
                ("state", "=", "sale"),
                ("date_order", ">=", fields.Date.today().replace(month=1, day=1)),
            ]
        )
        self.assertIn(order, orders)
        column = titles.index(order_amount)
        self.assertAlmostEqual(
            sum(
                row[column]
                for row in sheet.iter_rows(min_row=2, values_only=True)
                if row[1] == company.name
            ),
            sum(o.amount_untaxed / o.currency_rate for o in orders),
            2,
        )

    def test_performance_tour(self):
        self._run("Visits Planned", "Order Amount")

    def test_performance_tour_zh_cn(self):
        self._as_chinese_admin()
        self._run("计划回访数", "订单金额")
