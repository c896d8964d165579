from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_credit import CreditCase


@tagged("post_install", "-at_install")
@freeze_time("2024-07-01 12:00:00")
class TestCreditHold(CreditCase):
    """Confirming an order that breaks the policy puts it on hold; controllers decide."""

    def _held(self, order):
        return order.state in ("draft", "sent") and order.credit_hold

    def test_policy_off_confirms(self):
        order = self._quote(self.acme, 1e9)
        self.assertTrue(order.with_user(self.user).action_confirm())
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold_state)

    def test_limit_rule(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 1000
        fits = self._quote(self.acme, 600)  # 400 + 600 = 1,000: not above the limit
        self.assertTrue(fits.with_user(self.user).action_confirm())
        self.assertEqual(fits.state, "sale")
        order = self._quote(self.acme, 100)
        self.assertIs(order.with_user(self.user).action_confirm(), True)
        self.assertTrue(self._held(order))
        self.assertEqual(order.credit_hold_state, "hold")
        self.assertRegex(order.credit_hold_reason, r"Exposure .*1,100\.00 > limit .*1,000\.00")
        # the salesperson sees why, finance has an activity, the history has a line
        self.assertEqual(order.with_user(self.user).credit_hold_reason, order.credit_hold_reason)
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.company._crm_credit_controller())
        self.assertEqual(order.credit_event_ids.action, "hold")
        self.assertEqual(order.credit_event_ids.exposure, 1100.0)
        self.assertEqual(self.acme.credit_hold_count, 1)
        # a customer without a limit is not held
        free = self._quote(self.beta, 1e6, user=self.user2)
        free.with_user(self.user2).action_confirm()
        self.assertEqual(free.state, "sale")

    def test_tolerance(self):
        self._policy(crm_credit_hold_limit=True, crm_credit_tolerance_percent=10)
        self.acme.with_company(self.company).credit_limit = 1000
        within = self._quote(self.acme, 700)  # 1,100: within 10 %
        within.action_confirm()
        self.assertEqual(within.state, "sale")
        self._policy(crm_credit_tolerance_percent=0, crm_credit_tolerance_amount=50)
        over = self._quote(self.acme, 1)
        over.action_confirm()
        self.assertTrue(self._held(over))
        self.assertRegex(over.credit_hold_reason, r"tolerance up to .*1,050\.00")

    def test_rating_rule(self):
        self._classify()
        self._row(self.acme).credit_rating = "D"
        self._row(self.beta).credit_rating = "B"
        self._policy(crm_credit_hold_rating="C")
        held = self._quote(self.acme, 10)
        passes = self._quote(self.beta, 10, user=self.user2)
        (held | passes).action_confirm()
        self.assertTrue(self._held(held))
        self.assertEqual(passes.state, "sale")
        self.assertIn("Credit rating D", held.credit_hold_reason)

    def test_overdue_rule(self):
        self._policy(crm_credit_hold_overdue=True, crm_credit_hold_overdue_days=120)
        order = self._quote(self.acme, 10)
        order.action_confirm()
        self.assertEqual(order.state, "sale")  # 113 days is not more than 120
        self._policy(crm_credit_hold_overdue_days=90)
        order = self._quote(self.acme, 10)
        order.action_confirm()
        self.assertTrue(self._held(order))
        self.assertIn("1 invoice(s) overdue more than 90 days", order.credit_hold_reason)
        self.assertIn("113 days", order.credit_hold_reason)

    def test_exempt_payment_term(self):
        self._policy(
            crm_credit_hold_overdue=True,
            crm_credit_hold_overdue_days=0,
            crm_credit_exempt_term_ids=[(6, 0, self.term_now.ids)],
        )
        exempt = self._quote(self.acme, 10, term=self.term_now)
        other = self._quote(self.acme, 10, term=self.term_30)
        (exempt | other).action_confirm()
        self.assertEqual(exempt.state, "sale")
        self.assertTrue(self._held(other))

    def test_multi_currency_order(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 1000
        # EUR 1,200 is USD 600: 400 + 600 fits
        fits = self._quote(self.acme, 1200, pricelist=self.eur_pricelist)
        fits.action_confirm()
        self.assertEqual(fits.state, "sale")
        over = self._quote(self.acme, 2, pricelist=self.eur_pricelist)
        over.action_confirm()
        self.assertTrue(self._held(over))
        self.assertEqual(over.credit_event_ids.exposure, 1001.0)

    def test_orders_confirmed_together(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 1000
        first, second = self._quote(self.acme, 500), self._quote(self.acme, 200)
        (first | second).with_user(self.user).action_confirm()
        self.assertEqual(first.state, "sale")
        self.assertTrue(self._held(second))

    def test_multi_company_policy(self):
        """Each company's policy and limit apply to its own orders."""
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100
        self.acme.with_company(self.other_company).credit_limit = 100000
        self._policy(self.other_company, crm_credit_hold_limit=True)
        here = self._quote(self.acme, 10, user=self.manager)
        there = (
            self.env["sale.order"]
            .with_company(self.other_company)
            .create(
                {
                    "partner_id": self.acme.id,
                    "company_id": self.other_company.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product_a.id, "price_unit": 10, "tax_id": []})
                    ],
                }
            )
        )
        (here | there).action_confirm()
        self.assertTrue(self._held(here))
        self.assertEqual(there.state, "sale")

    def test_release_confirms_the_order_only(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100
        order = self._quote(self.acme, 10)
        other = self._quote(self.acme, 10)
        (order | other).action_confirm()
        wizard = (
            self.env["crm.customer.credit.release"]
            .with_user(self.controller)
            .create({"order_ids": order.ids, "decision": "release", "reason": "Paid by wire"})
        )
        wizard.action_apply()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_hold_state, "released")
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.credit_event_ids.mapped("action"), ["release", "hold"])
        self.assertEqual(order.credit_event_ids[0].controller_id, self.controller)
        self.assertTrue(any("Paid by wire" in body for body in order.message_ids.mapped("body")))
        self.assertFalse(order.activity_ids)
        # the release is this order's only: the other one stays on hold
        self.assertTrue(self._held(other))
        # and a new order of the same customer is held again
        again = self._quote(self.acme, 10)
        again.action_confirm()
        self.assertTrue(self._held(again))

    def test_reject_keeps_the_quotation(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100
        order = self._quote(self.acme, 10)
        order.action_confirm()
        order.with_user(self.controller)._crm_credit_reject("Customer blocked")
        self.assertEqual((order.state, order.credit_hold_state), ("draft", "rejected"))
        self.assertFalse(order.credit_hold)
        self.assertEqual(order.credit_event_ids[0].reason, "Customer blocked")
        # confirming again checks afresh: held again, a new decision is needed
        order.action_confirm()
        self.assertTrue(self._held(order))
        self.assertEqual(len(order.activity_ids), 1)
        # confirming a held order again does not pile up activities or history lines
        order.action_confirm()
        self.assertEqual(len(order.activity_ids), 1)
        self.assertEqual(order.credit_event_ids.mapped("action"), ["hold", "reject", "hold"])
        # once the customer is within the limit, confirming lifts the hold
        self.acme.with_company(self.company).credit_limit = 100000
        order.with_user(self.user).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_hold_state)

    def test_salesperson_cannot_release_or_write_the_hold(self):
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100
        order = self._quote(self.acme, 10)
        order.with_user(self.user).action_confirm()
        as_user = order.with_user(self.user)
        with self.assertRaises(AccessError):
            as_user._crm_credit_release("mine")
        with self.assertRaises(AccessError):
            as_user.action_credit_release()
        with self.assertRaises(AccessError):
            self.env["crm.customer.credit.release"].with_user(self.user).create(
                {"order_ids": order.ids, "reason": "mine"}
            )
        for values in (
            {"credit_hold_state": "released"},
            {"credit_hold_state": False},
            {"credit_hold_breaches": False},
        ):
            with self.assertRaises(UserError):
                as_user.write(values)
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.user).create(
                {"partner_id": self.acme.id, "credit_hold_state": "released"}
            )
        # context keys do not help either
        with self.assertRaises(UserError):
            as_user.with_context(crm_credit_trusted=True).write({"credit_hold_state": False})
        with self.assertRaises(AccessError):
            as_user.with_context(crm_credit_released=True)._crm_credit_release("mine")
        # nor a default value for a new order
        quote = (
            self.env["sale.order"]
            .with_user(self.user)
            .with_context(default_credit_hold_state="released")
            .create({"partner_id": self.acme.id})
        )
        self.assertFalse(quote.credit_hold_state)
        self.assertTrue(self._held(order))
        order.with_user(self.user).with_context(crm_credit_released=True).action_confirm()
        self.assertTrue(self._held(order))
        # a credit controller who is the order's salesperson does not release it either
        order.sudo().user_id = self.controller
        with self.assertRaises(AccessError):
            order.with_user(self.controller)._crm_credit_release("my own")

    def test_accounting_managers_are_credit_controllers(self):
        accountant = self._new_user("ci_accountant", "account.group_account_manager")
        self.assertTrue(accountant.has_group("crm_customer_info.group_crm_credit_controller"))

    def test_portal_signature_holds(self):
        """The portal's signature flow (``_validate_order`` as superuser) holds too."""
        self._policy(crm_credit_hold_limit=True)
        self.acme.with_company(self.company).credit_limit = 100
        order = self._quote(self.acme, 10)
        order.action_quotation_sent()
        public = self.env.ref("base.public_user")
        order.with_user(public).sudo()._validate_order()
        self.assertEqual(order.state, "sent")
        self.assertTrue(order.credit_hold)

    def test_delivery_of_a_held_order(self):
        order = self._order(self.acme, "2024-06-30", 10)
        picking = order.picking_ids
        self.assertTrue(picking)
        self._policy(crm_credit_hold_overdue=True, crm_credit_hold_overdue_days=30)
        action = picking.button_validate()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(order.credit_hold_state, "hold")
        self.assertNotEqual(picking.state, "done")
        with self.assertRaises(UserError):
            picking.button_validate()
        order.with_user(self.controller)._crm_credit_release("Cleared with the customer")
        self.assertEqual(order.credit_hold_state, "released")
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_warehouse_staff_without_sales_access(self):
        """A delivery is checked even when the one validating it cannot read the order."""
        shipper = self._new_user("ci_shipper", "stock.group_stock_user")
        self.assertFalse(shipper.has_group("sales_team.group_sale_salesman"))
        free = self._order(self.beta, "2024-06-30", 10)
        held = self._order(self.acme, "2024-06-30", 10)
        self._policy(crm_credit_hold_overdue=True, crm_credit_hold_overdue_days=30)
        action = held.picking_ids.with_user(shipper).button_validate()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(held.credit_hold_state, "hold")
        self.assertNotEqual(held.picking_ids.state, "done")
        free.picking_ids.move_ids.write({"quantity": 1, "picked": True})
        free.picking_ids.with_user(shipper).button_validate()
        self.assertEqual(free.picking_ids.state, "done")

    def test_bad_settings(self):
        for values in (
            {"crm_credit_tolerance_percent": 101},
            {"crm_credit_tolerance_percent": -1},
            {"crm_credit_tolerance_amount": -5},
            {"crm_credit_hold_overdue_days": -1},
        ):
            with self.assertRaises(ValidationError):
                self.company.write(values)

    def test_bad_settings_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_customer_info"], ["zh_CN"], overwrite=True
        )
        with self.assertRaisesRegex(ValidationError, "容差"):
            self.company.with_context(lang="zh_CN").write({"crm_credit_tolerance_percent": 150})

    def _quotes(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Q{index}", "is_company": True, "credit_limit": 1e6}
                for index in range(count)
            ]
        )
        orders = self.env["sale.order"]
        for partner in partners:
            orders |= self._quote(partner, 10)
        self.env.flush_all()
        return orders

    def test_check_queries_do_not_grow(self):
        self._policy(
            crm_credit_hold_limit=True, crm_credit_hold_overdue=True, crm_credit_hold_rating="D"
        )
        counts = []
        for count in (8, 80):
            orders = self._quotes(count).with_user(self.user)
            self.env.invalidate_all()
            orders._crm_credit_breaches()  # warm the access caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertFalse(orders._crm_credit_breaches())
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
