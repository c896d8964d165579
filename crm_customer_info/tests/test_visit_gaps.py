import importlib.util
from datetime import date
from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.2.0" / "post-migrate-gaps.py"


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitGaps(VisitPlanCase):
    """Minimum and maximum days between visits per level (level A: 30-day interval)."""

    def _overdue_ids(self):
        return self.env["res.partner"].search([("visit_overdue", "=", True)]).ids

    def test_overdue_after_the_max_gap(self):
        self._done_visit(day="2024-05-01")  # 40 days before today, 2024-06-10
        customer = self.customer
        self.assertFalse(customer.next_planned_visit_date)
        # without gaps: due and overdue after the interval, as before
        self.assertEqual(customer.next_visit_due_date, date(2024, 5, 31))
        self.assertEqual(customer.visit_overdue_date, date(2024, 5, 31))
        self.assertTrue(customer.visit_overdue)
        # A: 20 to 40 days: still due after 30 days, overdue only after 40
        self.level_a.write({"visit_min_gap_days": 20, "visit_max_gap_days": 40})
        self.assertEqual(customer.next_visit_due_date, date(2024, 5, 31))
        self.assertEqual(customer.visit_overdue_date, date(2024, 6, 10))
        self.assertFalse(customer.visit_overdue)
        self.assertNotIn(customer.id, self._overdue_ids())
        self.env["crm.customer.visit"]._cron_visit_cadence()
        activity = customer.activity_ids.filtered(lambda a: a.activity_type_id == self.overdue_type)
        self.assertFalse(activity, "not overdue before the maximum gap")
        # a maximum of 35 days: overdue since 2024-06-05, reminded once by the daily job
        self.level_a.visit_max_gap_days = 35
        self.assertEqual(customer.visit_overdue_date, date(2024, 6, 5))
        self.assertTrue(customer.visit_overdue)
        self.assertIn(customer.id, self._overdue_ids())
        self.env["crm.customer.visit"]._cron_visit_cadence()
        self.env["crm.customer.visit"]._cron_visit_cadence()
        activity = customer.activity_ids.filtered(lambda a: a.activity_type_id == self.overdue_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)

    def test_next_visit_due_not_sooner_than_the_min_gap(self):
        self.customer.visit_interval_days = 10  # the customer's own interval
        self._done_visit(day="2024-05-01")
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 5, 11))
        self.level_a.visit_min_gap_days = 20
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 5, 21))
        visit = self._visit(start="2024-06-12 02:00:00")
        self.assertEqual(visit._crm_cadence_interval(), 20)

    def test_plan_skips_days_within_the_min_gap(self):
        self.level_a.visit_min_gap_days = 20
        plan = self._plan()  # every Monday at 9:00, from 2024-06-17 to 2024-08-05
        self.assertEqual(self._days(plan.visit_ids), ["2024-06-17", "2024-07-08", "2024-07-29"])
        # idempotent: the next run plans nothing more, skipped days stay skipped
        self.assertFalse(self.env["crm.customer.visit.plan"]._cron_generate_visits())
        # a done visit of the customer counts too: the plan follows it
        plan.active = False
        self._done_visit(day="2024-06-05")
        plan.active = True
        visits = plan.visit_ids.filtered(lambda v: v.state == "planned")
        self.assertEqual(self._days(visits), ["2024-07-01", "2024-07-22"])

    def test_plan_without_min_gap_plans_every_occurrence(self):
        plan = self._plan()
        self.assertEqual(len(plan.visit_ids), 8)

    def test_gaps_validation(self):
        cases = [
            ({"visit_min_gap_days": 31}, "minimum days between visits (31)"),
            ({"visit_max_gap_days": 29}, "maximum days between visits (29)"),
            ({"visit_interval_days": 0, "visit_max_gap_days": 40}, "which must be set"),
            ({"visit_min_gap_days": -1}, "must be between"),
            ({"visit_max_gap_days": -5}, "must be between"),
        ]
        for values, text in cases:
            with self.subTest(values=values), self.assertRaisesText(ValidationError, text):
                self.level_a.write(values)
        self.level_a.write({"visit_min_gap_days": 30, "visit_max_gap_days": 30})  # bounds included
        self.assertEqual(self.level_a.visit_max_gap_days, 30)

    def test_gaps_validation_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        level = self.level_a.with_context(lang="zh_CN")
        with self.assertRaisesText(ValidationError, "最短回访间隔天数（31）"):
            level.visit_min_gap_days = 31
        with self.assertRaisesText(ValidationError, "最长回访间隔天数（29）"):
            level.visit_max_gap_days = 29

    def test_migration_keeps_the_overdue_customers(self):
        """Upgrade to 18.0.1.2.0: levels without gaps; the overdue date is filled in."""
        self._done_visit(day="2024-05-01")
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET visit_overdue_date = NULL")
        self.env.invalidate_all()
        self.assertFalse(self.customer.visit_overdue, "no overdue date before the migration")
        spec = importlib.util.spec_from_file_location("post_migrate_gaps", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual((self.level_a.visit_min_gap_days, self.level_a.visit_max_gap_days), (0, 0))
        self.assertEqual(self.customer.visit_overdue_date, date(2024, 5, 31))
        self.assertTrue(self.customer.visit_overdue)
        self.assertIn(self.customer.id, self._overdue_ids())
