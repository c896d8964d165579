from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlansAccess(VisitPlanCase):
    """Plans are seen and changed as the customer's visits are (see also the access matrix)."""

    def test_salesperson_plans_and_changes_their_customer(self):
        plan = self._plan().with_user(self.user)
        plan.write({"weekday": "4"})  # the salesperson may not delete visits: the plan may
        self.assertEqual({v.start.weekday() for v in plan.visit_ids}, {4})
        self.assertEqual(len(plan.visit_ids), 8)

    def test_other_salesperson_neither_sees_nor_changes(self):
        plan = self._plan()
        Plan = self.env["crm.customer.visit.plan"].with_user(self.user2)
        self.assertFalse(Plan.search([("id", "=", plan.id)]))
        with self.assertRaises(AccessError):
            plan.with_user(self.user2).write({"weekday": "4"})
        with self.assertRaises(AccessError):
            plan.with_user(self.user2).unlink()

    def test_team_leader_and_finance(self):
        plan = self._plan()
        self.assertTrue(plan.with_user(self.leader).visit_ids)
        plan.with_user(self.leader).write({"planned_hour": 11.0})
        self.assertEqual(plan.with_user(self.finance).name, plan.name)
        with self.assertRaises(AccessError):
            plan.with_user(self.finance).write({"planned_hour": 12.0})

    def test_a_request_cannot_link_visits_to_plans(self):
        plan = self._plan()
        visit = self._visit(self.customer2, start="2024-06-20 01:00:00")
        with self.assertRaises(UserError):
            visit.with_user(self.user2).write({"plan_id": plan.id})
        with self.assertRaises(UserError):
            self.env["crm.customer.visit"].with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "start": "2024-06-20 01:00:00",
                    "plan_id": plan.id,
                    "plan_date": "2024-06-20",
                }
            )

    def test_other_company_does_not_see_the_plan(self):
        plan = self._plan()
        self.user.write({"company_ids": [(4, self.other_company.id)]})
        Plan = self.env["crm.customer.visit.plan"].with_user(self.user)
        other_company = Plan.with_context(allowed_company_ids=[self.other_company.id])
        self.assertFalse(other_company.search([("id", "=", plan.id)]))
        self.assertEqual(Plan.search([("id", "=", plan.id)]), plan)
