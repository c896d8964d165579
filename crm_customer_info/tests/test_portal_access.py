"""Portal users through the ORM, as a JSON-RPC client: the portal record rule and its checks."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_portal import PortalCase


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalCase):
    def test_portal_reads_its_commercial_entity_entries_only(self):
        Log = self.env["crm.customer.log"].with_user(self.portal_acme)
        self.assertEqual(Log.search([("subject", "!=", False)]), self.log_open | self.log_resolved)
        self.log_open.with_user(self.portal_acme).check_access("read")
        for log in (self.log_south, self.log_other_company):
            with self.assertRaises(AccessError):
                log.with_user(self.portal_acme).read(["subject"])
        self.assertEqual(
            self.env["crm.customer.log"].with_user(self.portal_south).search([]), self.log_south
        )

    def test_portal_reads_only_customer_fields(self):
        log = self.log_open.with_user(self.portal_acme)
        self.assertEqual(log.read(["subject", "state"])[0]["subject"], "Pump leaks")
        for fname in ("competitor_notes", "user_id", "labour_cost", "satisfaction"):
            with self.assertRaises(AccessError):
                log.read([fname])
        readable = log.check_field_access_rights("read", None)
        self.assertIn("subject", readable)
        self.assertNotIn("competitor_notes", readable)

    def test_portal_neither_creates_writes_nor_deletes(self):
        Log = self.env["crm.customer.log"].with_user(self.portal_acme)
        with self.assertRaises(AccessError):
            Log.create({"partner_id": self.acme.id, "type_id": self.complaint.id, "subject": "X"})
        with self.assertRaises(AccessError):
            self.log_open.with_user(self.portal_acme).write({"subject": "Forged"})
        with self.assertRaises(AccessError):
            self.log_resolved.with_user(self.portal_acme).action_close()
        with self.assertRaises(AccessError):
            self.log_open.with_user(self.portal_acme).unlink()

    def test_deliveries_are_the_customers_own(self):
        deliveries = self.env["crm.customer.log"].with_user(self.portal_acme)._portal_deliveries()
        self.assertCountEqual(
            [(product.id, lot.id) for product, lot in deliveries],
            [(self.serial_product.id, self.sn_acme.id), (self.plain_product.id, False)],
        )

    def test_submit_request(self):
        Log = self.env["crm.customer.log"].with_user(self.portal_acme)
        self.assertEqual(
            Log._portal_types(), self.consultation | self.complaint | self.service | self.feedback
        )
        log = Log._portal_submit_request(
            {
                "type_id": str(self.service.id),
                "subject": " Compressor stops ",
                "description": "It stops after <b>ten</b> minutes.",
                "lot_id": str(self.sn_acme.id),
            }
        ).sudo()
        self.assertRecordValues(
            log,
            [
                {
                    "partner_id": self.acme.id,
                    "contact_id": self.acme_contact.id,
                    "subject": "Compressor stops",
                    "channel": "portal",
                    "state": "new",
                    "user_id": self.user.id,
                    "company_id": self.company.id,
                    "create_uid": self.portal_acme.id,
                }
            ],
        )
        self.assertEqual(log.product_ids, self.serial_product)
        self.assertEqual(log.lot_ids, self.sn_acme)
        self.assertIn("&lt;b&gt;ten&lt;/b&gt;", str(log.description))
        self.assertIn(self.acme_contact, log.message_partner_ids)

    def test_submit_request_refuses_what_is_not_offered(self):
        Log = self.env["crm.customer.log"].with_user(self.portal_acme)
        valid = {"type_id": str(self.complaint.id), "subject": "Noise"}
        refused = [
            (ValidationError, {**valid, "type_id": str(self.contact_type.id)}),
            (ValidationError, {**valid, "subject": "  "}),
            (ValidationError, {**valid, "lot_id": str(self.sn_south.id)}),
            (ValidationError, {**valid, "product_id": str(self.service.id + 10**6)}),
            (UserError, {**valid, "user_id": str(self.portal_acme.id)}),
            (UserError, {**valid, "state": "closed"}),
        ]
        count = self.env["crm.customer.log"].search_count([])
        for error, form in refused:
            with self.subTest(form=form), self.assertRaises(error):
                Log._portal_submit_request(form)
        self.assertEqual(self.env["crm.customer.log"].search_count([]), count)
        with self.assertRaises(AccessError):
            self.env["crm.customer.log"].with_user(self.user)._portal_submit_request(valid)

    def test_close_own_resolved_entry_only(self):
        self.log_resolved.with_user(self.portal_acme)._portal_close()
        self.assertEqual(self.log_resolved.state, "closed")
        with self.assertRaisesRegex(UserError, "resolved"):
            self.log_open.with_user(self.portal_acme)._portal_close()
        self.log_south.action_start()
        self.log_south.resolution = "Sent again"
        self.log_south.action_resolve()
        with self.assertRaises(AccessError):
            self.log_south.with_user(self.portal_acme)._portal_close()
        self.assertEqual(self.log_south.state, "resolved")
