import io
from datetime import datetime, time, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerInfoCase
from .common_exports import CURRENCY_FORMAT_END, ExportCase, _rounded, _rows, _text


@tagged("post_install", "-at_install")
class TestPerformanceWorkbook(ExportCase):
    """The salesperson performance workbook and the dashboard."""

    def test_performance_workbook(self):
        export = self._export(
            date_from=self.previous,
            date_to=self.following,
            user_ids=[(6, 0, [self.user.id, self.user2.id])],
        )
        book = self._book(export)
        self.assertEqual(book.sheetnames, ["Summary", "Han Meimei", "Li Lei"])
        li_lei = book["Li Lei"]
        header, *lines = _rows(li_lei)
        self.assertEqual(
            header,
            [
                "Month",
                "Company",
                "Sales Team",
                "New Customers",
                "Customers Lost",
                "Active Customers",
                "Confirmed Orders",
                "Order Amount",
                "Invoiced Amount",
                "Collected Amount",
                "Collected / Invoiced",
                "Visits Planned",
                "Visits Done",
                "Visits Missed",
                "Visits Done on Time",
                "On-Time Visit Rate",
                "Consultations",
                "Complaints Opened",
                "Customer Contacts",
                "Services / Repairs",
                "Feedback / Suggestions",
                "Other Log Entries",
                "Complaints Resolved",
                "Average Complaint Resolution (Hours)",
                "Overdue Complaints",
                "SLA Met",
                "SLA Failed",
                "Satisfaction Ratings",
                "Average Satisfaction",
                "Credit Holds Placed",
                "Credit Holds Released",
                "Credit Holds Rejected",
            ],
        )
        month = datetime.combine(self.month, time())
        by_key = {(line[0], line[1]): _rounded(line[3:-3]) for line in lines}
        self.assertEqual({tuple(line[-3:]) for line in lines}, {(0, 0, 0)}, "no credit hold")
        # orders and money; visits; logs by type; complaints; SLA; satisfaction (PerformanceCase)
        no_service = [0, 0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0, None, 0, 0, 0, 0, None]
        previous_logs = no_service[7:]
        previous_logs[-4] = 1  # SLA met: L10
        self.assertEqual(
            by_key[(datetime.combine(self.previous, time()), self.company.name)],
            [1, 0, 1, 1, 400, 0, 0, None, *[1, 0, 0, 0, None, 0, 1], *previous_logs],
        )
        self.assertEqual(
            by_key[(month, self.company.name)],
            _rounded(
                [
                    *[2, 1, 2, 3, 1600, 1200, 1150, 1150 / 1200],
                    *[6, 5, 1, 3, 3 / 5, 1, 3, 1, 1, 1, 1, 3, 146 / 3, 2, 1, 4, 6, 23 / 6],
                ]
            ),
        )
        other = [1, 0, 1, 1, 250, 0, 0, None, *no_service]
        other[-11], other[-2], other[-1] = 1, 1, 3
        self.assertEqual(by_key[(month, self.other_company.name)], other)
        self.assertEqual(li_lei.freeze_panes, "A2")
        self.assertEqual(li_lei.auto_filter.ref, "A1:AF4")
        formats = [cell.number_format for cell in li_lei[2]]
        self.assertEqual(formats[0], "yyyy-mm")
        self.assertEqual(formats[3], "#,##0")
        self.assertIn(self.company.currency_id.symbol, formats[7])
        self.assertTrue(formats[7].endswith(CURRENCY_FORMAT_END))
        self.assertEqual(formats[10], "0.0%")
        self.assertEqual(formats[15], "0.0%")
        self.assertEqual(formats[23], "#,##0.00")
        self.assertEqual(formats[28], "#,##0.00")  # average satisfaction

        summary = book["Summary"]
        lines = _rows(summary)
        self.assertEqual(lines[0][0], "Salesperson Performance")
        header_at = next(i for i, line in enumerate(lines) if line[0] == "Salesperson")
        self.assertEqual(lines[header_at + 1][:8], ["Han Meimei", 1, 1, 2, 1, 700, 1450, 850])
        self.assertEqual(lines[header_at + 2][:8], ["Li Lei", 4, 1, 4, 5, 2250, 1200, 1150])
        self.assertEqual(lines[header_at + 3][:8], ["Total", 5, 2, 6, 6, 2950, 2650, 2000])
        by_name = {line[0]: _rounded(line) for line in lines[header_at + 1 : header_at + 4]}
        column = lines[header_at].index
        # Li Lei: 3 of 5 visits on time in the month, none done in the months around it;
        # satisfaction 23 + 3 (other company) over 7 ratings; Han Meimei: 1 of 1, 3 over 2.
        self.assertEqual(by_name["Li Lei"][column("On-Time Visit Rate")], round(3 / 5, 6))
        self.assertEqual(by_name["Li Lei"][column("Average Satisfaction")], round(26 / 7, 6))
        self.assertEqual(by_name["Total"][column("On-Time Visit Rate")], round(4 / 6, 6))
        self.assertEqual(by_name["Total"][column("Average Satisfaction")], round(29 / 9, 6))
        self.assertEqual(
            by_name["Total"][column("Average Complaint Resolution (Hours)")], round(151 / 4, 6)
        )
        (chart,) = summary._charts
        self.assertEqual(chart.tagname, "lineChart")
        self.assertEqual(len(chart.series), 2)
        data_at = next(i for i, line in enumerate(lines) if line[0] == "Month")
        self.assertEqual(lines[data_at][1:3], ["Li Lei", "Han Meimei"])
        self.assertEqual(
            [line[:3] for line in lines[data_at + 1 : data_at + 4]],
            [
                [datetime.combine(self.previous, time()), 400, 0],
                [month, 1850, 700],
                [datetime.combine(self.following, time()), 0, 0],
            ],
        )

    def test_performance_workbook_respects_the_salesperson_rules(self):
        export = (
            self.both["crm.customer.export"]
            .with_user(self.user)
            .create({"date_from": self.previous, "date_to": self.following})
        )
        book = self._book(export)
        self.assertEqual(book.sheetnames, ["Summary", "Li Lei"])

    def test_export_input_is_checked(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._export(date_from=self.month, date_to=self.previous)
        with self.assertRaises(UserError):
            self.env["crm.customer.export"].action_export_customers(self.env["res.partner"])
        export = self._export(date_from=self.month, date_to=self.month)
        action = export.with_context(discard_logo_check=True).action_print_performance()
        self.assertEqual(action["report_name"], "crm_customer_info.report_salesperson_performance")
        self.assertEqual(action["data"]["date_from"], fields.Date.to_string(self.month))

    def test_dashboard_and_filters(self):
        action = self.env.ref("crm_customer_info.crm_customer_performance_dashboard_action")
        view = self.env["board.board"].get_view(action.view_id.id, "form")
        actions = etree.fromstring(view["arch"]).iter("action")
        report = self.env["crm.customer.performance.report"]
        target = self.env.ref("crm_customer_info.crm_customer_performance_report_action")
        measures = set(report._fields)
        count = 0
        for node in actions:
            count += 1
            self.assertEqual(int(node.get("name")), target.id)
            context = safe_eval(node.get("context"))
            for fname in [*context.get("pivot_measures", []), context.get("graph_measure")]:
                if fname:
                    self.assertIn(fname, measures)
        self.assertEqual(count, 7)

        search = report.get_view(view_type="search")["arch"]
        filters = {
            node.get("name"): node.get("domain") for node in etree.fromstring(search).iter("filter")
        }
        today = self.month + timedelta(days=14)
        evaluation = {
            "context_today": lambda: today,
            "relativedelta": relativedelta,
            "uid": self.leader.id,
        }
        ours = [("user_id", "in", (self.user | self.user2).ids)]

        def months(name):
            domain = safe_eval(filters[name], evaluation)
            return set(report.search(domain + ours).mapped("date"))

        self.assertEqual(months("this_month"), {self.month})
        self.assertEqual(months("last_month"), {self.previous})
        self.assertEqual(
            months("this_year"),
            {m for m in (self.previous, self.month, self.following) if m.year == today.year},
        )
        self.assertEqual(
            report.search(safe_eval(filters["my_team"], evaluation) + ours).mapped("user_id"),
            self.user,
        )

    def test_reports_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_customer_info"], ["zh_CN"], overwrite=True
        )
        chinese = self.both(context=dict(self.both.context, lang="zh_CN"))
        markup, _kind = chinese["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_customer_profile", self.c1.ids
        )
        text = _text(markup)
        for label in (
            "客户档案",
            "联系人",
            "已收款项",
            "发票和退款单",
            "未解决的投诉",
            "下次已安排回访",
        ):
            self.assertIn(label, text)
        month = fields.Date.to_string(self.month)
        markup, _kind = chinese["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_salesperson_performance",
            [],
            data={"date_from": month, "date_to": month, "user_ids": self.user.ids},
        )
        text = _text(markup)
        for label in (
            "销售员月度绩效",
            "新发展客户数",
            "订单金额",
            "回款金额",
            "逐月明细",
            "流失客户数",
            "回访按时率",
            "逾期投诉数",
            "平均满意度",
            "信用冻结次数",
        ):
            self.assertIn(label, text)
        export = chinese["crm.customer.export"].create(
            {"date_from": self.month, "date_to": self.month}
        )
        book = self._book(export)
        self.assertEqual(book.sheetnames[0], "汇总")
        self.assertEqual(_rows(book["Li Lei"])[0][:2], ["月份", "公司"])
        header = _rows(book["Li Lei"])[0]
        self.assertIn("平均满意度", header)
        self.assertEqual(header[-3:], ["信用冻结次数", "信用冻结放行次数", "信用冻结驳回次数"])


@tagged("post_install", "-at_install")
class TestWorkbookDownload(CustomerInfoCase, HttpCase):
    def test_download_own_export_only(self):
        customer = self._customer("Download Customer", user_id=self.user.id)
        setup = self.env["product.product"].create({"name": "Setup", "type": "service"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": self.user.id,
                "order_line": [Command.create({"product_id": setup.id, "price_unit": 42.0})],
            }
        )
        order.action_confirm()
        export = self.env["crm.customer.export"].with_user(self.user).create({})
        self.authenticate("ci_user", "ci_user")
        response = self.url_open(f"/crm_customer_info/workbook/{export.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn("salesperson_performance_", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["Summary", self.user.name[:31]])
        header, line = _rows(book.worksheets[1])
        self.assertEqual(line[header.index("Order Amount")], 42)

        foreign = self.env["crm.customer.export"].with_user(self.user2).create({})
        response = self.url_open(f"/crm_customer_info/workbook/{foreign.id}")
        self.assertEqual(response.status_code, 403)
        response = self.url_open("/crm_customer_info/workbook/999999999")
        self.assertEqual(response.status_code, 404)
