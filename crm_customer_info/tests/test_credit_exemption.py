from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common_credit import CreditCase


@tagged("post_install", "-at_install")
@freeze_time("2024-07-01 12:00:00")
class TestCreditExemption(CreditCase):
    """Orders the policy exempts are confirmed although their customer breaks the limit.

    Acme owes 400 (see ``CreditCase``); with a limit of 100 every order of Acme
    breaks the limit rule.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Test Card",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": cls.company.id,
                "payment_method_ids": [
                    Command.set(cls.env.ref("payment.payment_method_unknown").ids)
                ],
            }
        )
        cls.env.ref("payment.payment_method_unknown").active = True

    def setUp(self):
        super().setUp()
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100

    def _assert_confirmed_without_hold(self, order):
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold_state)
        self.assertFalse(order.credit_event_ids)
        self.assertFalse(order.activity_ids)

    def _pay_online(self, order, amount=None):
        """The online payment of the portal and the e-commerce checkout: a transaction
        linked to the quotation, authorized, then post-processed (which confirms it)."""
        # authorized card payments, as Odoo's own sale payment tests allow them: the
        # field is computed and not stored, so it is set in each test's cache
        self.provider.support_manual_capture = "partial"
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.provider.payment_method_ids.id,
                "amount": order.amount_total if amount is None else amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-online",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )
        transaction._set_authorized()
        transaction._post_process()
        return transaction

    def test_exempt_payment_term_beats_the_limit(self):
        self._policy(crm_credit_exempt_term_ids=[Command.set(self.term_now.ids)])
        exempt = self._quote(self.acme, 5000, term=self.term_now)
        other = self._quote(self.acme, 10, term=self.term_30)
        (exempt | other).with_user(self.user).action_confirm()
        self._assert_confirmed_without_hold(exempt)
        self.assertEqual(other.credit_hold_state, "hold")
        # the exemption is the term's: without it the same order is held
        self._policy(crm_credit_exempt_term_ids=[Command.clear()])
        again = self._quote(self.acme, 5000, term=self.term_now)
        again.with_user(self.user).action_confirm()
        self.assertEqual(again.credit_hold_state, "hold")

    def test_order_paid_online_is_exempt_when_the_policy_says(self):
        self._policy(crm_credit_exempt_prepaid=True)
        paid = self._quote(self.acme, 5000)
        self._pay_online(paid)
        self._assert_confirmed_without_hold(paid)
        self._policy(crm_credit_exempt_prepaid=False)
        held = self._quote(self.acme, 5000)
        self._pay_online(held)
        self.assertEqual((held.state, held.credit_hold_state), ("draft", "hold"))
        self.assertTrue(held._is_paid(), "paid, but paid orders are not exempt")

    def test_partly_paid_order_is_not_exempt(self):
        self._policy(crm_credit_exempt_prepaid=True)
        order = self._quote(self.acme, 5000)
        order.write({"require_payment": True, "prepayment_percent": 0.5})
        self._pay_online(order, amount=order.amount_total / 2)
        self.assertEqual(order.credit_hold_state, "hold")
        self.assertFalse(order._is_paid())

    def test_ecommerce_checkout(self):
        """The e-commerce checkout confirms through the same online payment.

        ``website_sale`` confirms a paid cart by post-processing its payment
        transaction (``sale``'s ``_check_amount_and_confirm_order`` calls
        ``action_confirm``, as tested above without ``website_sale``) and a free
        cart by ``action_confirm`` as superuser; the addon does not depend on it.
        """
        website_sale = self.env["ir.module.module"]._get("website_sale")
        if website_sale.state != "installed":
            self.skipTest(
                "website_sale is not installed in this database; its checkout confirms "
                "through the online payment flow tested by "
                "test_order_paid_online_is_exempt_when_the_policy_says"
            )
        website = self.env["website"].search([("company_id", "=", self.company.id)], limit=1)
        cart = self._quote(self.acme, 10)
        cart.website_id = website
        self._pay_online(cart)
        self.assertEqual((cart.state, cart.credit_hold_state), ("draft", "hold"))
        self._policy(crm_credit_exempt_prepaid=True)
        paid_cart = self._quote(self.acme, 10)
        paid_cart.website_id = website
        self._pay_online(paid_cart)
        self._assert_confirmed_without_hold(paid_cart)
