import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.3.0" / "post-migrate-deadlines.py"


@tagged("post_install", "-at_install")
class TestSlaMigration(SlaCase):
    """Upgrade to 18.0.1.3.0: the type's response time becomes a policy; deadlines stay."""

    def _migrate(self):
        spec = importlib.util.spec_from_file_location("post_migrate_deadlines", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.2.0")

    def _old_response_time(self, hours_by_type):
        """The column of the removed field, as an older database has it (rolled back)."""
        self.env.cr.execute(
            "ALTER TABLE crm_customer_log_type ADD COLUMN response_hours double precision"
        )
        for log_type, hours in hours_by_type.items():
            self.env.cr.execute(
                "UPDATE crm_customer_log_type SET response_hours = %s WHERE id = %s",
                (hours, log_type.id),
            )

    def test_response_times_become_policies_and_keep_deadlines(self):
        self.env["crm.customer.sla.policy"].search([]).unlink()
        open_log = self._log(MONDAY.replace(hour=15))
        done_log = self._log(MONDAY.replace(hour=15))
        done_log.action_resolve()
        consultation = self._log(MONDAY, type_id=self.consultation.id)
        # the deadline stored by the old clock-hour computation
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_customer_log SET deadline = log_date + interval '24 hours' WHERE id IN %s",
            [(open_log.id, done_log.id)],
        )
        self.env.invalidate_all()
        old_deadline = open_log.deadline
        self._old_response_time({self.complaint: 24, self.consultation: 0})
        self.assertFalse(open_log.sla_status_ids, "no policy before the upgrade")
        self._migrate()
        policy = self.env["crm.customer.sla.policy"].search(
            [("type_ids", "=", self.complaint.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(policy), 1)
        self.assertEqual(policy.response_hours, 24)
        self.assertFalse(policy.calendar_id, "clock hours, as the old deadline")
        self.assertFalse(policy.pause_on_waiting)
        self.assertEqual(open_log.sla_status_ids.policy_id, policy)
        self.assertEqual(open_log.deadline, old_deadline)
        self.assertEqual(open_log.sla_status_ids.response_deadline, old_deadline)
        self.assertFalse(done_log.sla_status_ids, "closed history is not rewritten")
        self.assertEqual(done_log.deadline, old_deadline, "and keeps its deadline")
        self.assertFalse(consultation.sla_status_ids, "no response time, no policy")
        other = self.env["crm.customer.sla.policy"].search(
            [("type_ids", "=", self.complaint.id), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(len(other), 1, "a shared type gets a policy in every company")
        # a database that ran the 18.0.1.2.0 upgrade already has them: none twice
        Policy = self.env["crm.customer.sla.policy"]
        count = Policy.search_count([])
        self._migrate()
        self.assertEqual(Policy.search_count([]), count)

    def test_deadlines_follow_the_statuses_and_the_overdue_job_goes(self):
        log = self._log(MONDAY.replace(hour=9))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_customer_log SET deadline = '2000-01-01' WHERE id = %s", [log.id]
        )
        self.env.invalidate_all()
        self._old_response_time({})
        self._migrate()
        self.assertEqual(log.deadline, log.sla_status_ids.response_deadline)
        self.assertEqual(log.deadline, MONDAY.replace(hour=14), "4 working hours, lunch skipped")
