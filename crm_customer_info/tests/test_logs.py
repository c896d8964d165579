from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_logs import LogCase


@tagged("post_install", "-at_install")
class TestLogEntry(LogCase):
    def test_defaults_from_customer_and_numbering(self):
        log = self._log(self.consultation)
        self.assertEqual(
            log.user_id, self.user, "responsible defaults to the customer's salesperson"
        )
        self.assertEqual(log.team_id, self.team_north, "team follows the customer's team")
        self.assertEqual(log.company_id, self.env.company)
        self.assertEqual(log.state, "new")
        self.assertEqual(log.satisfaction, "0")
        second = self._log(self.contact_type)
        year = fields.Date.today().year
        self.assertRegex(log.name, rf"^LOG/{year}/\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(log.name[-5:]) + 1)
        self.assertEqual(log.display_name, f"{log.name} Test entry")

    def test_batch_creation_numbers_each_entry(self):
        logs = self.env["crm.customer.log"].create(
            [
                {"type_id": self.contact_type.id, "partner_id": self.cust.id, "subject": f"E{i}"}
                for i in range(3)
            ]
        )
        numbers = [int(name[-5:]) for name in logs.mapped("name")]
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])

    def test_contact_person_moves_to_contact_and_customer_to_company(self):
        person = self.env["res.partner"].create({"name": "Buyer Li", "parent_id": self.cust.id})
        log = self._log(self.consultation, partner=person)
        self.assertEqual(log.partner_id, self.cust)
        self.assertEqual(log.contact_id, person)
        log.write({"partner_id": self.cust_south.id})
        self.assertEqual(log.partner_id, self.cust_south)
        self.assertEqual(log.user_id, self.user2, "a new customer brings its salesperson")
        self.assertEqual(log.team_id, self.team_south)

    def test_team_follows_a_responsible_outside_the_customer_team(self):
        log = self._log(self.consultation, user_id=self.user2.id)
        self.assertEqual(log.team_id, self.team_south)
        log.user_id = self.leader
        self.assertEqual(log.team_id, self.team_north, "the leader of the customer's team")

    def test_complaint_workflow(self):
        log = self._log(self.complaint).with_user(self.user)
        log.action_start()
        self.assertEqual(log.state, "in_progress")
        with self.assertRaisesRegex(ValidationError, "Describe the resolution"):
            log.action_resolve()
        self.assertEqual(log.state, "in_progress")
        with self.assertRaisesRegex(UserError, "Resolve .* before closing"):
            log.action_close()
        log.resolution = "Replaced the valve; customer confirmed."
        log.action_resolve()
        self.assertEqual(log.state, "resolved")
        self.assertEqual(log.resolved_by_id, self.user)
        self.assertTrue(log.resolved_on)
        log.action_close()
        self.assertEqual(log.state, "closed")
        with self.assertRaisesRegex(UserError, "is closed"):
            log.write({"subject": "Changed after closing"})
        with self.assertRaisesRegex(UserError, "is closed"):
            log.action_reopen()
        self.assertEqual(log.state, "closed")
        log.message_post(body="A note on a closed entry is still welcome.")

    def test_manager_edits_and_reopens_closed_entry(self):
        log = self._log(self.complaint, resolution="Refunded the freight.")
        log.action_resolve()
        log.action_close()
        log = log.with_user(self.manager)
        log.write({"subject": "Freight charged twice"})
        log.action_reopen()
        self.assertEqual(log.state, "in_progress")
        self.assertFalse(log.resolved_by_id or log.resolved_on)
        self.assertEqual(log.resolution, "Refunded the freight.", "the text stays to be improved")
        message = log.message_ids[0]
        self.assertIn("Reopened by", message.body)
        self.assertIn("Refunded the freight.", message.body)

    def test_resolved_entry_reopens_for_its_user(self):
        log = self._log(self.service, resolution="Cleaned the cooler.").with_user(self.user)
        log.action_resolve()
        log.action_reopen()
        self.assertEqual(log.state, "in_progress")
        log.action_cancel()
        self.assertEqual(log.state, "cancelled")
        log.action_reopen()
        self.assertEqual(log.state, "in_progress")

    def test_types_without_resolution_close_directly(self):
        for log_type in (self.consultation, self.contact_type, self.feedback):
            log = self._log(log_type).with_user(self.user)
            log.action_close()
            self.assertEqual(log.state, "closed", log_type.code)
            self.assertEqual(log.resolved_by_id, self.user)
            self.assertTrue(log.resolved_on)
            self.assertFalse(log.resolution)

    def test_wrong_transitions_are_refused(self):
        log = self._log(self.consultation)
        with self.assertRaisesRegex(UserError, "not possible"):
            log.action_reopen()
        log.action_close()
        with self.assertRaisesRegex(UserError, "not possible"):
            log.action_start()
        with self.assertRaisesRegex(UserError, "not possible"):
            log.action_cancel()

    def test_future_entry_cannot_be_resolved(self):
        later = fields.Datetime.now() + timedelta(days=2)
        log = self._log(self.complaint, log_date=later, resolution="Planned call.")
        self.assertEqual(log.state, "new", "a planned contact may be dated in the future")
        with self.assertRaisesRegex(ValidationError, "dated in the future"):
            log.action_resolve()
        contact = self._log(self.contact_type, log_date=later)
        with self.assertRaisesRegex(ValidationError, "dated in the future"):
            contact.action_close()
        done = self._log(self.contact_type)
        done.action_close()
        with self.assertRaisesRegex(ValidationError, "dated in the future"):
            done.log_date = later

    def test_lot_must_belong_to_a_chosen_product(self):
        lot = self._lots(self.serial_product, "SN-LOT-1")
        with self.assertRaisesRegex(ValidationError, "SN-LOT-1 does not belong"):
            self._log(
                self.service, product_ids=[Command.set(self.plain_product.ids)], lot_ids=lot.ids
            )
        log = self._log(
            self.service,
            product_ids=[Command.set((self.plain_product | self.serial_product).ids)],
            lot_ids=lot.ids,
        )
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            log.product_ids = self.plain_product

    def test_satisfaction_is_zero_to_five_stars(self):
        log = self._log(self.feedback, satisfaction="5")
        self.assertEqual(log.satisfaction, "5")
        self.assertEqual(
            [value for value, _label in log._fields["satisfaction"].selection],
            ["0", "1", "2", "3", "4", "5"],
        )
        with self.assertRaises(ValueError):
            log.satisfaction = "6"

    def test_parts_and_costs(self):
        log = self._log(
            self.service,
            labour_cost=200.0,
            part_ids=[
                Command.create({"product_id": self.plain_product.id, "quantity": 3}),
                Command.create(
                    {"product_id": self.serial_product.id, "quantity": 1, "unit_cost": 999.5}
                ),
            ],
        )
        self.assertEqual(log.part_ids[0].unit_cost, 150.0, "defaults to the product cost")
        self.assertEqual(log.part_ids.mapped("cost"), [450.0, 999.5])
        self.assertEqual(log.parts_cost, 1449.5)
        self.assertEqual(log.total_cost, 1649.5)
        log.part_ids[0].quantity = 1
        self.assertEqual(log.total_cost, 1349.5)

    def test_parts_of_closed_entry_are_read_only(self):
        log = self._log(
            self.service,
            resolution="Done",
            part_ids=[Command.create({"product_id": self.plain_product.id, "quantity": 1})],
        )
        log.action_resolve()
        log.action_close()
        part = log.part_ids.with_user(self.user)
        with self.assertRaisesRegex(UserError, "is closed"):
            part.quantity = 2
        with self.assertRaisesRegex(UserError, "is closed"):
            self.env["crm.customer.log.part"].with_user(self.user).create(
                {"log_id": log.id, "product_id": self.plain_product.id}
            )
        part.with_user(self.manager).quantity = 2
        self.assertEqual(log.parts_cost, 300.0)


@tagged("post_install", "-at_install")
class TestLogDeadline(LogCase):
    """The response deadline comes from the SLA policies only (one source, one notifier)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the default policies, in clock hours here so the figures are easy to read
        cls.defaults = cls.env["crm.customer.sla.policy"].search(
            [("company_id", "=", cls.company.id), ("team_ids", "=", False)]
        )
        for policy in cls.defaults:
            policy.write({"calendar_id": False, "response_hours": policy.response_hours * 3})

    def test_default_policies_of_a_company(self):
        self.assertEqual(
            sorted((p.type_ids.code, bool(p.calendar_id)) for p in self.defaults),
            sorted([("consultation", False), ("complaint", False), ("service", False)]),
        )
        company = self.env["res.company"].create({"name": "New Branch"})
        policies = self.env["crm.customer.sla.policy"].search([("company_id", "=", company.id)])
        self.assertEqual(
            {p.type_ids.code: p.response_hours for p in policies},
            {"consultation": 8, "complaint": 16, "service": 24},
            "a working day for a consultation, two for a complaint, three for a service",
        )
        self.assertEqual(policies.calendar_id, company.resource_calendar_id)

    def test_deadline_from_the_sla_policies(self):
        logged = datetime(2024, 5, 6, 9, 30)
        complaint = self._log(self.complaint, log_date=logged)
        self.assertEqual(complaint.deadline, datetime(2024, 5, 8, 9, 30))
        self.assertEqual(complaint.deadline, complaint.sla_status_ids.response_deadline)
        self.assertEqual(
            self._log(self.consultation, log_date=logged).deadline, datetime(2024, 5, 7, 9, 30)
        )
        self.assertFalse(self._log(self.contact_type, log_date=logged).deadline)
        # a second policy with a shorter target: the earliest deadline is the entry's
        self.env["crm.customer.sla.policy"].create(
            {
                "name": "Urgent",
                "type_ids": [(6, 0, self.complaint.ids)],
                "response_hours": 4,
                "calendar_id": False,
                "priority": "2",
            }
        )
        complaint.priority = "2"
        self.assertEqual(complaint.deadline, datetime(2024, 5, 6, 13, 30))
        self.assertEqual(len(complaint.sla_status_ids), 2)

    def test_overdue_flag_and_search(self):
        now = fields.Datetime.now()
        late = self._log(self.complaint, log_date=now - timedelta(hours=49))
        in_time = self._log(self.complaint, log_date=now - timedelta(hours=47))
        no_deadline = self._log(self.contact_type, log_date=now - timedelta(days=30))
        done_late = self._log(
            self.complaint, log_date=now - timedelta(hours=60), resolution="Answered."
        )
        done_late.action_resolve()
        self.assertEqual(
            [log.is_overdue for log in (late, in_time, no_deadline, done_late)],
            [True, False, False, False],
        )
        Log = self.env["crm.customer.log"]
        mine = [("id", "in", (late | in_time | no_deadline | done_late).ids)]
        self.assertEqual(Log.search([*mine, ("is_overdue", "=", True)]), late)
        self.assertEqual(
            Log.search([*mine, ("is_overdue", "!=", True)]), in_time | no_deadline | done_late
        )
        self.assertEqual(
            Log.search([*mine, ("is_overdue", "=", False)]), in_time | no_deadline | done_late
        )

    def test_one_notifier_for_a_passed_deadline(self):
        """The SLA job escalates a passed deadline once; there is no second overdue job."""
        self.assertFalse(self.env.ref("crm_customer_info.ir_cron_crm_customer_log_overdue", False))
        self.assertFalse(hasattr(self.env["crm.customer.log"], "_cron_notify_overdue"))
        now = fields.Datetime.now()
        late = self._log(self.complaint, log_date=now - timedelta(hours=50))
        in_time = self._log(self.complaint, log_date=now - timedelta(hours=2))
        self.assertEqual((late.user_id, late.team_id.user_id), (self.user, self.leader))
        Status = self.env["crm.customer.sla.status"]
        Status._cron_sla()
        Status._cron_sla()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "crm.customer.log"), ("res_id", "in", (late | in_time).ids)]
        )
        breach = self.env.ref("crm_customer_info.mail_activity_type_sla_breach")
        self.assertEqual(
            [(act.res_id, act.user_id, act.activity_type_id) for act in activities],
            [(late.id, self.leader, breach)],
        )
        self.assertEqual((late.sla_status, in_time.sla_status), ("failed", "on_track"))


@tagged("post_install", "-at_install")
class TestLogWarranty(LogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sn1, cls.sn2, cls.sn3 = cls._lots(cls.serial_product, "SN-W1", "SN-W2", "SN-W3")
        cls._move(cls.cust, cls.serial_product, 1, lots=cls.sn1, date=datetime(2024, 1, 31, 10))
        # Returned, then sold again later: the first delivery starts the warranty.
        cls._move(
            cls.cust, cls.serial_product, 1, lots=cls.sn1, date=datetime(2024, 2, 5), returned=True
        )
        cls._move(cls.cust_south, cls.serial_product, 1, lots=cls.sn1, date=datetime(2024, 3, 1))
        cls._move(cls.cust, cls.serial_product, 1, lots=cls.sn2, date=datetime(2024, 6, 15))

    def _service(self, on, lots, **values):
        return self._log(
            self.service,
            log_date=on,
            product_ids=[Command.set(self.serial_product.ids)],
            lot_ids=[Command.set(lots.ids)],
            **values,
        )

    def test_lot_delivery_date_and_warranty_end(self):
        self.assertEqual(self.sn1.customer_delivery_date, date(2024, 1, 31))
        self.assertEqual(self.sn1.warranty_end_date, date(2025, 1, 31))
        self.assertEqual(self.sn2.warranty_end_date, date(2025, 6, 15))
        self.assertFalse(self.sn3.customer_delivery_date or self.sn3.warranty_end_date)

    def test_warranty_up_to_the_end_day(self):
        covered = self._service(datetime(2025, 1, 31, 18), self.sn1)
        self.assertTrue(covered.under_warranty)
        self.assertEqual(covered.warranty_end_date, date(2025, 1, 31))
        expired = self._service(datetime(2025, 2, 1, 8), self.sn1)
        self.assertFalse(expired.under_warranty)
        self.assertEqual(expired.warranty_end_date, date(2025, 1, 31))

    def test_several_lots_take_the_earliest_end(self):
        log = self._service(datetime(2025, 3, 1), self.sn1 | self.sn2)
        self.assertEqual(log.warranty_end_date, date(2025, 1, 31))
        self.assertFalse(log.under_warranty)
        log.lot_ids = self.sn2
        self.assertEqual(log.warranty_end_date, date(2025, 6, 15))
        self.assertTrue(log.under_warranty)

    def test_undelivered_lot_or_no_warranty_is_not_covered(self):
        log = self._service(datetime(2024, 7, 1), self.sn3)
        self.assertFalse(log.under_warranty or log.warranty_end_date)
        log.lot_ids = self.sn2
        self.assertTrue(log.under_warranty)
        self.serial_product.warranty_months = 0
        self.assertFalse(log.under_warranty or log.warranty_end_date)

    def test_products_of_a_delivery_without_lots(self):
        self.plain_product.warranty_months = 6
        picking = self.env["stock.picking"].create(
            {
                "partner_id": self.cust.id,
                "picking_type_id": self.env.ref("stock.picking_type_out").id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
            }
        )
        picking.date_done = datetime(2024, 8, 31, 12)
        log = self._log(
            self.service,
            log_date=datetime(2025, 2, 28, 9),
            product_ids=[Command.set(self.plain_product.ids)],
            picking_id=picking.id,
        )
        self.assertEqual(log.warranty_end_date, date(2025, 2, 28))
        self.assertTrue(log.under_warranty)
        log.log_date = datetime(2025, 3, 1, 9)
        self.assertFalse(log.under_warranty)
