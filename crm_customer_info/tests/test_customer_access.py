from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestSecurity(CustomerInfoCase):
    def test_groups_form_a_chain(self):
        manager_group = self.env.ref("crm_customer_info.group_crm_customer_manager")
        leader_group = self.env.ref("crm_customer_info.group_crm_customer_team_leader")
        user_group = self.env.ref("crm_customer_info.group_crm_customer_user")
        self.assertIn(leader_group, manager_group.trans_implied_ids)
        self.assertIn(user_group, leader_group.trans_implied_ids)
        self.assertTrue(self.user.has_group("crm_customer_info.group_crm_customer_user"))
        self.assertFalse(self.user.has_group("crm_customer_info.group_crm_customer_manager"))
        self.assertTrue(self.manager.has_group("crm_customer_info.group_crm_customer_manager"))
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("crm_customer_info.group_crm_customer_manager"))

    def test_user_reads_but_cannot_edit_configuration(self):
        for model in ("crm.customer.level", "crm.customer.region"):
            records = self.env[model].with_user(self.user)
            self.assertTrue(records.has_access("read"))
            self.assertFalse(records.has_access("write"))
            with self.assertRaises(AccessError):
                records.create({"name": "Z", "code": "Z"})
        with self.assertRaises(AccessError):
            self.level_a.with_user(self.user).write({"visit_interval_days": 1})
        with self.assertRaises(AccessError):
            self.level_a.with_user(self.leader).unlink()
        self.assertEqual(self.level_a.with_user(self.finance).name, self.level_a.name)

    def test_finance_opens_the_app_but_not_its_configuration(self):
        """Finance reads the same customer file and figures as sales, from the same menus."""
        visible = self.env["ir.ui.menu"].with_user(self.finance)._visible_menu_ids()
        for menu in (
            "menu_crm_customer_root",
            "menu_crm_customer_customers",
            "menu_crm_customer_log",
            "menu_crm_customer_performance",
            "menu_crm_customer_churn_risk",
        ):
            self.assertIn(self.env.ref(f"crm_customer_info.{menu}").id, visible, menu)
        configuration = self.env.ref("crm_customer_info.menu_crm_customer_configuration")
        self.assertNotIn(configuration.id, visible)
        employee = self._new_user("ci_employee", "base.group_user")
        root = self.env.ref("crm_customer_info.menu_crm_customer_root")
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids())

    def test_manager_edits_configuration(self):
        level = (
            self.env["crm.customer.level"]
            .with_user(self.manager)
            .create(
                {
                    "name": "E - Trial",
                    "code": "E",
                    "visit_interval_days": 365,
                    "company_id": self.company.id,
                }
            )
        )
        level.write({"visit_interval_days": 200})
        region = (
            self.env["crm.customer.region"]
            .with_user(self.manager)
            .create({"name": "West", "company_id": self.company.id})
        )
        region.name = "West China"
        level.unlink()
        region.unlink()
        self.assertFalse(level.exists() or region.exists())

    def test_handover_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.handover"].with_user(self.user).create(
                {"from_user_id": self.user.id, "to_user_id": self.user2.id}
            )

    def test_company_levels_hidden_from_other_companies(self):
        foreign = self.env["crm.customer.level"].create(
            {"name": "Other company level", "code": "X", "company_id": self.other_company.id}
        )
        shared = self.level_a
        visible = self.env["crm.customer.level"].with_user(self.user).search([])
        self.assertIn(shared, visible)
        self.assertNotIn(foreign, visible)
        foreign_region = self.env["crm.customer.region"].create(
            {"name": "Other company region", "company_id": self.other_company.id}
        )
        self.assertNotIn(
            foreign_region, self.env["crm.customer.region"].with_user(self.user).search([])
        )

    def test_salesperson_registers_customer(self):
        partner = self._customer("Walk-in Customer", user_id=self.user.id)
        partner.with_user(self.user).action_register_customer()
        self.assertTrue(partner.customer_number)
