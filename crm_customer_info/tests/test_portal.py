"""My Account → Requests, over HTTP as the customers' portal users."""

from odoo import http
from odoo.tests import HttpCase, tagged

from .common_portal import PortalCase


@tagged("post_install", "-at_install")
class TestPortalPages(HttpCase, PortalCase):
    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_acme.login, self.portal_acme.login)

    def _post(self, url, **data):
        response = self.url_open(
            url, data={**data, "csrf_token": http.Request.csrf_token(self)}, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def test_list_with_counter_filters_and_sorting(self):
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["crm_log_count"]})
        self.assertEqual(counters["crm_log_count"], 2)
        page = self.url_open("/my/logs")
        self.assertEqual(page.status_code, 200)
        for subject in ("Pump leaks", "Filter sizes", self.log_open.name):
            self.assertIn(subject, page.text)
        for subject in ("Late delivery", "Branch question"):
            self.assertNotIn(subject, page.text)
        self.assertIn('href="/my/logs/new"', page.text)
        resolved = self.url_open("/my/logs?filterby=resolved&sortby=name").text
        self.assertIn("Filter sizes", resolved)
        self.assertNotIn("Pump leaks", resolved)
        self.log_open.action_wait()  # waiting for the customer is still open to the customer
        open_ = self.url_open("/my/logs?filterby=open").text
        self.assertIn("Pump leaks", open_)
        self.assertNotIn("Filter sizes", open_)
        complaints = self.url_open(f"/my/logs?type_id={self.complaint.id}&sortby=state").text
        self.assertIn("Pump leaks", complaints)
        self.assertNotIn("Filter sizes", complaints)

    def test_detail_with_chatter_and_reply(self):
        page = self.url_open(f"/my/logs/{self.log_open.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pump leaks", page.text)
        self.assertIn('data-res_model="crm.customer.log"', page.text)
        token = self.log_open.access_token
        self.assertTrue(token)
        self.assertIn(f'data-token="{token}"', page.text)
        self.assertNotIn("o_crm_log_close", page.text, "an open entry cannot be closed")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.customer.log",
                "thread_id": self.log_open.id,
                "post_data": {"body": "Still leaking today", "message_type": "comment"},
                "token": token,
            },
        )
        self.env.invalidate_all()
        message = self.log_open.message_ids[:1]
        self.assertIn("Still leaking today", str(message.body))
        self.assertEqual(message.author_id, self.acme_contact)

    def test_other_customer_or_company_entry_is_forbidden(self):
        for log in (self.log_south, self.log_other_company):
            with self.subTest(log=log.subject):
                self.assertEqual(self.url_open(f"/my/logs/{log.id}").status_code, 403)
        self.assertEqual(self.url_open("/my/logs/987654321").status_code, 404)
        self.log_south.action_start()
        self.log_south.resolution = "Sent again"
        self.log_south.action_resolve()
        self.assertEqual(self._post(f"/my/logs/{self.log_south.id}/close").status_code, 403)
        self.assertEqual(self.log_south.state, "resolved")

    def test_submit_request(self):
        page = self.url_open("/my/logs/new")
        self.assertEqual(page.status_code, 200)
        self.assertIn("SN-ACME-1", page.text)
        self.assertNotIn("SN-SOUTH-1", page.text)
        response = self._post(
            "/my/logs/new",
            type_id=self.complaint.id,
            subject="Compressor hums",
            description="Loud at night",
            product_id=self.serial_product.id,
            lot_id=self.sn_acme.id,
        )
        self.assertEqual(response.status_code, 303)
        log = self.env["crm.customer.log"].search([("subject", "=", "Compressor hums")])
        self.assertTrue(response.headers["Location"].endswith(f"/my/logs/{log.id}"))
        self.assertRecordValues(
            log, [{"partner_id": self.acme.id, "channel": "portal", "state": "new"}]
        )
        self.assertEqual(log.lot_ids, self.sn_acme)

    def test_submit_refused_keeps_the_form(self):
        response = self._post(
            "/my/logs/new", type_id=self.complaint.id, subject="Wrong unit", lot_id=self.sn_south.id
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_crm_log_error", response.text)
        self.assertIn("Wrong unit", response.text)
        self.assertFalse(self.env["crm.customer.log"].search([("subject", "=", "Wrong unit")]))

    def test_close_resolved_entry(self):
        page = self.url_open(f"/my/logs/{self.log_resolved.id}").text
        self.assertIn("o_crm_log_close", page)
        response = self._post(f"/my/logs/{self.log_resolved.id}/close")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.log_resolved.state, "closed")
        again = self._post(f"/my/logs/{self.log_resolved.id}/close")
        self.assertIn("error=", again.headers["Location"])

    def test_internal_user_cannot_submit_from_the_portal(self):
        self.authenticate(self.user.login, self.user.login)
        self.assertEqual(self.url_open("/my/logs/new").status_code, 403)
