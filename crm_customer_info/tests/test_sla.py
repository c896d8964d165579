from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase

WARNING = "crm_customer_info.mail_activity_type_sla_warning"
BREACH = "crm_customer_info.mail_activity_type_sla_breach"


@tagged("post_install", "-at_install")
class TestSla(SlaCase):
    def test_deadlines_over_the_weekend(self):
        log = self._log(MONDAY + timedelta(days=4, hours=15))  # Friday 15:00
        status = log.sla_status_ids
        self.assertEqual(status.policy_id, self.policy)
        # Friday 15-17 (2 h), Monday 08-10 (2 h)
        self.assertEqual(status.response_deadline, datetime(2026, 3, 9, 10))
        # Friday 2 h, Monday 8 h, Tuesday 6 h
        self.assertEqual(status.resolution_deadline, datetime(2026, 3, 10, 15))
        # 80 % of 4 h = 3 h 12 min: Monday 09:12
        self.assertEqual(status.response_warn_at, datetime(2026, 3, 9, 9, 12))
        self.assertEqual(log.sla_deadline, datetime(2026, 3, 9, 10))
        self.assertEqual(log.sla_status, "on_track")

    def test_deadlines_over_a_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9),
                "date_to": datetime(2026, 3, 9, 23, 59, 59),
            }
        )
        log = self._log(MONDAY + timedelta(days=4, hours=15))
        self.assertEqual(log.sla_status_ids.response_deadline, datetime(2026, 3, 10, 10))
        self.assertEqual(log.sla_status_ids.resolution_deadline, datetime(2026, 3, 11, 15))

    def test_clock_hours_without_calendar(self):
        self.policy.calendar_id = False
        log = self._log(MONDAY + timedelta(days=4, hours=15))
        self.assertEqual(log.sla_status_ids.response_deadline, datetime(2026, 3, 6, 19))

    def test_waiting_for_the_customer_pauses_the_clock(self):
        log = self._log(MONDAY.replace(hour=8))
        self.assertEqual(log.sla_status_ids.response_deadline, MONDAY.replace(hour=12))
        with freeze_time(MONDAY.replace(hour=9)):
            log.action_wait()
        self.assertEqual(log.state, "waiting")
        with freeze_time(MONDAY.replace(hour=14)):
            log.action_resume()
        status = log.sla_status_ids
        self.assertEqual(log.state, "in_progress")
        self.assertFalse(log.waiting_since)
        self.assertEqual(status.paused_hours, 4)  # 09-12 and 13-14
        self.assertEqual(status.response_deadline, MONDAY.replace(hour=17))
        # a policy that does not pause keeps its deadline
        self.policy.pause_on_waiting = False
        with freeze_time(MONDAY.replace(hour=15)):
            log.action_wait()
        with freeze_time(MONDAY.replace(hour=16)):
            log.action_resume()
        self.assertEqual(status.paused_hours, 4)

    def test_waiting_entry_does_not_fail(self):
        log = self._log(MONDAY.replace(hour=8))
        with freeze_time(MONDAY.replace(hour=9)):
            log.action_wait()
        with freeze_time(MONDAY + timedelta(days=3)):
            self.env["crm.customer.sla.status"]._cron_sla()
        self.assertEqual(log.sla_status, "on_track")
        self.assertFalse(self._activities(log, BREACH))

    def test_several_policies_apply(self):
        urgent = self.env["crm.customer.sla.policy"].create(
            {
                "name": "Urgent anything",
                "priority": "2",
                "response_hours": 1,
                "calendar_id": self.calendar.id,
            }
        )
        normal = self._log(MONDAY.replace(hour=8))
        pressing = self._log(MONDAY.replace(hour=8), priority="3")
        consultation = self._log(MONDAY.replace(hour=8), priority="2", type_id=self.consultation.id)
        self.assertEqual(normal.sla_status_ids.policy_id, self.policy)
        self.assertEqual(pressing.sla_status_ids.policy_id, self.policy | urgent)
        self.assertEqual(consultation.sla_status_ids.policy_id, urgent)
        self.assertEqual(pressing.sla_deadline, MONDAY.replace(hour=9))
        # lowering the priority drops the urgent policy
        pressing.priority = "0"
        self.assertEqual(pressing.sla_status_ids.policy_id, self.policy)

    def test_policy_conditions_levels_and_teams(self):
        self.policy.write({"level_ids": [(6, 0, self.level_a.ids)]})
        self.assertFalse(self._log(MONDAY).sla_status_ids)
        self.policy.write({"level_ids": [(5,)], "team_ids": [(6, 0, self.team_south.ids)]})
        self.assertFalse(self._log(MONDAY).sla_status_ids)
        self.policy.write({"team_ids": [(6, 0, self.team_north.ids)]})
        self.assertTrue(self._log(MONDAY).sla_status_ids)

    def test_first_response_is_the_first_public_message_from_staff(self):
        log = self._log(MONDAY.replace(hour=8))
        with freeze_time(MONDAY.replace(hour=9)):
            log.with_user(self.user).message_post(
                body="Internal: check stock", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            self.assertFalse(log.responded_on)
            log.with_user(self.user).message_post(
                body="We send a technician tomorrow.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.cust.ids,
            )
        self.assertEqual(log.responded_on, MONDAY.replace(hour=9))
        self.assertEqual(log.sla_status_ids.responded_on, MONDAY.replace(hour=9))
        self.assertEqual(log.sla_status, "on_track")  # the resolution is still running
        with freeze_time(MONDAY.replace(hour=10)):
            log.action_resolve()
        self.assertEqual(log.sla_status, "met")

    def test_resolution_without_a_message_is_the_response(self):
        """A closed entry never shows its response target as still running."""
        in_time = self._log(MONDAY.replace(hour=8))
        late = self._log(MONDAY.replace(hour=8))
        with freeze_time(MONDAY.replace(hour=10)):
            in_time.action_resolve()
        with freeze_time(MONDAY.replace(hour=15)):
            late.action_resolve()
        self.assertEqual(in_time.sla_status_ids.responded_on, MONDAY.replace(hour=10))
        self.assertEqual((in_time.sla_status, late.sla_status), ("met", "failed"))
        self.assertFalse(in_time.sla_deadline or late.sla_deadline)

    def test_responded_button_late_response_fails(self):
        log = self._log(MONDAY.replace(hour=8))
        with freeze_time(MONDAY.replace(hour=13)):
            log.with_user(self.user).action_responded()
        self.assertEqual(log.responded_on, MONDAY.replace(hour=13))
        self.assertEqual(log.sla_status, "failed")
        with self.assertRaises(UserError):
            log.with_user(self.user).write({"responded_on": MONDAY})

    def test_job_warns_and_escalates_once(self):
        log = self._log(MONDAY.replace(hour=8))
        Status = self.env["crm.customer.sla.status"]
        with freeze_time(MONDAY.replace(hour=11, minute=30)):
            Status._cron_sla()
            Status._cron_sla()
        self.assertEqual(log.sla_status, "at_risk")
        warning = self._activities(log, WARNING)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.user)
        with freeze_time(MONDAY.replace(hour=12, minute=30)):
            Status._cron_sla()
            Status._cron_sla()
        self.assertEqual(log.sla_status, "failed")
        breach = self._activities(log, BREACH)
        self.assertEqual(len(breach), 1)
        self.assertEqual(breach.user_id, self.leader)
        self.assertEqual(len(self._activities(log, WARNING)), 1)

    def test_warning_share_is_a_company_setting(self):
        self.company.crm_sla_warning_share = 50
        log = self._log(MONDAY.replace(hour=8))
        self.assertEqual(log.sla_status_ids.response_warn_at, MONDAY.replace(hour=10))
        with self.assertRaises(ValidationError):
            self.company.crm_sla_warning_share = 120

    def test_negative_target_is_refused(self):
        with self.assertRaises(ValidationError):
            self.policy.response_hours = -1

    def test_performance_report_counts_met_and_failed(self):
        met = self._log(MONDAY.replace(hour=8))
        failed = self._log(MONDAY.replace(hour=8))
        self._log(MONDAY.replace(hour=12, minute=30))  # still on track at 13:00
        with freeze_time(MONDAY.replace(hour=9)):
            met.action_responded()
            met.action_resolve()
        with freeze_time(MONDAY.replace(hour=13)):
            self.env["crm.customer.sla.status"]._cron_sla()
        self.assertEqual((met.sla_status, failed.sla_status), ("met", "failed"))
        self.env.flush_all()
        rows = self.env["crm.customer.performance.report"]._read_group(
            [("user_id", "=", self.user.id), ("company_id", "=", self.company.id)],
            ["date:month"],
            ["sla_met_count:sum", "sla_failed_count:sum"],
        )
        march = {month.month: (met_count, failed_count) for month, met_count, failed_count in rows}
        self.assertEqual(march[3], (1, 1))

    def test_waiting_entry_can_be_resolved_or_cancelled(self):
        log = self._log(MONDAY.replace(hour=8))
        with freeze_time(MONDAY.replace(hour=9)):
            log.action_wait()
        with freeze_time(MONDAY.replace(hour=10)):
            log.action_resolve()
        self.assertEqual(log.state, "resolved")
        self.assertFalse(log.waiting_since)
        self.assertEqual(log.sla_status_ids.paused_hours, 1)
        other = self._log(MONDAY.replace(hour=8))
        other.action_wait()
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
