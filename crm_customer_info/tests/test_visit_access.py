from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common_visits import NOW, VisitCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitSecurity(VisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls._new_user("ci_outsider", "sales_team.group_sale_salesman")
        cls.outsider_customer = cls._customer("Outsider Customer", user_id=cls.outsider.id)
        Visit = cls.env["crm.customer.visit"]
        # user's own customer, visited by user
        cls.own = Visit.create({"partner_id": cls.customer.id, "start": "2024-06-12 01:00:00"})
        # user2's customer (South team), visited by user2
        cls.south = Visit.create({"partner_id": cls.customer2.id, "start": "2024-06-12 01:00:00"})
        # outsider's customer, user goes along as companion
        cls.accompanied = Visit.create(
            {
                "partner_id": cls.outsider_customer.id,
                "start": "2024-06-12 01:00:00",
                "companion_ids": [(6, 0, cls.user.ids)],
            }
        )
        # outsider's customer, visited by user: user is responsible for this visit
        cls.assigned = Visit.create(
            {
                "partner_id": cls.outsider_customer.id,
                "user_id": cls.user.id,
                "start": "2024-06-13 01:00:00",
            }
        )
        # outsider alone
        cls.foreign = Visit.create(
            {"partner_id": cls.outsider_customer.id, "start": "2024-06-14 01:00:00"}
        )
        shared = cls._customer("Shared Trading", user_id=cls.user.id)
        cls.other_company_visit = Visit.with_company(cls.other_company).create(
            {
                "partner_id": shared.id,
                "company_id": cls.other_company.id,
                "user_id": cls.user.id,
                "start": "2024-06-12 01:00:00",
            }
        )
        cls.all_visits = (
            cls.own
            | cls.south
            | cls.accompanied
            | cls.assigned
            | cls.foreign
            | cls.other_company_visit
        )

    def _visible(self, user):
        return (
            self.env["crm.customer.visit"]
            .with_user(user)
            .search([("id", "in", self.all_visits.ids)])
        )

    def test_user_sees_and_edits_own_visits_only(self):
        self.assertEqual(self._visible(self.user), self.own | self.accompanied | self.assigned)
        self.own.with_user(self.user).write({"duration": 2})
        self.assigned.with_user(self.user).action_check_in()
        with self.assertRaises(AccessError):
            self.south.with_user(self.user).write({"duration": 2})
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            self.own.with_user(self.user).unlink()

    def test_user_plans_a_visit_for_own_customer(self):
        visit = (
            self.env["crm.customer.visit"]
            .with_user(self.user)
            .create({"partner_id": self.customer.id, "start": "2024-06-15 01:00:00"})
        )
        self.assertEqual(visit.user_id, self.user)
        self.assertEqual(len(visit.activity_ids), 1)
        self.assertTrue(visit.calendar_event_id)
        visit.with_user(self.user).action_cancel()
        wizard = (
            self.env["crm.customer.visit.cancel"]
            .with_user(self.user)
            .create({"visit_ids": [(6, 0, visit.ids)], "reason": "Customer asked to postpone"})
        )
        wizard.action_confirm()
        self.assertEqual(visit.state, "cancelled")

    def test_user_closes_own_visit(self):
        visit = self.own.with_user(self.user)
        visit.action_check_in()
        wizard = (
            self.env["crm.customer.visit.done"]
            .with_user(self.user)
            .with_context(default_visit_id=visit.id)
            .create({"outcome": "<p>Order confirmed.</p>", "satisfaction": "5"})
        )
        wizard.action_confirm()
        self.assertEqual(self.own.state, "done")
        self.assertFalse(self.own.activity_ids)
        self.assertEqual(self.own.next_visit_id.user_id, self.user)
        self.assertEqual(self.own.next_visit_id.create_uid, self.user)

    def test_team_leader_sees_the_team(self):
        # Visits of North Team (led by leader); the accompanied one belongs to no team.
        self.assertEqual(self._visible(self.leader), self.own | self.assigned)
        self.own.with_user(self.leader).write({"duration": 3})
        with self.assertRaises(AccessError):
            self.south.with_user(self.leader).read(["name"])
        self.team_south.member_ids = [(4, self.leader.id)]
        self.assertIn(self.south, self._visible(self.leader))

    def test_manager_sees_all_of_allowed_companies(self):
        expected = self.all_visits - self.other_company_visit
        self.assertEqual(self._visible(self.manager), expected)
        self.foreign.with_user(self.manager).write({"duration": 2})
        self.foreign.with_user(self.manager).unlink()
        self.manager.company_ids |= self.other_company
        visible = (
            self.env["crm.customer.visit"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.env.company.id, self.other_company.id])
            .search([("id", "in", self.all_visits.ids)])
        )
        self.assertIn(self.other_company_visit, visible)

    def test_other_company_hidden_from_its_salesperson(self):
        with self.assertRaises(AccessError):
            self.other_company_visit.with_user(self.user).read(["name"])

    def test_finance_reads_only(self):
        self.assertEqual(self._visible(self.finance), self.all_visits - self.other_company_visit)
        with self.assertRaises(AccessError):
            self.own.with_user(self.finance).write({"duration": 2})
        with self.assertRaises(AccessError):
            self.env["crm.customer.visit"].with_user(self.finance).create(
                {"partner_id": self.customer.id, "start": "2024-06-15 01:00:00"}
            )

    def test_configuration_for_managers(self):
        Purpose = self.env["crm.customer.visit.purpose"]
        self.assertTrue(Purpose.with_user(self.user).search([]))
        with self.assertRaises(AccessError):
            Purpose.with_user(self.user).create({"name": "Lunch"})
        Purpose.with_user(self.manager).create({"name": "Trade fair follow-up"})
        foreign = Purpose.create({"name": "Foreign purpose", "company_id": self.other_company.id})
        self.assertNotIn(foreign, Purpose.with_user(self.user).search([]))

    def test_plan_visits_action_for_customer_users(self):
        action = self.env.ref("crm_customer_info.res_partner_action_plan_visits")
        user_group = self.env.ref("crm_customer_info.group_crm_customer_user")
        self.assertEqual(action.groups_id, user_group)
        self.assertEqual(action.binding_model_id.model, "res.partner")
        self.customer.with_user(self.user).action_plan_visits()
        self.assertTrue(self.customer.next_planned_visit_date)
