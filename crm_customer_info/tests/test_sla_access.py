from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase


@tagged("post_install", "-at_install")
class TestSlaAccess(SlaCase):
    """Managers configure SLA policies, users read them; statuses are written by the entry."""

    def test_users_read_policies_managers_configure(self):
        self.assertEqual(self.policy.with_user(self.user).read(["name"])[0]["name"], "Complaints")
        with self.assertRaises(AccessError):
            self.policy.with_user(self.user).write({"response_hours": 100})
        with self.assertRaises(AccessError):
            self.env["crm.customer.sla.policy"].with_user(self.user).create({"name": "Mine"})
        self.policy.with_user(self.manager).write({"response_hours": 2})
        self.assertEqual(self.policy.response_hours, 2)

    def test_other_company_does_not_see_the_policy(self):
        Policy = self.env["crm.customer.sla.policy"].with_user(self.manager)
        other = Policy.sudo().create(
            {"name": "Other", "company_id": self.other_company.id, "calendar_id": False}
        )
        self.assertNotIn(other, Policy.search([]))

    def test_statuses_follow_the_entry(self):
        log = self._log(MONDAY)
        status = log.sla_status_ids
        self.assertTrue(status.with_user(self.user).read(["status"]))
        self.assertFalse(
            self.env["crm.customer.sla.status"]
            .with_user(self.user2)
            .search([("id", "=", status.id)])
        )
        with self.assertRaises(AccessError):
            status.with_user(self.user).write({"status": "met"})
        with self.assertRaises(AccessError):
            status.with_user(self.manager).write({"status": "met"})

    def test_only_buttons_stamp_the_first_response(self):
        log = self._log(MONDAY)
        with self.assertRaises(UserError):
            log.with_user(self.user).write({"waiting_since": MONDAY})
        with self.assertRaises(UserError):
            self.env["crm.customer.log"].with_user(self.user).create(
                {
                    "partner_id": self.cust.id,
                    "type_id": self.complaint.id,
                    "subject": "Forged",
                    "responded_on": MONDAY,
                }
            )
