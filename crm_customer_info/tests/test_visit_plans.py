from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW

MONDAYS = [
    "2024-06-17",
    "2024-06-24",
    "2024-07-01",
    "2024-07-08",
    "2024-07-15",
    "2024-07-22",
    "2024-07-29",
    "2024-08-05",
]


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlans(VisitPlanCase):
    def test_weekly_plan_plans_the_next_eight_weeks(self):
        plan = self._plan()
        visits = plan.visit_ids
        # today's 9:00 (Shanghai) is past: the next 8 Mondays, up to 8 weeks from today
        self.assertEqual(self._days(visits), MONDAYS)
        self.assertEqual(plan.visit_count, 8)
        first = visits.sorted("start")[0]
        self.assertEqual(first.start, datetime(2024, 6, 17, 1, 0))  # 9:00 in Shanghai
        self.assertEqual(first.visit_date, date(2024, 6, 17))
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        self.assertEqual(visits.user_id, self.user)
        self.assertEqual(visits.purpose_id, self.routine)
        self.assertEqual(plan.user_id, self.user, "the customer's salesperson by default")
        self.assertIn(self.customer.name, plan.name)

    def test_planned_visits_send_no_assignment_mail(self):
        """Weeks of visits at once: their activities, but no "assigned to you" e-mail each."""
        plan = self._plan()
        activities = plan.visit_ids.activity_ids
        self.assertEqual(len(activities), 8)
        self.assertEqual(activities.user_id, self.user)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "crm.customer.visit"), ("res_id", "in", plan.visit_ids.ids)]
            ),
            0,
            "no notification on the plan's visits",
        )

    def test_daily_job_is_idempotent(self):
        plan = self._plan()
        Plan = self.env["crm.customer.visit.plan"]
        self.assertFalse(Plan._cron_generate_visits())
        self.assertFalse(Plan._cron_generate_visits())
        self.assertEqual(len(plan.visit_ids), 8)
        # a day later the horizon moves on by one day: nothing new before the next Monday
        with freeze_time("2024-06-11 02:00:00"):
            self.assertFalse(Plan._cron_generate_visits())
        with freeze_time("2024-06-17 02:00:00"):
            self.assertEqual(self._days(Plan._cron_generate_visits()), ["2024-08-12"])

    def test_days_with_a_planned_visit_are_skipped(self):
        self._visit(start="2024-06-24 06:00:00")  # 14:00 in Shanghai, planned by hand
        plan = self._plan()
        self.assertNotIn("2024-06-24", self._days(plan.visit_ids))
        self.assertEqual(len(plan.visit_ids), 7)

    def test_a_cancelled_visit_of_the_plan_is_not_planned_again(self):
        plan = self._plan()
        visit = plan.visit_ids.sorted("start")[0]
        self._workflow(visit, state="cancelled", cancel_reason="Closed for holidays")
        self.assertFalse(self.env["crm.customer.visit.plan"]._cron_generate_visits())
        self.assertEqual(len(plan.visit_ids), 8)

    def test_monthly_plan_on_the_31st_clamps_to_month_ends(self):
        plan = self._plan(rule_type="monthly", month_day=31)
        self.assertEqual(self._days(plan.visit_ids), ["2024-06-30", "2024-07-31"])

    def test_plan_at_the_level_interval(self):
        # level A: every 30 days
        plan = self._plan(rule_type="level", date_start="2024-06-11")
        self.assertEqual(self._days(plan.visit_ids), ["2024-06-11", "2024-07-11"])

    def test_count_and_end_limit_the_plan(self):
        self.assertEqual(self._days(self._plan(count=3).visit_ids), MONDAYS[:1])
        plan = self._plan(self.customer2, date_end="2024-07-01")
        self.assertEqual(self._days(plan.visit_ids), MONDAYS[:3])

    def test_editing_moves_only_future_unstarted_visits(self):
        plan = self._plan()
        first, second = plan.visit_ids.sorted("start")[:2]
        with freeze_time("2024-06-18 02:00:00"):
            self._workflow(
                first,
                state="done",
                check_in="2024-06-17 01:00:00",
                check_out="2024-06-17 02:00:00",
            )
            self._workflow(second, check_in="2024-06-18 01:30:00")
            monday_visits = plan.visit_ids - first - second
            plan.write({"weekday": "2", "planned_hour": 10.0})
            self.assertFalse(monday_visits.exists(), "future unstarted visits follow the plan")
            self.assertEqual((first.state, first.start), ("done", datetime(2024, 6, 17, 1, 0)))
            self.assertEqual(second.start, datetime(2024, 6, 24, 1, 0))
            moved = plan.visit_ids - first - second
            self.assertEqual(
                self._days(moved),
                [
                    "2024-06-19",
                    "2024-06-26",
                    "2024-07-03",
                    "2024-07-10",
                    "2024-07-17",
                    "2024-07-24",
                    "2024-07-31",
                    "2024-08-07",
                ],
            )
            self.assertEqual({v.start.hour for v in moved}, {2})  # 10:00 in Shanghai

    def test_changing_the_salesperson_moves_future_visits(self):
        plan = self._plan()
        visits = plan.visit_ids
        plan.user_id = self.user2
        self.assertEqual(plan.visit_ids, visits, "the same visits, not new ones")
        self.assertEqual(visits.user_id, self.user2)

    def test_archiving_a_plan_removes_its_future_visits(self):
        plan = self._plan()
        plan.action_archive()
        self.assertFalse(plan.visit_ids)
        self.assertFalse(self.env["crm.customer.visit.plan"]._cron_generate_visits())
        plan.action_unarchive()
        self.assertEqual(len(plan.visit_ids), 8)

    def test_bad_plans_are_refused(self):
        for values in (
            {"date_end": "2024-05-01"},
            {"interval": 0},
            {"month_day": 32, "rule_type": "monthly"},
            {"planned_hour": 25.0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._plan(**values)
        with self.assertRaises(ValidationError):
            self._plan(self.contact)
        self.assertFalse(
            self.env["crm.customer.visit.plan"].search_count(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_customer_smart_button(self):
        plan = self._plan()
        self.assertEqual(self.customer.visit_plan_count, 1)
        action = self.customer.action_open_visit_plans()
        self.assertEqual(self.env["crm.customer.visit.plan"].search(action["domain"]), plan)
        action = plan.action_view_visits()
        self.assertEqual(self.env["crm.customer.visit"].search(action["domain"]), plan.visit_ids)


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlansHandover(VisitPlanCase):
    def test_handover_moves_plans_and_their_visits(self):
        plan = self._plan()
        other = self._plan(self.customer2)  # user2's customer: stays
        wizard = (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.user.id, "to_user_id": self.user2.id})
        )
        wizard.action_handover()
        self.assertEqual(wizard.moved_visit_plan_count, 1)
        self.assertEqual(plan.user_id, self.user2)
        self.assertEqual(plan.visit_ids.user_id, self.user2)
        self.assertEqual(len(plan.visit_ids), 8)
        self.assertEqual(other.user_id, self.user2)
        self.assertFalse(self.env["crm.customer.visit.plan"]._cron_generate_visits())
