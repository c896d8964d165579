"""Issue 11, items 2, 3, 9, 11, 12 and 13: visits, their calendar events and reminders."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common_visits import NOW, VisitCase


class VisitIntegrityCase(VisitCase):
    """A visit of each sales team with its calendar event, a plain meeting, and outsiders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Visit = cls.env["crm.customer.visit"]
        cls.visit = Visit.create(
            {"partner_id": cls.customer.id, "start": "2024-06-12 01:00:00", "location": "Gate 3"}
        )
        cls.visit_south = Visit.create(
            {"partner_id": cls.customer2.id, "start": "2024-06-12 03:00:00"}
        )
        cls.event = cls.visit.calendar_event_id
        cls.event_south = cls.visit_south.calendar_event_id
        cls.meeting = cls.env["calendar.event"].create(
            {
                "name": "Budget meeting",
                "start": "2024-06-12 06:00:00",
                "stop": "2024-06-12 07:00:00",
                "user_id": cls.manager.id,
                "partner_ids": [Command.set(cls.manager.partner_id.ids)],
            }
        )
        cls.employee = cls._new_user("ci_employee", "base.group_user")
        cls.other_manager = new_test_user(
            cls.env,
            login="ci_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.portal = new_test_user(cls.env, login="ci_portal", groups="base.group_portal")

    def _events(self, user):
        """Ids of the fixture events ``user`` finds through search_read."""
        rows = (
            self.env["calendar.event"]
            .with_user(user)
            .search_read(
                [("id", "in", (self.event | self.event_south | self.meeting).ids)], ["name"]
            )
        )
        return {row["id"] for row in rows}

    def _invite(self, user, event=None):
        (event or self.event).partner_ids = [Command.link(user.partner_id.id)]


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitEventAccess(VisitIntegrityCase):
    """Item 2: visit events are visible to those who may see the visit, and to attendees."""

    def test_event_points_to_its_visit(self):
        self.assertEqual(self.event.crm_visit_id, self.visit)
        self.assertFalse(self.meeting.crm_visit_id)

    def test_each_role_sees_the_events_of_the_visits_it_sees(self):
        expected = {
            self.user: {self.event.id, self.meeting.id},
            self.user2: {self.event_south.id, self.meeting.id},
            self.leader: {self.event.id, self.meeting.id},
            self.manager: {self.event.id, self.event_south.id, self.meeting.id},
            self.finance: {self.event.id, self.event_south.id, self.meeting.id},
            self.employee: {self.meeting.id},
            self.other_manager: {self.meeting.id},
            self.portal: set(),
        }
        for user, event_ids in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._events(user), event_ids)

    def test_other_team_cannot_read_the_event(self):
        with self.assertRaises(AccessError):
            self.event.with_user(self.user2).read(["name", "location", "description"])
        attendees = (
            self.env["calendar.attendee"]
            .with_user(self.user2)
            .search([("event_id", "in", self.event.ids)])
        )
        self.assertFalse(attendees, "attendees do not reveal the event either")

    def test_attendees_keep_their_own_events(self):
        for user in (self.employee, self.other_manager, self.user2, self.portal):
            self._invite(user)
            with self.subTest(user=user.login):
                self.assertIn(self.event.id, self._events(user))
        self.assertTrue(
            self.env["calendar.attendee"]
            .with_user(self.employee)
            .search([("event_id", "=", self.event.id)])
        )

    def test_other_company_sees_its_own_visit_events(self):
        shared = self._customer("Shared Trading", user_id=self.user.id)
        foreign = (
            self.env["crm.customer.visit"]
            .with_company(self.other_company)
            .create(
                {
                    "partner_id": shared.id,
                    "company_id": self.other_company.id,
                    "user_id": self.user.id,
                    "start": "2024-06-12 01:00:00",
                }
            )
        )
        self.assertTrue(foreign.calendar_event_id)
        Event = self.env["calendar.event"]
        self.assertIn(foreign.calendar_event_id, Event.with_user(self.other_manager).search([]))
        self.assertNotIn(foreign.calendar_event_id, Event.with_user(self.manager).search([]))

    def test_link_to_the_visit_is_not_writable(self):
        self._invite(self.employee)
        with self.assertRaises(UserError):
            self.event.with_user(self.employee).write({"crm_visit_id": False})
        with self.assertRaises(UserError):
            self.event.with_user(self.user).write({"res_id": self.visit_south.id})
        self.assertEqual(self.event.crm_visit_id, self.visit)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitEventWrites(VisitIntegrityCase):
    """Item 3: moving or deleting a visit through its event needs the right to change the visit."""

    def test_salesperson_moves_own_visit_through_the_event(self):
        self.event.with_user(self.user).write(
            {"start": "2024-06-13 07:00:00", "stop": "2024-06-13 08:30:00"}
        )
        self.assertEqual(self.visit.start, datetime(2024, 6, 13, 7, 0))
        self.assertEqual(self.visit.duration, 1.5)

    def test_invoicing_user_cannot_move_a_visit(self):
        with self.assertRaises(AccessError):
            self.event.with_user(self.finance).write(
                {"start": "2024-06-20 01:00:00", "stop": "2024-06-20 02:00:00"}
            )
        self.assertEqual(self.visit.start, datetime(2024, 6, 12, 1, 0))

    def test_attendee_cannot_move_or_delete_the_visit(self):
        self._invite(self.employee)
        self._invite(self.user2)
        for user in (self.employee, self.user2):
            event = self.event.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as caught:
                    event.write({"start": "2024-06-20 01:00:00", "stop": "2024-06-20 02:00:00"})
                self.assertIn("cannot change", str(caught.exception))
                with self.assertRaises(AccessError):
                    event.unlink()
                with self.assertRaises(AccessError):
                    event.write({"active": False})
        self.assertEqual(self.visit.start, datetime(2024, 6, 12, 1, 0))
        self.assertTrue(self.event.active)

    def test_salesperson_cannot_delete_another_teams_visit_event(self):
        with self.assertRaises(AccessError):
            self.event_south.with_user(self.user).unlink()
        self.assertTrue(self.event_south.exists())
        self.assertEqual(self.visit_south.calendar_event_id, self.event_south)
        # The visit's own salesperson may delete it; the visit stays.
        self.event_south.with_user(self.user2).unlink()
        self.assertEqual(self.visit_south.state, "planned")

    def test_team_leader_moves_a_team_visit(self):
        self.event.with_user(self.leader).write(
            {"start": "2024-06-14 02:00:00", "stop": "2024-06-14 03:00:00"}
        )
        self.assertEqual(self.visit.start, datetime(2024, 6, 14, 2, 0))

    def test_details_of_own_events_stay_editable(self):
        self.event.with_user(self.user).write({"name": "Visit: Huaxin (agenda)"})
        self.assertEqual(self.event.name, "Visit: Huaxin (agenda)")
        self._invite(self.employee)
        with self.assertRaises(AccessError):
            self.event.with_user(self.employee).write({"location": "Elsewhere"})
        # Events of no visit keep Odoo's rules: any employee may change them.
        self.meeting.with_user(self.user).write({"name": "Budget meeting (moved)"})


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitWorkflowFields(VisitIntegrityCase):
    """Item 11: status, end, links and flags of a visit change only through its buttons."""

    def test_status_is_not_written_directly(self):
        visit = self.visit.with_user(self.user)
        for values in (
            {"state": "done"},
            {"state": "cancelled", "cancel_reason": "No reason"},
            {"stop": "2024-06-11 00:00:00"},
            {"visit_date": "2024-01-01"},
            {"reminder_sent": True},
            {"next_visit_id": self.visit_south.id},
            {"calendar_event_id": self.meeting.id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                visit.write(values)
        self.assertEqual(self.visit.state, "planned")
        self.assertEqual(self.visit.stop, datetime(2024, 6, 12, 2, 0))
        self.assertEqual(self.meeting.name, "Budget meeting")

    def test_status_is_not_set_on_creation(self):
        Visit = self.env["crm.customer.visit"].with_user(self.user)
        values = {"partner_id": self.customer.id, "start": "2024-06-01 01:00:00"}
        with self.assertRaises(UserError):
            Visit.create({**values, "state": "done"})
        with self.assertRaises(UserError):
            Visit.create({**values, "stop": "2024-05-01 00:00:00"})
        visit = Visit.with_context(default_state="done").create(values)
        self.assertEqual(visit.state, "planned", "a default from the request is ignored")
        self.assertEqual(Visit.create({**values, "state": "planned"}).state, "planned")

    def test_buttons_still_change_the_status(self):
        visit = self.visit.with_user(self.user)
        visit.write({"start": "2024-06-10 01:00:00"})
        visit.action_check_in()
        visit.action_check_out()
        self._finish_as(self.user, self.visit)
        self.assertEqual(self.visit.state, "done")
        self.assertTrue(self.visit.next_visit_id)
        south = self.visit_south.with_user(self.user2)
        self.env["crm.customer.visit.cancel"].with_user(self.user2).create(
            {"visit_ids": [Command.set(south.ids)], "reason": "Postponed"}
        ).action_confirm()
        self.assertEqual(self.visit_south.state, "cancelled")
        self.assertFalse(self.visit_south.calendar_event_id)
        south.action_reset_to_planned()
        self.assertEqual(self.visit_south.state, "planned")
        self.assertTrue(self.visit_south.calendar_event_id)

    def _finish_as(self, user, visit):
        self.env["crm.customer.visit.done"].with_user(user).with_context(
            default_visit_id=visit.id
        ).create({"outcome": "<p>Order confirmed.</p>"}).action_confirm()


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitBounds(VisitIntegrityCase):
    """Items 9 and 12: numbers and dates outside sane bounds are refused clearly."""

    def test_duration_and_dates(self):
        visit = self.visit.with_user(self.user)
        for values in (
            {"duration": 1e12},
            {"duration": 24 * 8},
            {"start": "9999-12-31 20:00:00"},
            {"start": "1900-01-01 00:00:00"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                visit.write(values)
        with self.assertRaises(ValidationError):
            self.env["crm.customer.visit"].with_user(self.user).create(
                {"partner_id": self.customer.id, "start": "9999-12-31 23:00:00", "duration": 2}
            )
        visit.write({"duration": 24 * 7, "start": "2099-12-30 01:00:00"})

    def test_visit_intervals(self):
        # shared levels are changed by a manager of every company (issue 11, item 10)
        self.manager.company_ids = self.env["res.company"].search([])
        with self.assertRaises(ValidationError):
            self.level_a.with_user(self.manager).write({"visit_interval_days": 2_000_000_000})
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.manager).write({"visit_interval_days": 2_000_000_000})
        self.level_a.with_user(self.manager).write({"visit_interval_days": 3650})
        self.customer.with_user(self.manager).write({"visit_interval_days": 3650})

    def test_reminder_lead_time_is_bounded(self):
        with self.assertRaises(ValidationError):
            self.user.with_user(self.user).write({"crm_visit_reminder_hours": 2_000_000_000})
        with self.assertRaises(ValidationError):
            self.user.with_user(self.user).write({"crm_visit_reminder_hours": -1})
        self.user.with_user(self.user).write({"crm_visit_reminder_hours": 720})
        for fname in ("crm_visit_reminder_hours", "crm_visit_grace_hours"):
            with self.subTest(field=fname), self.assertRaises(ValidationError):
                self.env.company.write({fname: 2_000_000_000})
        self.env.company.write({"crm_visit_reminder_hours": 720, "crm_visit_grace_hours": 0})

    def test_reminder_job_survives_one_bad_row(self):
        soon = self._visit(start="2024-06-11 01:00:00")  # user's, in 23 hours
        broken = self._visit(self.customer2, start="2024-06-11 01:00:00")  # user2's
        # A value stored before the bound existed.
        self.env.cr.execute(
            "UPDATE res_users SET crm_visit_reminder_hours = 2000000000 WHERE id = %s",
            [self.user2.id],
        )
        self.user2.invalidate_recordset(["crm_visit_reminder_hours"])
        with self.assertLogs("odoo.addons.crm_customer_info", level="WARNING") as logs:
            self.env["crm.customer.visit"]._cron_send_reminders()
        self.assertTrue(soon.reminder_sent)
        self.assertFalse(broken.reminder_sent)
        self.assertIn(broken.name, "\n".join(logs.output))

    def test_message_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.user.lang = "zh_CN"
        user = self.user.with_user(self.user).with_context(lang="zh_CN")  # as the web client
        with self.assertRaises(ValidationError) as caught:
            user.write({"crm_visit_reminder_hours": 100_000})
        self.assertIn("小时", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.visit.with_env(user.env).write({"state": "done"})
        self.assertIn("按钮", str(caught.exception))


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitWizardAccess(VisitIntegrityCase):
    """Item 13: the wizards refuse visits the user cannot change, instead of doing nothing."""

    def test_cancel_wizard_on_a_hidden_visit(self):
        wizard = (
            self.env["crm.customer.visit.cancel"]
            .with_user(self.user)
            .create({"visit_ids": [Command.set(self.visit_south.ids)], "reason": "Not mine"})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self.visit_south.state, "planned")

    def test_done_wizard_on_a_hidden_visit(self):
        self.visit_south.write({"start": "2024-06-10 01:00:00"})
        with self.assertRaises(AccessError):
            self.env["crm.customer.visit.done"].with_user(self.user).with_context(
                default_visit_id=self.visit_south.id
            ).create({"outcome": "<p>Not mine.</p>"}).action_confirm()
        self.assertEqual(self.visit_south.state, "planned")
