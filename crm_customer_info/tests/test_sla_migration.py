import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.2.0" / "post-migrate-sla.py"


@tagged("post_install", "-at_install")
class TestSlaMigration(SlaCase):
    """Upgrade to 18.0.1.2.0: the type's response time becomes a policy; deadlines stay."""

    def _migrate(self):
        spec = importlib.util.spec_from_file_location("post_migrate_sla", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")

    def test_response_times_become_policies_and_keep_deadlines(self):
        self.env["crm.customer.sla.policy"].search([]).unlink()
        self.complaint.response_hours = 24
        self.consultation.response_hours = 0
        open_log = self._log(MONDAY.replace(hour=15))
        done_log = self._log(MONDAY.replace(hour=15))
        done_log.action_resolve()
        consultation = self._log(MONDAY, type_id=self.consultation.id)
        self.assertFalse(open_log.sla_status_ids, "no policy before the upgrade")
        self._migrate()
        policy = self.env["crm.customer.sla.policy"].search(
            [("type_ids", "=", self.complaint.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(policy), 1)
        self.assertEqual(policy.response_hours, 24)
        self.assertFalse(policy.calendar_id, "clock hours, as the old deadline")
        self.assertFalse(policy.pause_on_waiting)
        self.assertEqual(open_log.sla_status_ids.response_deadline, open_log.deadline)
        self.assertEqual(open_log.sla_status_ids.policy_id, policy)
        self.assertFalse(done_log.sla_status_ids, "closed history is not rewritten")
        self.assertFalse(consultation.sla_status_ids, "no response time, no policy")
        other = self.env["crm.customer.sla.policy"].search(
            [("type_ids", "=", self.complaint.id), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(len(other), 1, "a shared type gets a policy in every company")
