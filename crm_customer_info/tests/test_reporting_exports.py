import io
from datetime import datetime, time, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from lxml import etree, html

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerInfoCase
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


@tagged("post_install", "-at_install")
class TestPerformanceExports(PerformanceCase):
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
                "Satisfaction Ratings",
                "Average Satisfaction",
            ],
        )
        month = datetime.combine(self.month, time())
        by_key = {(line[0], line[1]): _rounded(line[3:]) for line in lines}
        # orders and money; visits; logs by type; complaints; satisfaction (see PerformanceCase)
        no_service = [0, 0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0, None, 0, 0, None]
        self.assertEqual(
            by_key[(datetime.combine(self.previous, time()), self.company.name)],
            [1, 0, 1, 1, 400, 0, 0, None, *[1, 0, 0, 0, None, 0, 1], *no_service[7:]],
        )
        self.assertEqual(
            by_key[(month, self.company.name)],
            _rounded(
                [
                    *[2, 1, 2, 3, 1600, 1200, 1150, 1150 / 1200],
                    *[6, 5, 1, 3, 3 / 5, 1, 3, 1, 1, 1, 1, 3, 146 / 3, 2, 6, 23 / 6],
                ]
            ),
        )
        other = [1, 0, 1, 1, 250, 0, 0, None, *no_service]
        other[-9], other[-2], other[-1] = 1, 1, 3
        self.assertEqual(by_key[(month, self.other_company.name)], other)
        self.assertEqual(li_lei.freeze_panes, "A2")
        self.assertEqual(li_lei.auto_filter.ref, "A1:AA4")
        formats = [cell.number_format for cell in li_lei[2]]
        self.assertEqual(formats[0], "yyyy-mm")
        self.assertEqual(formats[3], "#,##0")
        self.assertIn(self.company.currency_id.symbol, formats[7])
        self.assertTrue(formats[7].endswith(CURRENCY_FORMAT_END))
        self.assertEqual(formats[10], "0.0%")
        self.assertEqual(formats[15], "0.0%")
        self.assertEqual(formats[23], "#,##0.00")
        self.assertEqual(formats[26], "#,##0.00")

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

    def test_export_input_is_checked(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._export(date_from=self.month, date_to=self.previous)
        with self.assertRaises(UserError):
            self.env["crm.customer.export"].action_export_customers(self.env["res.partner"])
        export = self._export(date_from=self.month, date_to=self.month)
        action = export.with_context(discard_logo_check=True).action_print_performance()
        self.assertEqual(action["report_name"], "crm_customer_info.report_salesperson_performance")
        self.assertEqual(action["data"]["date_from"], fields.Date.to_string(self.month))

    def _performance_html(self, data, user=None):
        env = self.both if user is None else self.both(user=user)
        markup, kind = env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_salesperson_performance", [], data=data
        )
        self.assertEqual(kind, "html")
        return markup

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

    def _profile(self, customers, user=None):
        env = self.env if user is None else self.env(user=user)
        markup, _kind = env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_customer_profile", customers.ids
        )
        return markup

    def test_customer_profile_pdf(self):
        markup = self._profile(self.c1 | self.c3)
        pages = html.fromstring(markup).find_class("page")
        self.assertEqual(len(pages), 2)
        one, three = (" ".join(page.text_content().replace("\xa0", " ").split()) for page in pages)
        self.assertIn("Customer Profile Customer One", one)
        for text in (
            self.c1.customer_number,
            self.level_a.name,
            "Li Lei",
            "North Team",
            "Buyer at One",
            "Purchasing",
            self.o1.name,
            self.o2.name,
            self.o5.name,
            self.i3.name,
            "1,600.00",
        ):
            self.assertIn(text, one)
        self.assertNotIn(self.o4.name, one, "orders of another company stay out")
        payment = self.i3.matched_payment_ids.move_id
        self.assertIn(payment.name, one)
        for text in (self.i2.name, self.r1.name, "150.00", "No confirmed order in these 12 months"):
            self.assertIn(text, three)

    def test_customer_profile_level_complaints_and_visits(self):
        self.env["crm.customer.classification"].create(
            {
                "partner_id": self.c1.id,
                "company_id": self.company.id,
                "credit_rating": "B",
                "lifecycle_stage": "active",
                "suggested_level_id": self.level_b.id,
                "reasons": [["level_no_revenue", {"window": 365}], ["level_manual", {}]],
            }
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
        later = self._visit(self.c1, (self.user2, self.team_south), start + timedelta(days=7))
        upcoming = self._visit(self.c1, (self.user, self.team_north), start)
        self.assertLess(upcoming.start, later.start)
        markup = self._profile(self.c1 | self.c3)
        one, three = (
            _text(html.tostring(page)) for page in html.fromstring(markup).find_class("page")
        )
        # Customer One: level A set by hand, B suggested, credit B; no open complaint;
        # visits done V2 (day 6), V1 (day 3), V8 (day 1), newest first; the next one planned
        self.assertIn(
            f"Level and Credit Customer Level {self.level_a.name}"
            f" Suggested Level {self.level_b.name} Credit Rating B Lifecycle Stage Active",
            one,
        )
        reasons = html.fromstring(markup).xpath("//div[@name='profile_level_explanation']")[0]
        self.assertEqual(
            [item.text_content() for item in reasons.iter("li")],
            ["D: no revenue in the last 365 days.", "Levels are set by hand in this company."],
        )
        self.assertIn("Open Complaints No open complaint.", one)
        self.assertRegex(
            one,
            f"{self.v2.name} .*{self.v1.name} .*{self.v8.name} ",
            "last visits done, newest first",
        )
        for visit in (self.v5, self.v6, self.v7, self.v9):
            self.assertNotIn(visit.name, one, "missed, cancelled, planned or another customer's")
        self.assertIn("Very Satisfied", one)
        self.assertRegex(one, r"Next planned visit: \S+ \S+, Li Lei")
        # Customer Three: classified without reasons, its open (overdue) complaint L4
        self.assertIn(
            "Level and Credit Lifecycle Stage Lost Why this level Not classified yet.", three
        )
        self.assertIn(
            f"Open Complaints Reference Date Subject Responsible Response Deadline {self.l4.name}",
            three,
        )
        self.assertIn("Overdue", three)
        self.assertNotIn(self.l3.name, three, "resolved complaints stay out")
        self.assertNotIn(self.l7.name, three, "only complaints are listed")
        self.assertIn("Next planned visit: none planned", three)

    def test_salesperson_prints_profile_of_own_customer(self):
        text = _text(self._profile(self.c3, user=self.user))
        self.assertIn(self.i2.name, text)
        self.assertIn("150.00", text)

    def test_profile_contact_prints_its_company(self):
        text = _text(self._profile(self.c1_contact))
        self.assertIn("Customer Profile Customer One", text)

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
        ):
            self.assertIn(label, text)
        export = chinese["crm.customer.export"].create(
            {"date_from": self.month, "date_to": self.month}
        )
        book = self._book(export)
        self.assertEqual(book.sheetnames[0], "汇总")
        self.assertEqual(_rows(book["Li Lei"])[0][:2], ["月份", "公司"])
        self.assertEqual(_rows(book["Li Lei"])[0][-1], "平均满意度")

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


@tagged("post_install", "-at_install")
class TestExportQueryCounts(CustomerInfoCase):
    """Profiles and customer workbooks cost the same queries for 8 and for 80 customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = cls.env["product.product"].create(
            {"name": "Maintenance", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Batch Customer {i}", "is_company": True, "user_id": cls.user.id}
                for i in range(80)
            ]
        )
        cls.env["res.partner"].create(
            [{"name": f"Contact {i}", "parent_id": c.id} for i, c in enumerate(cls.customers)]
        )
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                    "order_line": [Command.create({"product_id": service.id, "price_unit": 10.0})],
                }
                for customer in cls.customers
            ]
        )
        orders.action_confirm()
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_user_id": cls.user.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": service.id, "price_unit": 10.0, "tax_ids": []}
                        )
                    ],
                }
                for customer in cls.customers
            ]
        )
        invoices.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": False})._create_payments()
        # what the profile shows of classification, complaints and visits
        cls.env["crm.customer.classification"].create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "credit_rating": "A",
                    "suggested_level_id": cls.level_b.id,
                    "reasons": [["level_no_purchase", {}]],
                }
                for customer in cls.customers
            ]
        )
        complaint = cls.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.env["crm.customer.log"].create(
            [
                {
                    "type_id": complaint.id,
                    "subject": "Late delivery",
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                }
                for customer in cls.customers
            ]
        )
        now = fields.Datetime.now()
        cls.env["crm.customer.visit"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                    "start": now + timedelta(days=days),
                    **(
                        {
                            "state": "done",
                            "check_in": now + timedelta(days=days),
                            "check_out": now + timedelta(days=days, hours=1),
                            "satisfaction": "4",
                        }
                        if days < 0
                        else {}
                    ),
                }
                for customer in cls.customers
                for days in (-9, -2, 5)
            ]
        )

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        return self.cr.sql_log_count - before

    def _profile(self, customers):
        self.env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_customer_profile", customers.ids
        )

    def _workbook(self, customers):
        self.env["crm.customer.export"].create(
            {"report": "customers", "partner_ids": [Command.set(customers.ids)]}
        )._workbook()

    def test_profile_queries_do_not_grow(self):
        self._profile(self.customers[:2])  # compile the templates
        few = self._queries(lambda: self._profile(self.customers[:8]))
        many = self._queries(lambda: self._profile(self.customers))
        self.assertGreater(few, 0)
        self.assertEqual(few, many)

    def test_customer_workbook_queries_do_not_grow(self):
        self._workbook(self.customers[:2])
        few = self._queries(lambda: self._workbook(self.customers[:8]))
        many = self._queries(lambda: self._workbook(self.customers))
        self.assertGreater(few, 0)
        self.assertEqual(few, many)


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
