from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common_visits import NOW, VisitCase


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitCalendar(VisitCase):
    def test_event_created_with_the_salesperson_and_the_contact(self):
        visit = self._visit(contact_id=self.contact.id, duration=1.5)
        event = visit.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(
            (event.start, event.stop), (datetime(2024, 6, 12, 1, 0), datetime(2024, 6, 12, 2, 30))
        )
        self.assertFalse(event.allday)
        self.assertEqual(event.user_id, self.user)
        self.assertEqual(event.partner_ids, self.user.partner_id | self.contact)
        self.assertEqual((event.res_model, event.res_id), ("crm.customer.visit", visit.id))
        self.assertIn("Huaxin Machinery", event.name)
        self.assertEqual(
            visit.activity_ids.activity_type_id,
            self.visit_type,
            "the calendar adds no meeting activity of its own",
        )

    def test_attendees_follow_the_event(self):
        """As in Odoo (calendar.attendee subscribes them), in one batch for many events."""
        visits = self._visit(contact_id=self.contact.id) | self._visit(
            self.customer2, start="2024-06-13 01:00:00"
        )
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            "calendar.event"
        )
        for visit, guest in zip(visits, (self.contact, self.customer2), strict=True):
            event = visit.calendar_event_id
            followers = {f.partner_id: f.subtype_ids for f in event.message_follower_ids}
            self.assertEqual(set(followers), {visit.user_id.partner_id, guest})
            self.assertEqual(followers[guest], external, "an outside guest: external subtypes")
            self.assertEqual(followers[visit.user_id.partner_id], default)
        visits[0].write({"companion_ids": [(6, 0, self.leader.ids)]})
        self.assertIn(self.leader.partner_id, visits[0].calendar_event_id.message_partner_ids)

    def test_visit_changes_move_the_event(self):
        visit = self._visit()
        event = visit.calendar_event_id
        visit.write({"start": "2024-06-14 06:00:00", "duration": 2})
        self.assertEqual(
            (event.start, event.stop), (datetime(2024, 6, 14, 6, 0), datetime(2024, 6, 14, 8, 0))
        )
        visit.write({"user_id": self.user2.id, "companion_ids": [(6, 0, self.leader.ids)]})
        self.assertEqual(event.user_id, self.user2)
        self.assertEqual(
            event.partner_ids, self.user2.partner_id | self.leader.partner_id | self.customer
        )

    def test_event_moves_the_visit(self):
        visit = self._visit()
        event = visit.calendar_event_id
        event.write({"start": "2024-06-13 07:00:00", "stop": "2024-06-13 09:30:00"})
        self.assertEqual(visit.start, datetime(2024, 6, 13, 7, 0))
        self.assertEqual(visit.duration, 2.5)
        self.assertEqual(visit.activity_ids.date_deadline, date(2024, 6, 13))
        self.assertEqual(
            (event.start, event.stop),
            (datetime(2024, 6, 13, 7, 0), datetime(2024, 6, 13, 9, 30)),
            "the visit does not write back a different time",
        )
        # Moved to an all-day slot: the visit keeps its hour on the new day.
        event.write({"allday": True, "start_date": "2024-06-17", "stop_date": "2024-06-17"})
        self.assertEqual(visit.start, datetime(2024, 6, 17, 7, 0))

    def test_cancelling_removes_the_event_done_keeps_it(self):
        cancelled, done = self._visit(), self._visit(start="2024-06-10 01:00:00")
        event = cancelled.calendar_event_id
        cancelled.write({"state": "cancelled", "cancel_reason": "Moved to next month"})
        self.assertFalse(event.exists())
        self.assertFalse(cancelled.calendar_event_id)
        self._finish(done)
        self.assertTrue(done.calendar_event_id.exists())

    def test_deleting_the_event_keeps_the_visit(self):
        visit = self._visit()
        visit.calendar_event_id.unlink()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.calendar_event_id)
        self.assertEqual(len(visit.activity_ids), 1)

    def test_no_event_when_the_company_says_so(self):
        self.env.company.crm_visit_calendar = False
        visit = self._visit()
        self.assertFalse(visit.calendar_event_id)
        self.assertEqual(len(visit.activity_ids), 1)
