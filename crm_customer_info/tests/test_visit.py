from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common_visits import NOW, VisitCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisit(VisitCase):
    def test_numbers_follow_each_company_sequence(self):
        first = self._visit()
        second = self._visit(self.customer2)
        self.assertRegex(first.name, r"^V2024-\d{5}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        shared = self._customer("Shared Trading")
        other = (
            self.env["crm.customer.visit"]
            .with_company(self.other_company)
            .create(
                {
                    "partner_id": shared.id,
                    "company_id": self.other_company.id,
                    "start": "2024-06-12 01:00:00",
                }
            )
        )
        self.assertEqual(other.name, "V2024-00001")
        self.assertEqual(first.display_name, f"{first.name} - Huaxin Machinery")

    def test_defaults_come_from_the_customer(self):
        visit = self._visit(contact_id=self.contact.id)
        self.assertEqual(visit.user_id, self.user)
        self.assertEqual(visit.team_id, self.team_north)
        self.assertEqual(visit.stop, datetime(2024, 6, 12, 2, 0))
        self.assertEqual(visit.visit_date, date(2024, 6, 12))
        self.assertIn("88 Century Avenue", visit.location)
        visit.method = "phone"
        self.assertFalse(visit.location)
        # Planning from the customer: 9:00 Shanghai time on the day after today.
        start = (
            self.env["crm.customer.visit"]
            .with_context(default_partner_id=self.customer2.id)
            .default_get(["start"])["start"]
        )
        self.assertEqual(start, datetime(2024, 6, 11, 1, 0))

    def test_default_start_is_the_due_day(self):
        self._done_visit(day="2024-06-01")
        # Level A: due 30 days after 2024-06-01.
        action = self.customer.action_plan_visit()
        start = (
            self.env["crm.customer.visit"].with_context(**action["context"]).default_get(["start"])
        )["start"]
        self.assertEqual(start, datetime(2024, 7, 1, 1, 0))

    def test_activity_follows_the_visit(self):
        visit = self._visit(start="2024-06-12 01:00:00")
        activity = visit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.visit_type)
        self.assertEqual(activity.user_id, self.user)
        self.assertEqual(activity.date_deadline, date(2024, 6, 12))
        self.assertEqual(activity.summary, self.routine.name)
        # 17:00 UTC on the 13th is already the 14th in Shanghai.
        visit.start = "2024-06-13 17:00:00"
        self.assertEqual(activity.date_deadline, date(2024, 6, 14))
        visit.user_id = self.user2
        self.assertEqual(activity.user_id, self.user2)
        self.assertEqual(visit.activity_ids, activity, "moved, not replaced")

    def test_activity_done_with_the_visit(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        visit.action_check_in()
        self._finish(visit)
        self.assertEqual(visit.state, "done")
        self.assertFalse(visit.activity_ids)
        done_message = visit.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.visit_type
        )
        self.assertEqual(len(done_message), 1)
        self.assertIn("Discussed the new order.", done_message.body)

    def test_activity_removed_when_cancelled_or_missed(self):
        cancelled, missed = self._visit(), self._visit(start="2024-06-01 01:00:00")
        self.assertEqual(len((cancelled | missed).activity_ids), 2)
        wizard = (
            self.env["crm.customer.visit.cancel"]
            .with_context(default_visit_ids=cancelled.ids)
            .create({"reason": "Customer closed for the holiday."})
        )
        wizard.action_confirm()
        self.assertEqual(cancelled.state, "cancelled")
        self.assertEqual(cancelled.cancel_reason, "Customer closed for the holiday.")
        self.env["crm.customer.visit"]._cron_mark_missed()
        self.assertEqual(missed.state, "missed")
        self.assertFalse((cancelled | missed).activity_ids)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "crm.customer.visit"), ("res_id", "in", missed.ids)]
            )
        )
        # Planned again: a new activity.
        missed.action_reset_to_planned()
        self.assertEqual(missed.state, "planned")
        self.assertEqual(len(missed.activity_ids), 1)

    def test_check_in_and_out_record_the_actual_times(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        with self.assertRaisesText(UserError, "Check in first"):
            visit.action_check_out()
        visit.action_check_in()
        self.assertEqual(visit.check_in, NOW)
        with self.assertRaisesText(UserError, "already checked in"):
            visit.action_check_in()
        with freeze_time("2024-06-10 03:30:00"):
            visit.action_check_out()
            self.assertEqual(visit.check_out, datetime(2024, 6, 10, 3, 30))
            self.assertEqual(visit.actual_duration, 1.5)
            wizard = self._finish(visit)
        self.assertEqual((wizard.check_in, wizard.check_out), (NOW, datetime(2024, 6, 10, 3, 30)))
        self.assertEqual(visit.satisfaction, "4")
        self.assertIn("Discussed the new order.", visit.outcome)

    def test_done_without_check_in_takes_the_planned_hours(self):
        visit = self._visit(start="2024-06-09 06:00:00", duration=2)
        wizard = self._finish(visit)
        self.assertEqual(wizard.check_in, datetime(2024, 6, 9, 6, 0))
        self.assertEqual(wizard.check_out, NOW)
        self.assertEqual(visit.state, "done")

    def test_done_needs_an_outcome_and_a_planned_visit(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        with self.assertRaisesText(UserError, "outcome"):
            self._finish(visit, outcome="<p><br></p>")
        self.assertEqual(visit.state, "planned")
        self._finish(visit)
        with self.assertRaises(UserError):
            visit.action_done()
        with self.assertRaises(UserError):
            visit.action_cancel()
        with self.assertRaises(UserError):
            visit.action_reset_to_planned()

    def test_constraints(self):
        with self.assertRaisesText(ValidationError, "longer than zero"):
            self._visit(duration=0)
        visit = self._visit(start="2024-06-10 01:00:00")
        with self.assertRaisesText(ValidationError, "before check-in"):
            visit.write({"check_in": "2024-06-10 01:30:00", "check_out": "2024-06-10 01:00:00"})
        with self.assertRaisesText(ValidationError, "in the future"):
            visit.write({"check_in": "2024-06-10 05:00:00"})
        with self.assertRaisesText(ValidationError, "check in before"):
            visit.write({"check_out": "2024-06-10 01:00:00"})
        with self.assertRaisesText(ValidationError, "not in the future"):
            self._finish(visit, check_in="2024-06-10 01:00:00", check_out="2024-06-10 04:00:00")
        with self.assertRaisesText(ValidationError, "not in the future"):
            visit.write({"state": "done"})
        with self.assertRaisesText(ValidationError, "why it is cancelled"):
            visit.write({"state": "cancelled", "cancel_reason": "  "})
        with self.assertRaisesText(ValidationError, "not its contact"):
            self._visit(self.contact)
        with self.assertRaisesText(ValidationError, "does not belong"):
            self._visit(contact_id=self.customer2.id)
        foreign = self._customer("Foreign Ltd", company_id=self.other_company.id)
        with self.assertRaisesText(ValidationError, "customer of Other Company Ltd only"):
            self._visit(foreign)
        self.assertEqual(visit.state, "planned")

    def test_next_visit_must_come_after(self):
        visit = self._visit(start="2024-06-10 01:00:00")
        with self.assertRaisesText(UserError, "after this one"):
            self._finish(visit, next_visit_date="2024-06-10")
        self.assertEqual(visit.state, "planned")

    def test_reminder_sent_once_before_the_visit(self):
        soon = self._visit(start="2024-06-11 01:00:00")  # in 23 hours
        later = self._visit(self.customer2, start="2024-06-12 01:00:00")  # in 47 hours
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.env["crm.customer.visit"]._cron_send_reminders()
        mails = Mail.search([]) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.user.partner_id)
        self.assertIn("Huaxin Machinery", mails.subject)
        self.assertIn("Huaxin Machinery", str(mails.body_html))
        self.assertTrue(soon.reminder_sent)
        self.assertFalse(later.reminder_sent)
        self.assertIn("Reminder sent", soon.message_ids[0].body)
        self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertEqual(Mail.search([]) - before, mails, "nothing is sent twice")
        # Rescheduling sends a new reminder for the new time.
        soon.start = "2024-06-10 20:00:00"
        self.assertFalse(soon.reminder_sent)
        self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertEqual(len(Mail.search([]) - before), 2)

    def test_reminder_lead_time_per_user(self):
        visit = self._visit(self.customer2, start="2024-06-12 01:00:00")  # in 47 hours
        self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertFalse(visit.reminder_sent)
        self.user2.crm_visit_reminder_hours = 48
        self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertTrue(visit.reminder_sent)
        # The user changes it in their own preferences.
        self.user.with_user(self.user).write({"crm_visit_reminder_hours": 2})
        self.assertEqual(self.user.crm_visit_reminder_hours, 2)
        near = self._visit(start="2024-06-10 05:00:00")  # in 3 hours
        self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertFalse(near.reminder_sent)
        self.env.company.crm_visit_reminder_hours = 0
        with freeze_time("2024-06-10 03:30:00"):
            self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertTrue(near.reminder_sent, "the user's lead time applies without a company one")

    def test_purposes_shipped(self):
        purposes = self.env["crm.customer.visit.purpose"].search([])
        for xmlid in (
            "routine",
            "after_sales",
            "collection",
            "complaint",
            "new_product",
            "contract",
        ):
            self.assertIn(
                self.env.ref(f"crm_customer_info.crm_customer_visit_purpose_{xmlid}"), purposes
            )
        count = self.collection.visit_count
        self._visit(purpose_id=self.collection.id)
        self.collection.invalidate_recordset(["visit_count"])
        self.assertEqual(self.collection.visit_count, count + 1)
        self.assertEqual(
            self.collection.action_open_visits()["domain"],
            [("purpose_id", "=", self.collection.id)],
        )
