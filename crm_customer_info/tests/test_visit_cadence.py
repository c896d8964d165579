from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common_visits import NOW, VisitCase

# Queries of one cadence cron run, whatever the number of customers.
CADENCE_QUERIES = 20


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitCadence(VisitCase):
    def test_next_visit_planned_on_done_for_each_level(self):
        # Done on 2024-06-10 (Shanghai): A every 30 days, B 60, C 90, override 14.
        cases = [
            (self.level_a, 0, date(2024, 7, 10)),
            (self.level_b, 0, date(2024, 8, 9)),
            (self.level_c, 0, date(2024, 9, 8)),
            (self.level_c, 14, date(2024, 6, 24)),
        ]
        for level, override, expected in cases:
            with self.subTest(level=level.code, override=override):
                customer = self._customer(
                    f"Cadence {level.code} {override}",
                    user_id=self.user.id,
                    level_id=level.id,
                    visit_interval_days=override,
                )
                visit = self._visit(customer, start="2024-06-10 01:00:00")
                visit.action_check_in()
                wizard = self._finish(visit)
                self.assertEqual(wizard.next_visit_date, expected)
                self.assertEqual(wizard.interval_days, override or level.visit_interval_days)
                following = visit.next_visit_id
                self.assertEqual(following.state, "planned")
                self.assertEqual(following.visit_date, expected)
                # Same local time as the done visit (9:00 Shanghai).
                self.assertEqual(following.start.time(), datetime(2024, 1, 1, 1, 0).time())
                self.assertEqual(following.user_id, self.user)
                self.assertEqual(following.purpose_id, self.routine)
                self.assertEqual(customer.last_visit_date, date(2024, 6, 10))
                self.assertEqual(customer.next_visit_due_date, expected)
                self.assertEqual(customer.next_planned_visit_date, following.start)

    def test_wizard_date_and_purpose_are_the_users_choice(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        self._finish(visit, next_visit_date="2024-06-20", next_purpose_id=self.collection.id)
        self.assertEqual(visit.next_visit_id.visit_date, date(2024, 6, 20))
        self.assertEqual(visit.next_visit_id.purpose_id, self.collection)
        self.assertEqual(
            self.customer.next_visit_due_date, date(2024, 7, 10), "the cadence is unchanged"
        )

    def test_only_suggest_when_the_company_says_so(self):
        self.env.company.crm_visit_planning = "suggest"
        visit = self._visit(start="2024-06-10 01:00:00")
        wizard = self._finish(visit)
        self.assertFalse(wizard.plan_next)
        self.assertEqual(wizard.next_visit_date, date(2024, 7, 10))
        self.assertFalse(visit.next_visit_id)
        self.assertEqual(
            self.env["crm.customer.visit"].search_count([("partner_id", "=", self.customer.id)]), 1
        )
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 7, 10))
        self.assertFalse(self.customer.next_planned_visit_date)

    def test_no_second_visit_when_one_is_planned(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        later = self._visit(start="2024-06-20 01:00:00")
        wizard = self._finish(visit)
        self.assertEqual(wizard.later_visit_id, later)
        self.assertFalse(visit.next_visit_id)
        self.assertEqual(
            self.env["crm.customer.visit"].search_count(
                [("partner_id", "=", self.customer.id), ("state", "=", "planned")]
            ),
            1,
        )

    def test_done_through_the_api_also_plans(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        visit.write(
            {
                "state": "done",
                "check_in": "2024-06-10 01:00:00",
                "check_out": "2024-06-10 02:00:00",
            }
        )
        self.assertEqual(visit.next_visit_id.visit_date, date(2024, 7, 10))

    def test_customer_dates_follow_visits_and_levels(self):
        self._done_visit(day="2024-05-01")
        planned = self._visit(start="2024-06-20 01:00:00")
        self.assertEqual(self.customer.last_visit_date, date(2024, 5, 1))
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 5, 31))
        self.assertEqual(self.customer.next_planned_visit_date, datetime(2024, 6, 20, 1, 0))
        self.assertFalse(self.customer.visit_overdue)
        self.assertEqual(self.customer.visit_count, 2)
        self.customer.level_id = self.level_b
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 6, 30))
        self.customer.visit_interval_days = 10
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 5, 11))
        self.level_b.visit_interval_days = 45
        self.customer.visit_interval_days = 0
        self.assertEqual(self.customer.next_visit_due_date, date(2024, 6, 15))
        planned.write({"state": "cancelled", "cancel_reason": "Duplicate"})
        self.assertFalse(self.customer.next_planned_visit_date)
        self.assertFalse(self.customer.visit_overdue, "due on the 15th, today is the 10th")
        # A customer never visited counts from the day it was created (B: now 45 days).
        self.assertEqual(self.customer2.last_visit_date, False)
        self.assertEqual(self.customer2.next_visit_due_date, date(2024, 2, 15))

    def test_dates_are_per_company(self):
        shared = self._customer("Shared Trading", user_id=self.user.id, level_id=self.level_a.id)
        self._done_visit(shared, day="2024-05-01")
        in_other = shared.with_company(self.other_company)
        self.assertEqual(shared.last_visit_date, date(2024, 5, 1))
        self.assertFalse(in_other.last_visit_date)
        self.env["crm.customer.visit"].with_company(self.other_company).create(
            {
                "partner_id": shared.id,
                "company_id": self.other_company.id,
                "start": "2024-04-01 02:00:00",
                "state": "done",
                "check_in": "2024-04-01 02:00:00",
                "check_out": "2024-04-01 03:00:00",
            }
        )
        self.assertEqual(in_other.last_visit_date, date(2024, 4, 1))
        self.assertEqual(shared.last_visit_date, date(2024, 5, 1))

    def test_overdue_customers_get_one_activity(self):
        self._done_visit(day="2024-05-01")  # level A: due 2024-05-31
        self._done_visit(self.customer2, day="2024-05-01")  # level B: due 2024-06-30
        Partner = self.env["res.partner"]
        overdue = Partner.search(
            [("visit_overdue", "=", True), ("id", "in", (self.customer | self.customer2).ids)]
        )
        self.assertEqual(overdue, self.customer)
        self.assertTrue(self.customer.visit_overdue)
        self.assertIn(self.customer2, Partner.search([("visit_overdue", "=", False)]))
        self.env["crm.customer.visit"]._cron_visit_cadence()
        activity = self._overdue_activities(self.customer | self.customer2)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_id, activity.user_id), (self.customer.id, self.user))
        self.assertEqual(activity.date_deadline, date(2024, 6, 10))
        with freeze_time("2024-06-11 02:00:00"):
            self.env["crm.customer.visit"]._cron_visit_cadence()
        self.assertEqual(self._overdue_activities(self.customer), activity, "not one a day")
        activity.action_feedback(feedback="Seen")
        with freeze_time("2024-06-12 02:00:00"):
            self.env["crm.customer.visit"]._cron_visit_cadence()
        self.assertFalse(self._overdue_activities(self.customer), "once per due date")
        # Planning a visit ends the warning.
        self.env["crm.customer.visit"]._crm_plan_for_customers(self.customer)
        self.assertFalse(self.customer.visit_overdue)
        self.assertNotIn(self.customer, Partner.search([("visit_overdue", "=", True)]))

    def test_planning_removes_the_overdue_activity(self):
        self._done_visit(day="2024-05-01")
        self.env["crm.customer.visit"]._cron_visit_cadence()
        self.assertEqual(len(self._overdue_activities(self.customer)), 1)
        self._visit(start="2024-06-11 01:00:00")
        self.assertFalse(self._overdue_activities(self.customer))

    def test_overdue_without_salesperson_goes_to_the_team_leader(self):
        orphan = self._customer("Orphan Ltd", level_id=self.level_a.id, team_id=self.team_north.id)
        nobody = self._customer("Nobody Ltd", level_id=self.level_a.id)
        self._set_created(orphan | nobody, "2024-01-01")
        self.env["crm.customer.visit"]._cron_visit_cadence()
        self.assertEqual(self._overdue_activities(orphan).user_id, self.leader)
        self.assertFalse(self._overdue_activities(nobody))
        self.assertTrue(nobody.visit_overdue, "still listed as overdue")

    def _bulk_overdue_customers(self, size):
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk {size} {index}",
                    "is_company": True,
                    "user_id": self.user.id,
                    "level_id": self.level_a.id,
                }
                for index in range(size)
            ]
        )
        self.env["crm.customer.visit"].create(
            [
                {
                    "partner_id": customer.id,
                    "start": "2024-05-01 02:00:00",
                    "state": "done",
                    "check_in": "2024-05-01 02:00:00",
                    "check_out": "2024-05-01 03:00:00",
                }
                for customer in customers
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return customers

    def _assert_cadence_queries(self, size):
        # A first run warms the caches and handles the customers that were already overdue.
        self.env["crm.customer.visit"]._cron_visit_cadence()
        customers = self._bulk_overdue_customers(size)
        with self.assertQueryCount(__system__=CADENCE_QUERIES):
            self.env["crm.customer.visit"]._cron_visit_cadence()
        self.assertEqual(len(self._overdue_activities(customers)), size)
        self.assertTrue(all(customers.mapped("visit_overdue")))

    def test_cadence_cron_queries_8_customers(self):
        self._assert_cadence_queries(8)

    def test_cadence_cron_queries_80_customers(self):
        self._assert_cadence_queries(80)

    def test_missed_visits_notified_once(self):
        missed = self._visit(start="2024-06-09 00:00:00")  # ended 25 hours ago
        recent = self._visit(start="2024-06-09 02:00:00")  # ended 23 hours ago
        checked_in = self._visit(start="2024-06-08 01:00:00")
        checked_in.check_in = "2024-06-08 01:05:00"
        Message = self.env["mail.message"]
        before = Message.search([])
        self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertEqual(missed.state, "missed")
        self.assertEqual(recent.state, "planned")
        self.assertEqual(checked_in.state, "planned", "checked in: only not closed")
        notifications = (Message.search([]) - before).filtered(
            lambda m: m.message_type == "user_notification"
        )
        self.assertEqual(len(notifications), 2)
        self.assertEqual(
            sorted(notifications.mapped("partner_ids").ids),
            sorted((self.user.partner_id | self.leader.partner_id).ids),
        )
        for message in notifications:
            self.assertEqual(len(message.partner_ids), 1)
            self.assertIn(missed.name, message.body)
        self.assertFalse(missed.activity_ids)
        before = Message.search([])
        self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertFalse(
            (Message.search([]) - before).filtered(lambda m: m.message_type == "user_notification"),
            "a second run sends nothing",
        )
        with freeze_time("2024-06-10 04:00:00"):
            self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertEqual(recent.state, "missed")

    def test_missed_grace_period_is_a_setting(self):
        visit = self._visit(start="2024-06-09 00:00:00")
        self.env.company.crm_visit_grace_hours = 48
        self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertEqual(visit.state, "planned")
        self.env.company.crm_visit_grace_hours = 0
        self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertEqual(visit.state, "missed")

    def test_plan_visits_action_skips_planned_customers(self):
        busy = self._customer("Busy Ltd", user_id=self.user2.id, level_id=self.level_b.id)
        existing = self._visit(busy)
        self._done_visit(self.customer2, day="2024-06-01")  # level B: due 2024-07-31
        selection = self.customer | self.customer2 | busy | self.contact
        action = self.env.ref("crm_customer_info.res_partner_action_plan_visits")
        result = action.with_context(active_model="res.partner", active_ids=selection.ids).run()
        Visit = self.env["crm.customer.visit"]
        visits = Visit.search([("partner_id", "in", selection.ids), ("state", "=", "planned")])
        visits -= existing
        self.assertEqual(visits.partner_id, self.customer | self.customer2)
        by_customer = {visit.partner_id: visit for visit in visits}
        # Overdue customer: tomorrow 9:00 Shanghai; the other one on its due day.
        self.assertEqual(by_customer[self.customer].start, datetime(2024, 6, 11, 1, 0))
        self.assertEqual(by_customer[self.customer2].start, datetime(2024, 7, 31, 1, 0))
        self.assertEqual(by_customer[self.customer2].user_id, self.user2)
        self.assertEqual(result["params"]["next"]["domain"], [("id", "in", sorted(visits.ids))])
        self.assertIn("1 customers skipped", result["params"]["message"])
        again = self.env["res.partner"].browse(selection.ids).action_plan_visits()
        self.assertEqual(again["params"]["type"], "warning")
        self.assertEqual(
            Visit.search_count([("partner_id", "in", selection.ids), ("state", "=", "planned")]), 3
        )
