from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_logs import LogCase


@tagged("post_install", "-at_install")
class TestLogAccess(LogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust_nobody = cls._customer("Log Customer Without Salesperson")
        cls.log_own = cls._log_as(cls.complaint, cls.cust)  # customer of user, team north
        cls.log_south = cls._log_as(cls.complaint, cls.cust_south)  # user2, team south
        cls.log_assigned = cls._log_as(
            cls.consultation, cls.cust_nobody, user_id=cls.user.id, team_id=False
        )
        cls.log_other = cls._log_as(
            cls.consultation, cls.cust_nobody, user_id=cls.user2.id, team_id=cls.team_south.id
        )
        cls.log_foreign = cls.env["crm.customer.log"].create(
            {
                "type_id": cls.contact_type.id,
                "partner_id": cls.cust_nobody.id,
                "subject": "Other company entry",
                "company_id": cls.other_company.id,
                "user_id": cls.manager.id,
            }
        )
        cls.all_logs = (
            cls.log_own | cls.log_south | cls.log_assigned | cls.log_other | cls.log_foreign
        )

    @classmethod
    def _log_as(cls, log_type, partner, **values):
        return cls.env["crm.customer.log"].create(
            {"type_id": log_type.id, "partner_id": partner.id, "subject": "Access", **values}
        )

    def _visible(self, user):
        return (
            self.env["crm.customer.log"].with_user(user).search([("id", "in", self.all_logs.ids)])
        )

    def test_user_sees_own_customers_assigned_and_created(self):
        created = (
            self.env["crm.customer.log"]
            .with_user(self.user)
            .create(
                {
                    "type_id": self.contact_type.id,
                    "partner_id": self.cust_nobody.id,
                    "subject": "Met them at the fair",
                    "user_id": self.user2.id,
                }
            )
        )
        self.assertEqual(created.create_uid, self.user)
        self.assertEqual(self._visible(self.user), self.log_own | self.log_assigned)
        self.assertTrue(created.with_user(self.user).has_access("read"))
        for log in (self.log_own, self.log_assigned, created):
            log.with_user(self.user).write({"subject": "Edited by the user"})
        for log in (self.log_south, self.log_other):
            with self.assertRaises(AccessError):
                log.with_user(self.user).read(["subject"])
            with self.assertRaises(AccessError):
                log.with_user(self.user).write({"subject": "Not mine"})
        with self.assertRaises(AccessError):
            self.log_own.with_user(self.user).unlink()

    def test_team_leader_sees_the_team(self):
        self.assertEqual(self.log_own.team_id, self.team_north)
        visible = self._visible(self.leader)
        self.assertEqual(visible, self.log_own)
        self.log_own.with_user(self.leader).write({"satisfaction": "3"})
        with self.assertRaises(AccessError):
            self.log_south.with_user(self.leader).write({"satisfaction": "3"})
        self.team_south.user_id = self.leader
        self.env["ir.rule"].invalidate_model()
        self.assertEqual(self._visible(self.leader), self.log_own | self.log_south | self.log_other)

    def test_manager_sees_all_of_the_allowed_companies(self):
        self.assertEqual(self._visible(self.manager), self.all_logs - self.log_foreign)
        (self.all_logs - self.log_foreign).with_user(self.manager).write({"satisfaction": "2"})
        self.log_other.with_user(self.manager).unlink()
        self.manager.company_ids |= self.other_company
        visible = (
            self.env["crm.customer.log"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.env.company.id, self.other_company.id])
            .search([("id", "in", self.all_logs.ids)])
        )
        self.assertIn(self.log_foreign, visible)

    def test_finance_reads_all_and_writes_nothing(self):
        self.assertEqual(self._visible(self.finance), self.all_logs - self.log_foreign)
        log = self.log_own.with_user(self.finance)
        self.assertEqual(log.subject, "Access")
        with self.assertRaises(AccessError):
            log.write({"subject": "Finance edit"})
        with self.assertRaises(AccessError):
            self.env["crm.customer.log"].with_user(self.finance).create(
                {"type_id": self.contact_type.id, "partner_id": self.cust.id, "subject": "No"}
            )

    def test_parts_follow_their_entry(self):
        self.log_own.part_ids = [Command.create({"product_id": self.plain_product.id})]
        self.log_south.part_ids = [Command.create({"product_id": self.plain_product.id})]
        Part = self.env["crm.customer.log.part"]
        parts = (self.log_own | self.log_south).part_ids
        self.assertEqual(
            Part.with_user(self.user).search([("id", "in", parts.ids)]), self.log_own.part_ids
        )
        self.assertEqual(Part.with_user(self.finance).search([("id", "in", parts.ids)]), parts)
        with self.assertRaises(AccessError):
            self.log_south.part_ids.with_user(self.user).write({"quantity": 5})

    def test_log_types_are_configured_by_managers(self):
        self.assertTrue(self.complaint.with_user(self.user).name)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.user).write({"needs_resolution": False})
        # a shared type is changed by a manager of every company (issue 11, item 10)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.manager).write({"needs_resolution": False})
        self.manager.company_ids = self.env["res.company"].search([])
        self.complaint.with_user(self.manager).write({"needs_resolution": False})

    def test_product_trace_follows_the_customers(self):
        self._move(self.cust, self.plain_product, 3)
        self._move(self.cust_south, self.plain_product, 2)
        Trace = self.env["crm.customer.product.trace"]
        domain = [("product_id", "=", self.plain_product.id)]
        self.assertEqual(Trace.with_user(self.user).search(domain).partner_id, self.cust)
        self.assertEqual(Trace.with_user(self.leader).search(domain).partner_id, self.cust)
        self.assertEqual(
            Trace.with_user(self.manager).search(domain).partner_id, self.cust | self.cust_south
        )
        self.assertEqual(
            Trace.with_user(self.finance).search(domain).partner_id, self.cust | self.cust_south
        )


@tagged("post_install", "-at_install")
class TestCustomerFormLogs(LogCase):
    def _customers(self, count):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Form customer {i}", "is_company": True, "user_id": self.user.id}
                for i in range(count)
            ]
        )
        types = [self.complaint, self.consultation, self.contact_type]
        logs = self.env["crm.customer.log"].create(
            [
                {"type_id": types[i % 3].id, "partner_id": customer.id, "subject": f"S{i}"}
                for customer in customers
                for i in range(3)
            ]
        )
        logs.filtered(lambda log: log.type_id == self.contact_type).action_close()
        return customers

    def test_counts_of_80_customers_cost_the_queries_of_8(self):
        for count in (8, 80):
            customers = self._customers(count).with_user(self.user)
            customers.read(["log_count", "open_log_count"])
            self.env.invalidate_all()
            with self.assertQueryCount(3):
                values = customers.read(["log_count", "open_log_count"])
            self.assertEqual({(v["log_count"], v["open_log_count"]) for v in values}, {(3, 2)})

    def test_contact_counts_for_its_company(self):
        person = self.env["res.partner"].create({"name": "Buyer Wang", "parent_id": self.cust.id})
        self._log(self.complaint, partner=person)
        self._log(self.contact_type).action_close()
        self.assertEqual((self.cust.log_count, self.cust.open_log_count), (2, 1))
        self.assertEqual((person.log_count, person.open_log_count), (2, 1))
        self.assertEqual(len(self.cust.log_ids), 2)

    def test_counts_respect_access(self):
        self._log(self.complaint)
        self._log(self.complaint, partner=self.cust_south)
        self.assertEqual(self.cust_south.with_user(self.user).log_count, 0)
        self.assertEqual(self.cust_south.with_user(self.manager).log_count, 1)

    def test_buttons_open_logs_and_quick_entry(self):
        person = self.env["res.partner"].create({"name": "Buyer Zhao", "parent_id": self.cust.id})
        action = person.with_user(self.user).action_new_customer_log()
        self.assertEqual(action["target"], "new")
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("crm_customer_info.crm_customer_log_view_form_quick").id,
        )
        log = (
            self.env["crm.customer.log"]
            .with_user(self.user)
            .with_context(**action["context"])
            .create({"type_id": self.complaint.id, "subject": "Quick entry"})
        )
        self.assertEqual((log.partner_id, log.contact_id), (self.cust, person))
        self.assertEqual((log.user_id, log.team_id), (self.user, self.team_north))
        self.assertEqual(log.action_open_form()["res_id"], log.id)
        listed = self.cust.with_user(self.user).action_open_customer_logs()
        self.assertEqual(self.env["crm.customer.log"].search(listed["domain"]), log)
        self.assertEqual(listed["context"]["default_partner_id"], self.cust.id)

    def test_users_without_log_access_still_open_customers(self):
        clerk = self._new_user("ci_clerk", "base.group_user")
        self._log(self.complaint)
        self.assertNotIn("log_count", self.cust.with_user(clerk).fields_get())
        self.assertEqual(self.cust.with_user(clerk).read(["name"])[0]["name"], self.cust.name)
        view = self.cust.with_user(clerk).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_open_customer_logs", view)
