from datetime import datetime, time

from odoo.tests import tagged

from .common_exports import ExportCase, _rows


@tagged("post_install", "-at_install")
class TestCustomerWorkbook(ExportCase):
    """The customer workbook."""

    def test_customer_workbook(self):
        action = self.both["crm.customer.export"].action_export_customers(
            self.c1 | self.c2 | self.c3 | self.c4
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
        export = self.env["crm.customer.export"].browse(int(action["url"].rsplit("/", 1)[1]))
        self.assertEqual(export.partner_ids, self.c1 | self.c2 | self.c3 | self.c4)
        book = self._book(export.with_env(self.both))
        self.assertEqual(book.sheetnames, ["Summary", "Han Meimei", "Li Lei"])
        header, *lines = _rows(book["Li Lei"])
        self.assertEqual(header[:3], ["Customer Number", "Customer", "Customer Level"])
        self.assertEqual(
            header[-3:], ["Orders (12 Months)", "Order Amount (12 Months)", "Last Order"]
        )
        by_name = {line[1]: line for line in lines}
        self.assertEqual(set(by_name), {"Customer One", "Customer Three"})
        one = by_name["Customer One"]
        self.assertEqual(one[0], self.c1.customer_number)
        self.assertEqual(one[2], self.level_a.name)
        self.assertEqual(one[-3:], [4, 1850, datetime.combine(self._day(self.month, 20), time())])
        self.assertEqual(by_name["Customer Three"][-3:], [0, 0, None])
        han = {line[1]: line[-3:] for line in _rows(book["Han Meimei"])[1:]}
        self.assertEqual(
            han,
            {
                "Customer Two": [1, 400, datetime.combine(self._day(self.previous, 10), time())],
                "Customer Four": [1, 700, datetime.combine(self._day(self.month, 12), time())],
            },
        )
        summary = _rows(book["Summary"])
        header_at = next(i for i, line in enumerate(summary) if line[0] == "Salesperson")
        self.assertEqual(
            summary[header_at][1:3], ["Orders (12 Months)", "Order Amount (12 Months)"]
        )
        self.assertEqual(summary[header_at + 1][:3], ["Han Meimei", 2, 1100])
        self.assertEqual(summary[header_at + 2][:3], ["Li Lei", 4, 1850])
        (chart,) = book["Summary"]._charts
        self.assertEqual(len(chart.series), 2)
