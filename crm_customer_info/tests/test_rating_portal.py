"""Odoo's rating page for a log entry, and the rating on the customer's portal page."""

import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common_portal import PortalCase
from .common_rating import RatingMixinCase

CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestRatingPortal(HttpCase, PortalCase, RatingMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint.rating_request = True
        cls.log_open.write(
            {
                "contact_id": cls.acme_contact.id,
                "team_id": cls.team_north.id,
                "satisfaction": "4",
                "resolution": "<p>New seal fitted.</p>",
            }
        )

    def test_customer_rates_from_the_mail_link(self):
        self.log_open.action_resolve()
        token = self._pending_rating(self.log_open).access_token
        # the link in the mail opens Odoo's rating page, without logging in
        page = self.url_open(f"/rate/{token}/1")
        self.assertEqual(page.status_code, 200)
        csrf = CSRF.search(page.text).group(1)
        done = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "feedback": "The pump still leaks", "csrf_token": csrf},
        )
        self.assertEqual(done.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.log_open.customer_satisfaction, "1")
        self.assertEqual(self.log_open.satisfaction, "4")
        self.assertEqual(self._low_rating_activities(self.log_open).user_id, self.leader)
        # the customer's portal page shows the rating they gave, not the staff's value
        self.authenticate(self.portal_acme.login, self.portal_acme.login)
        detail = self.url_open(f"/my/logs/{self.log_open.id}").text
        self.assertIn("o_crm_log_rating", detail)
        self.assertIn("Very Dissatisfied", detail)
        # the comment is in the chatter, posted by the customer's contact
        message = self.log_open.message_ids.filtered("rating_id")
        self.assertEqual(message.author_id, self.acme_contact)
        self.assertIn("The pump still leaks", str(message.body))

    def test_customer_rates_through_the_page_despite_the_staff_rule(self):
        """The rating page runs as superuser: the rule that stops staff does not stop it."""
        self.log_open.action_resolve()
        rating = self._pending_rating(self.log_open)
        # the salesperson cannot fill the customer's rating in over JSON-RPC ...
        with self.assertRaises(AccessError):
            rating.with_user(self.user).write({"rating": 5, "consumed": True})
        # ... the customer, logged in to the portal, can through Odoo's page (3 faces)
        self.authenticate(self.portal_acme.login, self.portal_acme.login)
        page = self.url_open(f"/rate/{rating.access_token}/5")
        self.assertEqual(page.status_code, 200)
        done = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={"rate": 5, "feedback": "Fixed", "csrf_token": CSRF.search(page.text).group(1)},
        )
        self.assertEqual(done.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.log_open.customer_satisfaction, "5")
        self.assertTrue(rating.consumed)
        # and may change their mind: the same link, another face
        self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={"rate": 3, "csrf_token": CSRF.search(page.text).group(1)},
        )
        self.env.invalidate_all()
        self.assertEqual(self.log_open.customer_satisfaction, "3")

    def _post_rating(self, log, value, **params):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.customer.log",
                "thread_id": log.id,
                "post_data": {
                    "body": "My rating",
                    "message_type": "comment",
                    "rating_value": value,
                },
                **params,
            },
        )

    def test_rating_in_the_chatter_is_the_customers_only(self):
        """Odoo's chatter takes a ``rating_value`` and creates the rating as superuser."""
        token = self.log_open._portal_ensure_token()  # as the entry's portal page does
        # the salesperson, in the web client's chatter: refused
        self.authenticate(self.user.login, self.user.login)
        with self.assertRaises(JsonRpcException) as refused, mute_logger("odoo.http"):
            self._post_rating(self.log_open, 5)
        self.assertIn("AccessError", str(refused.exception))
        # ... and over JSON-RPC on the model
        with self.assertRaises(AccessError):
            self.log_open.with_user(self.user).message_post(body="Great", rating_value=5)
        self.env.invalidate_all()
        self.assertFalse(self.log_open.rating_ids)
        self.assertEqual(self.log_open.customer_satisfaction, "0")
        # another customer's portal user with the entry's token: refused
        self.authenticate(self.portal_south.login, self.portal_south.login)
        with self.assertRaises(JsonRpcException) as refused, mute_logger("odoo.http"):
            self._post_rating(self.log_open, 1, token=token)
        self.assertIn("AccessError", str(refused.exception), "refused, not unknown")
        # the customer, from the entry's portal page (portal_rating): the rating is theirs
        self.authenticate(self.portal_acme.login, self.portal_acme.login)
        self._post_rating(self.log_open, 4, token=token)
        self.env.invalidate_all()
        self.assertEqual(self.log_open.rating_ids.partner_id, self.acme_contact)
        self.assertEqual(self.log_open.customer_satisfaction, "4")

    def test_unknown_token_is_not_found(self):
        self.assertEqual(self.url_open("/rate/not-a-token/5").status_code, 404)
