"""Exports of the reports: a performance case seen by both companies, workbook helpers."""

import io

import openpyxl
from lxml import html

from .common_reporting import PerformanceCase

CURRENCY_FORMAT_END = "#,##0.00"


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _rounded(values):
    """``values`` with floats rounded to 6 decimals: the workbook keeps 15 significant digits."""
    return [round(value, 6) if isinstance(value, float) else value for value in values]


def _text(markup):
    """The visible text of rendered HTML, whitespace (and no-break spaces) collapsed."""
    return " ".join(html.fromstring(markup).text_content().replace("\xa0", " ").split())


class ExportCase(PerformanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user.name = "Li Lei"
        cls.user2.name = "Han Meimei"
        cls.both = cls.env(
            context=dict(cls.env.context, allowed_company_ids=(cls.company | cls.other_company).ids)
        )

    def _export(self, **values):
        return self.both["crm.customer.export"].create(values)

    def _book(self, export):
        name, content = export._workbook()
        self.assertTrue(name.endswith(".xlsx"))
        return openpyxl.load_workbook(io.BytesIO(content))

    def _performance_html(self, data, user=None):
        env = self.both if user is None else self.both(user=user)
        markup, kind = env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_salesperson_performance", [], data=data
        )
        self.assertEqual(kind, "html")
        return markup

    def _profile(self, customers, user=None):
        env = self.env if user is None else self.env(user=user)
        markup, _kind = env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_customer_profile", customers.ids
        )
        return markup
