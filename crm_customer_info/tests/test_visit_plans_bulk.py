from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlansBulk(VisitPlanCase):
    """The "Create Visit Plans" wizard: one ordinary plan per customer, many at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env["crm.customer.region"]
        cls.east = Region.create({"name": "East China"})
        cls.shanghai = Region.create({"name": "Shanghai", "parent_id": cls.east.id})
        cls.west = Region.create({"name": "West China"})
        # levels of their own: the demo data has customers of levels A to C
        Level = cls.env["crm.customer.level"]
        cls.key = Level.create({"name": "Key Account", "code": "KEY"})
        cls.fleet = Level.create({"name": "Fleet", "code": "FLT"})
        cls.empty = Level.create({"name": "Nobody", "code": "NONE"})
        cls.customer.write({"region_id": cls.shanghai.id, "level_id": cls.key.id})
        cls.customer2.level_id = cls.fleet
        cls.customer3 = cls._customer(
            "Hangzhou Motors", user_id=cls.user.id, level_id=cls.key.id, region_id=cls.east.id
        )
        cls.customer4 = cls._customer(
            "Chengdu Fuel", user_id=cls.user2.id, level_id=cls.fleet.id, region_id=cls.west.id
        )

    def _wizard(self, user=None, **values):
        Wizard = self.env["crm.customer.visit.plan.bulk"].with_user(user or self.manager)
        return Wizard.create(
            {
                "rule_type": "weekly",
                "weekday": "2",
                "planned_hour": 10.0,
                "purpose_id": self.routine.id,
                "date_start": "2024-06-01",
                **values,
            }
        )

    def _plans(self, customers):
        return self.env["crm.customer.visit.plan"].search([("partner_id", "in", customers.ids)])

    def test_by_level(self):
        wizard = self._wizard(level_ids=[Command.set(self.key.ids)])
        self.assertEqual((wizard.customer_count, wizard.existing_count), (2, 0))
        plans, skipped = wizard._create_plans()
        self.assertEqual(plans.partner_id, self.customer | self.customer3)
        self.assertEqual(skipped, 0)
        for plan in plans:
            self.assertEqual(
                (plan.rule_type, plan.weekday, plan.planned_hour, plan.purpose_id),
                ("weekly", "2", 10.0, self.routine),
            )
            self.assertEqual(plan.user_id, self.user, "the customer's salesperson")
            self.assertEqual(len(plan.visit_ids), 8, "its visits of the next 8 weeks")
            self.assertEqual({v.start.weekday() for v in plan.visit_ids}, {2})

    def test_by_region_includes_sub_regions(self):
        plans, _skipped = self._wizard(region_ids=[Command.set(self.east.ids)])._create_plans()
        self.assertEqual(plans.partner_id, self.customer | self.customer3)
        plans, _skipped = self._wizard(region_ids=[Command.set(self.west.ids)])._create_plans()
        self.assertEqual(plans.partner_id, self.customer4)

    def test_by_team_and_salesperson(self):
        plans, _skipped = self._wizard(
            user_ids=[Command.set(self.user2.ids)], level_ids=[Command.set(self.fleet.ids)]
        )._create_plans()
        self.assertEqual(plans.partner_id, self.customer2 | self.customer4)

    def test_customers_with_a_plan_are_skipped_and_counted(self):
        self._plan(self.customer)
        archived = self._plan(self.customer3)
        archived.active = False  # an archived plan does not count
        wizard = self._wizard(
            partner_ids=[Command.set((self.customer | self.customer2 | self.customer3).ids)]
        )
        self.assertEqual((wizard.customer_count, wizard.existing_count), (3, 1))
        action = wizard.action_create_plans()
        self.assertEqual(
            self._plans(self.customer2 | self.customer3).partner_id,
            self.customer2 | self.customer3,
        )
        self.assertEqual(len(self._plans(self.customer)), 1, "no second plan")
        message = action["params"]["message"]
        self.assertIn("2 plans created with 16 visits", message)
        self.assertIn("1 customers skipped", message)
        # run again: everything skipped
        action = self._wizard(partner_ids=[Command.set(self.customer2.ids)]).action_create_plans()
        self.assertIn("0 plans created", action["params"]["message"])
        self.assertEqual(len(self._plans(self.customer2)), 1)

    def test_selected_contacts_plan_their_company(self):
        action = self.env["crm.customer.visit.plan.bulk"].action_open_for_customers(self.contact)
        self.assertEqual(action["context"]["default_partner_ids"], self.customer.ids)

    def test_empty_selection_is_refused(self):
        with self.assertRaisesText(UserError, "Choose the customers"):
            self._wizard()._create_plans()
        with self.assertRaisesText(UserError, "No customer"):
            self._wizard(level_ids=[Command.set(self.empty.ids)])._create_plans()
        with self.assertRaisesText(UserError, "Select the customers"):
            self.env["crm.customer.visit.plan.bulk"].action_open_for_customers(
                self.env["res.partner"]
            )
        with self.assertRaisesText(UserError, "end of the plans comes before"):
            self._wizard(
                level_ids=[Command.set(self.key.ids)], date_end="2024-05-01"
            )._create_plans()

    def test_salesperson_plans_only_their_own_customers(self):
        # by criteria: the other salesperson's customers are left out
        wizard = self._wizard(self.user, level_ids=[Command.set((self.key | self.fleet).ids)])
        self.assertEqual(wizard.customer_count, 2)
        plans, _skipped = wizard._create_plans()
        self.assertEqual(plans.partner_id, self.customer | self.customer3)
        # selected: refused as a whole, nothing created
        wizard = self._wizard(
            self.user, partner_ids=[Command.set((self.customer2 | self.customer4).ids)]
        )
        self.assertEqual(wizard.customer_count, 0, "the wizard opens, counting none")
        with self.assertRaisesText(AccessError, "Jinling Parts"):
            wizard._create_plans()
        self.assertFalse(self._plans(self.customer2 | self.customer4))
        # nor through the salesperson criterion
        with self.assertRaisesText(UserError, "No customer"):
            self._wizard(self.user, user_ids=[Command.set(self.user2.ids)])._create_plans()

    def test_team_leader_plans_their_teams_customers(self):
        self.assertEqual(self.customer.team_id, self.team_north)
        plans, _skipped = self._wizard(
            self.leader, partner_ids=[Command.set(self.customer.ids)]
        )._create_plans()
        self.assertEqual(plans.partner_id, self.customer)
        with self.assertRaises(AccessError):
            self._wizard(self.leader, partner_ids=[Command.set(self.customer2.ids)])._create_plans()

    def test_finance_cannot_create_plans(self):
        with self.assertRaises(AccessError):
            self._wizard(self.finance, partner_ids=[Command.set(self.customer.ids)])._create_plans()

    def test_other_company_customers_are_not_planned(self):
        self.customer3.company_id = self.other_company
        plans, _skipped = self._wizard(level_ids=[Command.set(self.key.ids)])._create_plans()
        self.assertEqual(plans.partner_id, self.customer)

    def _queries(self, count):
        """Queries of creating the plans (and their visits) of ``count`` new customers."""
        level = self.env["crm.customer.level"].create(
            {"name": f"Bulk {count}", "code": f"B{count}", "visit_interval_days": 30}
        )
        self.env["res.partner"].create(
            [
                {
                    "name": f"Fleet {count}-{i}",
                    "is_company": True,
                    "user_id": self.user.id,
                    "level_id": level.id,
                }
                for i in range(count)
            ]
        )
        # monthly: 2 visits a plan, so that Odoo's INSERTs of 100 rows stay one per table
        wizard = self._wizard(level_ids=[Command.set(level.ids)], rule_type="monthly", month_day=15)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        plans, _skipped = wizard._create_plans()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(plans), count)
        self.assertEqual(len(plans.visit_ids), 2 * count)
        return queries

    def test_queries_do_not_grow_with_the_customers(self):
        self._queries(3)  # warm the caches
        five = self._queries(5)
        twenty = self._queries(20)
        self.assertEqual(twenty, five, f"{five} queries for 5 customers, {twenty} for 20")
