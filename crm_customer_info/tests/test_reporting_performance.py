from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import sql

from odoo.addons.crm_customer_info.customer_insight.performance import month_start, shift_month
from odoo.addons.crm_customer_info.report.crm_customer_performance_storage import drop_storage

from .common_reporting import PerformanceCase

ZERO = {
    "new_customer_count": 0,
    "lost_customer_count": 0,
    "active_customer_count": 0,
    "order_count": 0,
    "order_amount": 0.0,
    "invoiced_amount": 0.0,
    "collected_amount": 0.0,
    "visit_planned_count": 0,
    "visit_done_count": 0,
    "visit_missed_count": 0,
    "visit_on_time_count": 0,
    "visit_on_site_count": 0,
    "log_consultation_count": 0,
    "log_complaint_count": 0,
    "log_contact_count": 0,
    "log_service_count": 0,
    "log_feedback_count": 0,
    "log_other_count": 0,
    "complaint_resolved_count": 0,
    "complaint_resolution_hours": 0.0,
    "complaint_overdue_count": 0,
    "sla_met_count": 0,
    "sla_failed_count": 0,
    "satisfaction_sum": 0,
    "satisfaction_count": 0,
    "satisfaction_customer_count": 0,
    "credit_hold_placed_count": 0,
    "credit_hold_released_count": 0,
    "credit_hold_rejected_count": 0,
}


@tagged("post_install", "-at_install")
class TestPerformanceReport(PerformanceCase):
    def test_every_measure_by_hand(self):
        main, other = self.company, self.other_company
        north, south = self.team_north, self.team_south
        month, previous, following = self.month, self.previous, self.following
        figures = self._figures(self._report())
        expected = {
            (main, self.user, north, month): {
                **ZERO,
                "new_customer_count": 2,
                "lost_customer_count": 1,
                "active_customer_count": 2,
                "order_count": 3,
                "order_amount": 1600.0,
                "invoiced_amount": 1200.0,
                "collected_amount": 1150.0,
                "visit_planned_count": 6,
                "visit_done_count": 5,
                "visit_missed_count": 1,
                "visit_on_time_count": 3,
                "visit_on_site_count": 0,
                "log_consultation_count": 1,
                "log_complaint_count": 3,
                "log_contact_count": 1,
                "log_service_count": 1,
                "log_feedback_count": 1,
                "log_other_count": 1,
                "complaint_resolved_count": 3,
                "complaint_resolution_hours": 146.0,
                "complaint_overdue_count": 2,
                # SLA: L2 met; L3 answered late; L4, L1 (consultation) and L6 (service)
                # still open past their response deadlines
                "sla_met_count": 1,
                "sla_failed_count": 4,
                "satisfaction_sum": 23,
                "satisfaction_count": 6,
            },
            (main, self.user2, south, month): {
                **ZERO,
                "active_customer_count": 1,
                "invoiced_amount": 800.0,
                "visit_planned_count": 1,
                "visit_done_count": 1,
                "visit_on_time_count": 1,
                "log_complaint_count": 1,
                "complaint_resolved_count": 1,
                "complaint_resolution_hours": 5.0,
                "sla_met_count": 1,
                "satisfaction_sum": 3,
                "satisfaction_count": 2,
            },
            (main, self.user2, south, following): {**ZERO, "collected_amount": 200.0},
            (other, self.user, north, month): {
                **ZERO,
                "new_customer_count": 1,
                "active_customer_count": 1,
                "order_count": 1,
                "order_amount": 250.0,
                "log_contact_count": 1,
                "satisfaction_sum": 3,
                "satisfaction_count": 1,
            },
            (other, self.user2, south, month): {
                **ZERO,
                "new_customer_count": 1,
                "lost_customer_count": 1,
                "active_customer_count": 1,
                "order_count": 1,
                "order_amount": 700.0,
                "invoiced_amount": 650.0,
                "collected_amount": 650.0,
                "visit_planned_count": 1,
                "visit_missed_count": 1,
            },
            (main, self.user, north, previous): {
                **ZERO,
                "new_customer_count": 1,
                "active_customer_count": 1,
                "order_count": 1,
                "order_amount": 400.0,
                "visit_planned_count": 1,
                "log_complaint_count": 1,
                "sla_met_count": 1,  # L10, resolved in 20 h
            },
        }
        self.assertEqual(set(figures), set(expected))
        for key, values in expected.items():
            self.assertEqual(set(values), set(ZERO), key)
            for fname, value in values.items():
                self.assertAlmostEqual(figures[key][fname], value, 2, msg=f"{fname} of {key}")

    def test_rates_and_averages_of_a_row(self):
        row = self._report().search(
            [
                ("company_id", "=", self.company.id),
                ("user_id", "=", self.user.id),
                ("date", "=", self.month),
            ]
        )
        # rounded to the fields' digits: rates 4, hours 1, satisfaction 2
        self.assertAlmostEqual(row.visit_on_time_rate, 0.6, 4)
        self.assertAlmostEqual(row.complaint_resolution_avg, 48.7, 1)
        self.assertAlmostEqual(row.satisfaction_avg, 3.83, 2)
        self.assertAlmostEqual(row.collection_rate, 0.9583, 4)
        previous = self._report().search(
            [
                ("company_id", "=", self.company.id),
                ("user_id", "=", self.user.id),
                ("date", "=", self.previous),
            ]
        )
        self.assertEqual(previous.visit_on_time_rate, 0.0, "no visit done: no rate")

    def test_one_row_per_company_salesperson_team_and_month(self):
        rows = self._report().search([("user_id", "in", (self.user | self.user2).ids)])
        self.assertEqual(len(rows), 6)
        self.assertEqual(len(set(rows.ids)), 6)
        keys = {(r.company_id, r.user_id, r.team_id, r.date) for r in rows}
        self.assertEqual(len(keys), 6)
        row = rows.filtered(
            lambda r: (
                r.company_id == self.company and r.date == self.month and r.user_id == self.user
            )
        )
        self.assertEqual(row.team_id, self.team_north)
        self.assertEqual(row.order_count, 3)
        self.assertEqual(row.currency_id, self.company.currency_id)

    def test_a_sale_moves_with_later_documents(self):
        """A cancelled order leaves the figures; a new first document makes a new customer."""
        report = self._report()
        key = (self.company, self.user, self.team_north, self.month)
        self.o2.with_context(disable_cancel_warning=True)._action_cancel()
        figures = self._figures(report)[key]
        self.assertEqual((figures["order_count"], figures["order_amount"]), (2, 1100.0))
        late = self._customer("Late Customer", user_id=self.user2.id)
        self._invoice(late, (self.user2, self.team_south), self._day(self.month, 2), 90)
        self._order(late, (self.user, self.team_north), self._at(self.month, 1), 60)
        figures = self._figures(report)
        self.assertEqual(figures[key]["new_customer_count"], 3, "the order comes first")
        self.assertEqual(
            figures[(self.company, self.user2, self.team_south, self.month)]["new_customer_count"],
            0,
        )

    def test_order_months_follow_the_company_time_zone(self):
        """An order at 23:30 UTC on the month's last day is next month's in Shanghai,
        and Sales analysis read in that time zone agrees."""
        late = datetime.combine(self.following - timedelta(days=1), time(23, 30))
        customer = self._customer("Night Owl Ltd", user_id=self.user.id)
        self._order(customer, (self.user, self.team_north), late, 80)
        for tz, month in (("UTC", self.month), ("Asia/Shanghai", self.following)):
            self.company.partner_id.tz = tz
            report = self._report(tz=tz)
            figures = self._figures(report, [("company_id", "=", self.company.id)])
            key = (self.company, self.user, self.team_north, month)
            self.assertEqual(figures[key]["order_count"], 4 if month == self.month else 1, tz)
            sales = report.env["sale.report"]._read_group(
                [("user_id", "=", self.user.id), ("state", "=", "sale")],
                ["company_id", "date:month"],
                ["price_subtotal:sum"],
            )
            by_month = {(c, m.date()): amount for c, m, amount in sales}
            self.assertAlmostEqual(
                figures[key]["order_amount"], by_month[(self.company, month)], 2, tz
            )

    def test_changes_give_the_figures_of_a_full_recomputation(self):
        """Each change marks what it touches; the refreshed figures equal a rebuild."""
        check = self._checker()
        check("initial")
        self.c1_contact.parent_id = self.c3
        check("contact (with an order) moved to another customer")
        self.o2.with_context(disable_cancel_warning=True)._action_cancel()
        check("order cancelled")
        self.o1.date_order = self._at(self.previous, 3)
        check("first order moved to the month before")
        self.i2.button_draft()
        check("first invoice reset to draft")
        self.i1.invoice_user_id = self.user
        check("invoice (with a payment next month) given to another salesperson")
        self.i3.line_ids.remove_move_reconcile()
        check("payment unreconciled")
        self.o4.user_id = self.user2
        check("order of the other company given to another salesperson")
        self._assert_no_stale_month()

    def _checker(self):
        """``check(step)``: the figures read now equal those of a full recomputation."""
        report = self._report()

        def check(step):
            incremental = self._figures(report)
            self.env.cr.execute(
                "INSERT INTO crm_customer_performance_dirty_company SELECT id FROM res_company"
            )
            self.assertEqual(self._figures(report), incremental, step)

        return check

    def _assert_no_stale_month(self):
        self.env.cr.execute("SELECT count(*) FROM crm_customer_performance_dirty_month")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "reads consume the stale months")

    def test_service_changes_give_the_figures_of_a_full_recomputation(self):
        """Visits, log entries, log types, settings and classifications mark what they touch."""
        check = self._checker()
        check("initial")
        done = self._local(self.month, 26, 9)
        self.v7.write({"check_in": done, "check_out": done + timedelta(hours=1)})
        self.v7.with_context(crm_visit_no_autoplan=True).write({"state": "done"})
        check("a planned visit done the next day")
        self.v1.start = self._local(self.following, 3, 9)
        check("a visit planned again a month later")
        self.v2.satisfaction = "1"
        check("a visit's rating changed")
        self.l4.resolution = "Credited the customer."
        self.l4.action_resolve()
        check("an overdue complaint resolved today")
        self.l5.write({"user_id": self.user2.id, "team_id": self.team_south.id})
        check("a log entry given to another salesperson and team")
        self.l3.action_reopen()
        check("a late complaint reopened")
        self.l7.action_cancel()
        check("a log entry cancelled")
        self.training.company_id = self.company
        self.training.code = "feedback"
        check("a company's own log type now counted as feedback")
        self.company.crm_visit_grace_hours = 48
        check("a longer grace period before visits are missed")
        self.c3.user_id = self.user2
        check("a lost customer given to another salesperson")
        self.c3_classification.lost_on = self._day(self.following, 2)
        check("a customer lost later, as a new classification found")
        self.c3_classification.lost_on = False
        check("a lost customer won back")
        self._assert_no_stale_month()

    def test_visits_done_late_and_logs_moved_change_the_figures(self):
        """Two of the steps above, with the figures checked by hand."""
        report = self._report()
        key = (self.company, self.user, self.team_north, self.month)
        done = self._local(self.month, 26, 9)
        self.v7.write({"check_in": done, "check_out": done + timedelta(hours=1)})
        self.v7.with_context(crm_visit_no_autoplan=True).write({"state": "done"})
        self.l5.write({"user_id": self.user2.id, "team_id": self.team_south.id})
        figures = self._figures(report)
        self.assertEqual(
            [figures[key][fname] for fname in ("visit_done_count", "visit_on_time_count")],
            [6, 3],
            "V7, planned day 25, checked in day 26: done, late",
        )
        self.assertEqual(figures[key]["visit_planned_count"], 6)
        self.assertEqual(
            [figures[key][fname] for fname in ("log_contact_count", "satisfaction_sum")],
            [0, 18],
        )
        south = figures[(self.company, self.user2, self.team_south, self.month)]
        self.assertEqual([south["log_contact_count"], south["satisfaction_count"]], [1, 3])

    def test_complaint_turns_overdue_when_its_deadline_passes(self):
        """No document changes, time passes: the month of the deadline is computed again."""
        report = self._report()
        now = fields.Datetime.now()
        complaint = self.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        # logged now: its response deadline (SLA, working hours) is ahead
        log = self._log(complaint, self.c1, (self.user, self.team_north), now)
        self.assertGreater(log.deadline, now)
        month = month_start(
            fields.Datetime.context_timestamp(
                self.env.user.with_context(tz="Asia/Shanghai"), log.deadline
            )
        )
        key = (self.company, self.user, self.team_north, month)
        self.assertEqual(self._figures(report)[key]["complaint_overdue_count"], 0)
        with freeze_time(log.deadline + timedelta(hours=1)):
            self.assertEqual(self._figures(report)[key]["complaint_overdue_count"], 1)
            self.assertEqual(self._stale_rows(), 0)
            self.env.cr.execute(
                "INSERT INTO crm_customer_performance_dirty_company SELECT id FROM res_company"
            )
            self.assertEqual(self._figures(report)[key]["complaint_overdue_count"], 1)

    def _stale_rows(self):
        self.env.cr.execute(
            "SELECT (SELECT count(*) FROM crm_customer_performance_dirty_month)"
            " + (SELECT count(*) FROM crm_customer_performance_dirty_customer)"
        )
        return self.env.cr.fetchone()[0]

    def test_cron_refreshes_what_changes_made_stale(self):
        self._report().search([], limit=1)
        self.assertEqual(self._stale_rows(), 0)
        self.o1.date_order = self._at(self.month, 2)
        self.env.flush_all()
        self.assertGreater(self._stale_rows(), 0, "the change marked its month and customer")
        self.env.ref(
            "crm_customer_info.crm_customer_performance_cron_refresh"
        ).method_direct_trigger()
        self.assertEqual(self._stale_rows(), 0)

    def test_uninstall_leaves_no_trigger_behind(self):
        drop_storage(self.env.cr)
        self.env.cr.execute(
            "SELECT count(*) FROM information_schema.triggers"
            " WHERE trigger_name LIKE 'crm_customer_performance_%'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.o1.date_order = self._at(self.month, 3)
        self.i2.button_draft()
        self.env.flush_all()
        self.assertFalse(sql.table_exists(self.env.cr, "crm_customer_performance_data"))


@tagged("post_install", "-at_install")
class TestPerformanceReconciliation(PerformanceCase):
    """The report's amounts equal Odoo's own Sales and Invoicing analyses."""

    def _sales_analysis(self, domain):
        ((amount,),) = self.env["sale.report"]._read_group(
            [("state", "=", "sale"), *domain], [], ["price_subtotal:sum"]
        )
        return amount

    def _invoice_analysis(self, domain):
        ((amount,),) = self.env["account.invoice.report"]._read_group(
            [("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund")), *domain],
            [],
            ["price_subtotal:sum"],
        )
        return amount

    def _report_sum(self, fname, domain):
        ((amount,),) = self._report()._read_group(domain, [], [f"{fname}:sum"])
        return amount

    def _check(self, company, user, month):
        """Order and invoiced amounts of the report, each checked against Odoo's analysis."""
        start, end = month, shift_month(month, 1)
        checked = []
        for fname, analysis, user_field, date_field in (
            ("order_amount", self._sales_analysis, "user_id", "date"),
            ("invoiced_amount", self._invoice_analysis, "invoice_user_id", "invoice_date"),
        ):
            ours = self._report_sum(
                fname,
                [("company_id", "=", company.id), ("user_id", "=", user.id), ("date", "=", month)],
            )
            theirs = analysis(
                [
                    ("company_id", "=", company.id),
                    (user_field, "=", user.id),
                    (date_field, ">=", start),
                    (date_field, "<", end),
                ]
            )
            self.assertAlmostEqual(ours, theirs, 2, fname)
            checked.append(ours)
        return checked

    def test_same_numbers_as_sales_and_invoice_analysis(self):
        expected = {
            (self.company, self.user): (1600.0, 1200.0),
            (self.company, self.user2): (0.0, 800.0),
            (self.other_company, self.user): (250.0, 0.0),
            (self.other_company, self.user2): (700.0, 650.0),
        }
        for (company, user), amounts in expected.items():
            checked = self._check(company, user, self.month)
            self.assertAlmostEqual(checked[0], amounts[0], 2)
            self.assertAlmostEqual(checked[1], amounts[1], 2)

    def test_cash_rounding_lines_are_left_out_like_invoice_analysis(self):
        rounding = self.env["account.cash.rounding"].create(
            {
                "name": "Round to 1.00",
                "rounding": 1.0,
                "strategy": "add_invoice_line",
                "profit_account_id": self.i2.invoice_line_ids.account_id.id,
                "loss_account_id": self.i2.invoice_line_ids.account_id.id,
                "rounding_method": "HALF-UP",
            }
        )
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.c3.id,
                "invoice_user_id": self.user.id,
                "team_id": self.team_north.id,
                "invoice_date": self._day(self.month, 16),
                "invoice_cash_rounding_id": rounding.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 10.4,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        self.assertIn("rounding", move.line_ids.mapped("display_type"))
        self.assertAlmostEqual(move.amount_untaxed_signed, 10.0, 2)
        _orders, invoiced = self._check(self.company, self.user, self.month)
        self.assertAlmostEqual(invoiced, 1200.0 + 10.4, 2)


@tagged("post_install", "-at_install")
class TestPerformanceAccess(PerformanceCase):
    def _visible(self, user, companies=None):
        # Rows are converted into the currency of the selected company: read afresh.
        self.env.invalidate_all()
        report = self._report(user, companies or self.company)
        return {(r.company_id, r.user_id, r.team_id, r.date) for r in report.search([])}

    def test_salesperson_sees_own_rows(self):
        self.assertEqual(
            self._visible(self.user),
            {
                (self.company, self.user, self.team_north, self.month),
                (self.company, self.user, self.team_north, self.previous),
            },
        )
        both = self._visible(self.user, self.company | self.other_company)
        self.assertEqual({key[1] for key in both}, {self.user})
        self.assertIn((self.other_company, self.user, self.team_north, self.month), both)

    def test_team_leader_sees_team_rows(self):
        visible = self._visible(self.leader)
        self.assertEqual({(key[1], key[2]) for key in visible}, {(self.user, self.team_north)})
        self.team_south.member_ids |= self.leader
        self.env.registry.clear_cache()  # record rules are cached per user
        south = self._visible(self.leader)
        self.assertIn((self.company, self.user2, self.team_south, self.month), south)

    def test_manager_and_finance_see_all_rows_of_their_companies(self):
        ours = (self.user | self.user2).ids
        for reader in (self.manager, self.finance):
            visible = {key for key in self._visible(reader) if key[1].id in ours}
            self.assertEqual(len(visible), 4, reader.login)
            self.assertEqual({key[0] for key in visible}, {self.company})

    def test_multi_company_rule(self):
        self.manager.company_ids |= self.other_company
        visible = self._visible(self.manager, self.company | self.other_company)
        self.assertIn((self.other_company, self.user2, self.team_south, self.month), visible)
        only_other = self._visible(self.manager, self.other_company)
        self.assertEqual({key[0] for key in only_other}, {self.other_company})

    def test_nobody_writes(self):
        report = self._report(self.manager, self.company)
        row = report.search([], limit=1)
        with self.assertRaises(AccessError):
            row.write({"order_amount": 1.0})
        with self.assertRaises(AccessError):
            report.create({"order_amount": 1.0})
        with self.assertRaises(AccessError):
            row.unlink()
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "ci_portal",
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self._report(portal).search([])
