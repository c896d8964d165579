from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import CustomerInfoCase
from .common_logs import LogCase
from .common_visits import NOW, VisitCase


@tagged("post_install", "-at_install")
class TestHandover(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = cls.env["crm.customer.region"].create({"name": "East"})
        cls.sub_region = cls.env["crm.customer.region"].create(
            {"name": "Suzhou", "parent_id": cls.region.id}
        )
        cls.c1 = cls._customer("Customer A1", user_id=cls.user.id, level_id=cls.level_a.id)
        cls.c2 = cls._customer(
            "Customer B1", user_id=cls.user.id, level_id=cls.level_b.id, region_id=cls.sub_region.id
        )
        cls.c3 = cls._customer("Customer of someone else", user_id=cls.user2.id)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer at A1", "parent_id": cls.c1.id, "user_id": cls.user.id}
        )
        Lead = cls.env["crm.lead"]
        cls.lead_open = Lead.create(
            {
                "name": "Open deal",
                "partner_id": cls.c1.id,
                "user_id": cls.user.id,
                "type": "opportunity",
            }
        )
        cls.lead_contact = Lead.create(
            {"name": "Deal via contact", "partner_id": cls.contact.id, "user_id": cls.user.id}
        )
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.lead_won = Lead.create(
            {
                "name": "Won deal",
                "partner_id": cls.c1.id,
                "user_id": cls.user.id,
                "stage_id": won_stage.id,
            }
        )
        todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.activity = cls.c2.activity_schedule(
            act_type_xmlid="mail.mail_activity_data_todo", user_id=cls.user.id
        )
        cls.lead_activity = cls.lead_open.activity_schedule(
            activity_type_id=todo.id, user_id=cls.user.id
        )
        cls.other_activity = cls.c3.activity_schedule(activity_type_id=todo.id, user_id=cls.user.id)

    def _wizard(self, **values):
        return (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.user.id, "to_user_id": self.user2.id, **values})
        )

    def test_handover_moves_customers_and_open_work(self):
        wizard = self._wizard(note="Li Lei left the company.")
        self.assertEqual(wizard.customer_count, 2)
        wizard.action_handover()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            (
                wizard.moved_customer_count,
                wizard.moved_opportunity_count,
                wizard.moved_activity_count,
            ),
            (2, 2, 2),
        )
        self.assertEqual((self.c1 | self.c2 | self.contact).user_id, self.user2)
        self.assertEqual((self.lead_open | self.lead_contact).user_id, self.user2)
        self.assertEqual(
            self.lead_won.user_id, self.user, "won opportunities stay with their winner"
        )
        self.assertEqual((self.activity | self.lead_activity).user_id, self.user2)
        self.assertEqual(
            self.other_activity.user_id, self.user, "work on other customers stays where it is"
        )
        message = self.c1.message_ids[0]
        self.assertIn("handed over from", message.body)
        self.assertIn("Li Lei left the company.", message.body)
        self.assertIn(self.user2.name, message.body)

    def test_filters_restrict_customers(self):
        self.assertEqual(self._wizard(level_ids=[self.level_a.id]).customer_count, 1)
        wizard = self._wizard(region_ids=[self.region.id])
        self.assertEqual(wizard.customer_count, 1)
        wizard.action_handover()
        self.assertEqual(self.c2.user_id, self.user2)
        self.assertEqual(self.c1.user_id, self.user)

    def test_refuses_archived_user(self):
        self.user2.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            self._wizard().action_handover()
        self.assertEqual(self.c1.user_id, self.user)

    def test_refuses_non_sales_user(self):
        with self.assertRaisesRegex(UserError, "not a sales user"):
            self._wizard(to_user_id=self.finance.id).action_handover()

    def test_refuses_same_user_and_empty_selection(self):
        with self.assertRaises(UserError):
            self._wizard(to_user_id=self.user.id).action_handover()
        with self.assertRaisesRegex(UserError, "No customer"):
            self._wizard(level_ids=[self.level_c.id]).action_handover()


@tagged("post_install", "-at_install")
class TestLogHandover(LogCase):
    def test_open_entries_move_with_the_customers(self):
        open_log = self._log(self.complaint)
        open_log.activity_schedule("mail.mail_activity_data_todo", user_id=self.user.id)
        done_log = self._log(self.contact_type)
        done_log.action_close()
        colleague_log = self._log(self.consultation, user_id=self.leader.id)
        other_customer = self._log(self.consultation, partner=self.cust_south, user_id=self.user.id)
        wizard = (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.user.id, "to_user_id": self.user2.id})
        )
        wizard.action_handover()
        self.assertEqual(wizard.moved_log_count, 1)
        self.assertEqual(wizard.moved_activity_count, 1)
        self.assertEqual(open_log.user_id, self.user2)
        self.assertEqual(open_log.team_id, self.team_south, "the new salesperson's team")
        self.assertEqual(open_log.activity_ids.user_id, self.user2)
        self.assertEqual(done_log.user_id, self.user, "history stays with who did it")
        self.assertEqual(colleague_log.user_id, self.leader)
        self.assertEqual(other_customer.user_id, self.user, "customers not handed over keep theirs")


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitHandover(VisitCase):
    def test_handover_moves_planned_visits(self):
        planned = self._visit()
        done = self._done_visit()
        other = self._visit(self.customer2)
        wizard = (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.user.id, "to_user_id": self.user2.id})
        )
        wizard.action_handover()
        self.assertEqual(wizard.moved_visit_count, 1)
        self.assertEqual(planned.user_id, self.user2)
        self.assertEqual(planned.activity_ids.user_id, self.user2)
        self.assertEqual(planned.calendar_event_id.user_id, self.user2)
        self.assertIn(self.user2.partner_id, planned.calendar_event_id.partner_ids)
        self.assertNotIn(self.user.partner_id, planned.calendar_event_id.partner_ids)
        self.assertEqual(done.user_id, self.user, "history stays with who visited")
        self.assertEqual(other.user_id, self.user2)
