"""Issue 11, items 11 and 12: log workflow fields and numbers that make no sense."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_logs import LogCase


@tagged("post_install", "-at_install")
class TestLogWorkflowFields(LogCase):
    """Item 11: status, resolution stamps and flags change only through the buttons."""

    def test_workflow_fields_are_not_written_directly(self):
        log = self._log(self.complaint).with_user(self.user)
        for values in (
            {"state": "closed"},
            {"state": "resolved", "resolution": "Nothing to do"},
            {"resolved_by_id": self.user2.id},
            {"resolved_on": "2000-01-01 00:00:00"},
            {"resolution_hours": -5.0},
            {"deadline": "2000-01-01 00:00:00"},
            {"total_cost": -1.0},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                log.write(values)
        self.assertEqual(log.state, "new")
        self.assertFalse(log.resolved_by_id or log.resolved_on)

    def test_workflow_fields_are_not_set_on_creation(self):
        Log = self.env["crm.customer.log"].with_user(self.user)
        values = {"type_id": self.complaint.id, "partner_id": self.cust.id, "subject": "Noise"}
        for extra in (
            {"state": "closed", "resolution": "Nothing"},
            {"resolved_on": "2000-01-01 00:00:00"},
            {"resolved_by_id": self.user2.id},
            {"deadline": "2000-01-01 00:00:00"},
        ):
            with self.subTest(values=extra), self.assertRaises(UserError):
                Log.create({**values, **extra})
        log = Log.with_context(default_state="closed").create(values)
        self.assertEqual(log.state, "new", "a default from the request is ignored")
        self.assertEqual(Log.create({**values, "state": "new"}).state, "new")

    def test_part_cost_is_computed_only(self):
        log = self._log(
            self.service,
            part_ids=[Command.create({"product_id": self.plain_product.id, "quantity": 2})],
        )
        with self.assertRaises(UserError):
            log.part_ids.with_user(self.user).write({"cost": -1000.0})
        self.assertEqual(log.part_ids.cost, 300.0)

    def test_buttons_still_work_and_stamp_the_resolution(self):
        log = self._log(self.complaint).with_user(self.user)
        log.action_start()
        log.write({"resolution": "Replaced the valve."})
        log.action_resolve()
        self.assertEqual((log.state, log.resolved_by_id), ("resolved", self.user))
        self.assertGreaterEqual(log.resolution_hours, 0)
        log.action_close()
        self.assertEqual(log.state, "closed")
        self.env["crm.customer.sla.status"]._cron_sla()
        self.assertEqual(log.sla_status, "met")

    def test_log_kanban_cards_are_not_dragged_between_stages(self):
        arch = self.env.ref("crm_customer_info.crm_customer_log_view_kanban").arch
        self.assertIn('records_draggable="false"', arch)


@tagged("post_install", "-at_install")
class TestLogBounds(LogCase):
    """Item 12: costs, quantities, dates and periods outside sane bounds are refused clearly."""

    def test_costs_cannot_be_negative(self):
        log = self._log(self.service).with_user(self.user)
        with self.assertRaises(ValidationError):
            log.write({"labour_cost": -100.0})
        with self.assertRaises(ValidationError):
            log.write({"labour_cost": 1e15})
        Part = self.env["crm.customer.log.part"].with_user(self.user)
        with self.assertRaises(ValidationError):
            Part.create({"log_id": log.id, "product_id": self.plain_product.id, "unit_cost": -5})
        with self.assertRaises(ValidationError):
            Part.create({"log_id": log.id, "product_id": self.plain_product.id, "quantity": 1e9})
        part = Part.create({"log_id": log.id, "product_id": self.plain_product.id})
        with self.assertRaises(ValidationError):
            part.write({"unit_cost": -0.01})
        log.write({"labour_cost": 80.0})
        self.assertEqual(log.total_cost, 230.0)

    def test_dates_in_sane_years(self):
        log = self._log(self.complaint).with_user(self.user)
        for moment in ("9999-12-31 23:00:00", "1900-01-01 00:00:00"):
            with self.subTest(moment=moment), self.assertRaises(ValidationError):
                log.write({"log_date": moment})
        with self.assertRaises(ValidationError):
            self.env["crm.customer.log"].with_user(self.user).create(
                {
                    "type_id": self.complaint.id,
                    "partner_id": self.cust.id,
                    "subject": "Far away",
                    "log_date": "9999-12-31 23:00:00",
                }
            )
        log.write({"log_date": "2001-05-01 08:00:00"})
        self.assertEqual(log.log_date, datetime(2001, 5, 1, 8, 0))

    def test_response_time_and_warranty(self):
        policy = self.env["crm.customer.sla.policy"].search([("type_ids", "=", self.complaint.id)])
        with self.assertRaises(ValidationError):
            policy.write({"response_hours": 1e12})
        with self.assertRaises(ValidationError):
            self.serial_product.product_tmpl_id.write({"warranty_months": 2_000_000_000})
        policy.write({"response_hours": 24 * 365})
        self.serial_product.product_tmpl_id.write({"warranty_months": 1200})

    def test_message_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        log = self._log(self.service).with_user(self.user).with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as caught:
            log.write({"labour_cost": -100.0})
        self.assertNotIn("must", str(caught.exception))
        self.assertIn("人工", str(caught.exception))
