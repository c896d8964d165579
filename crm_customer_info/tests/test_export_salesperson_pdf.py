from lxml import html

from odoo import fields
from odoo.tests import tagged

from .common_exports import ExportCase, _text


@tagged("post_install", "-at_install")
class TestSalespersonPdf(ExportCase):
    """The salesperson monthly performance PDF."""

    def test_salesperson_performance_pdf(self):
        month = fields.Date.to_string(self.month)
        markup = self._performance_html(
            {"date_from": month, "date_to": month, "user_ids": [self.user.id, self.user2.id]}
        )
        pages = html.fromstring(markup).find_class("page")
        self.assertEqual(len(pages), 2, "one page per salesperson")
        han, li = (" ".join(page.text_content().replace("\xa0", " ").split()) for page in pages)
        self.assertIn("Salesperson Monthly Performance Han Meimei", han)
        self.assertIn("Salesperson Monthly Performance Li Lei", li)
        label, previous = self.month.strftime("%Y-%m"), self.previous.strftime("%Y-%m")
        self.assertIn(f"{label} compared with {previous}", li)
        # new customers 1 -> 3, orders 1 -> 4, order amount 400 -> 1,850: +362.5 %
        self.assertIn("New Customers 3 1 2 +200.0%", li)
        self.assertIn("Confirmed Orders 4 1 3 +300.0%", li)
        self.assertIn("1,850.00", li)
        self.assertIn("+362.5%", li)
        self.assertIn("Collected Amount", li)
        self.assertIn("Invoiced Amount", han)
        # service figures of both companies (see PerformanceCase); rates and averages have
        # no value in a month without visits done or ratings, hence no change either
        self.assertIn("Customers Lost 1 0 1 ", li)
        self.assertIn("Visits Planned 6 1 5 +500.0%", li)
        self.assertIn("Visits Done 5 0 5 ", li)
        self.assertIn("On-Time Visit Rate 60.0% Consultations", li)
        self.assertIn("Complaints Opened 3 1 2 +200.0%", li)
        self.assertIn("Overdue Complaints 2 0 2 ", li)
        self.assertIn("Average Complaint Resolution (Hours) 48.67 ", li)
        self.assertIn("Average Satisfaction 3.71 ", li)
        self.assertIn("On-Time Visit Rate 100.0% ", han)
        self.assertIn("Average Satisfaction 1.50 ", han)

    def test_rates_change_in_percentage_points(self):
        # a visit done on time in the month before: on-time rate 1 of 1, then 3 of 5
        start = self._local(self.previous, 5, 10)
        self._visit(self.c1, (self.user, self.team_north), start, checked_in=start)
        month = fields.Date.to_string(self.month)
        text = _text(
            self._performance_html(
                {"date_from": month, "date_to": month, "user_ids": [self.user.id]}
            )
        )
        self.assertIn("On-Time Visit Rate 60.0% 100.0% -40.0 pts Consultations", text)
        self.assertIn("Visits Done 5 1 4 +400.0%", text)

    def test_salesperson_sees_only_own_page(self):
        month = fields.Date.to_string(self.month)
        markup = self._performance_html({"date_from": month, "date_to": month}, user=self.user)
        text = _text(markup)
        self.assertIn("Li Lei", text)
        self.assertNotIn("Han Meimei", text)
