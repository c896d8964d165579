from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged

from .common_credit import CreditCase
from .common_tours import TourCase


@tagged("post_install", "-at_install")
@freeze_time("2024-07-01 12:00:00")
class TestCreditSecurity(CreditCase):
    """Exposure follows the classification's visibility; the history too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme.with_company(cls.company).credit_limit = 300
        cls.beta.with_company(cls.company).credit_limit = 10
        cls.beta_order = cls._order(cls.beta, "2024-06-30", 50)  # beta exposure 50
        cls.employee = new_test_user(
            cls.env, login="ci_employee", groups="base.group_user", company_id=cls.company.id
        )

    def _exposure(self, user, partner):
        return partner.with_user(user).read(["exposure_total", "exposure_overdue_count"])[0]

    def test_who_sees_whose_exposure(self):
        expected = {"acme": 400.0, "beta": 50.0}
        cases = {
            self.user: {"acme"},
            self.user2: {"beta"},
            self.leader: {"acme"},  # leads North, where acme is
            self.manager: {"acme", "beta"},
            self.finance: {"acme", "beta"},
            self.controller: {"acme", "beta"},
        }
        for user, visible in cases.items():
            for name, partner in (("acme", self.acme), ("beta", self.beta)):
                value = self._exposure(user, partner)["exposure_total"]
                self.assertEqual(
                    value, expected[name] if name in visible else 0.0, (user.login, name)
                )

    def test_fields_refused_outside_the_groups(self):
        with self.assertRaises(AccessError):
            self._exposure(self.employee, self.acme)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.employee).search(
                [("exposure_over_limit", "=", True)]
            )

    def test_search_follows_visibility(self):
        domain = [("exposure_over_limit", "=", True), ("id", "in", self.customers.ids)]
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.with_user(self.finance).search(domain), self.acme | self.beta)
        self.assertEqual(Partner.with_user(self.user).search(domain), self.acme)
        self.assertEqual(Partner.with_user(self.user2).search(domain), self.beta)

    def test_history_visibility(self):
        self._policy(crm_credit_hold_limit=True)
        acme_order = self._quote(self.acme, 10)
        beta_order = self._quote(self.beta, 10, user=self.user2)
        (acme_order | beta_order).action_confirm()
        Event = self.env["crm.customer.credit.event"]
        events = Event.search([("order_id", "in", (acme_order | beta_order).ids)])
        self.assertEqual(len(events), 2)
        self.assertEqual(Event.with_user(self.user).search([]).order_id, acme_order)
        self.assertEqual(Event.with_user(self.user2).search([]).order_id, beta_order)
        self.assertEqual(Event.with_user(self.finance).search([]), events)
        for user in (self.user, self.manager, self.finance, self.controller):
            with self.assertRaises(AccessError):
                events[0].with_user(user).write({"reason": "forged"})
            with self.assertRaises(AccessError):
                Event.with_user(user).create(
                    {
                        "order_id": acme_order.id,
                        "partner_id": self.acme.id,
                        "company_id": self.company.id,
                        "action": "release",
                    }
                )

    def test_other_company_user_sees_nothing(self):
        other_manager = new_test_user(
            self.env,
            login="ci_other_credit",
            groups="sales_team.group_sale_manager,account.group_account_invoice",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        partner = self.acme.with_user(other_manager).with_company(self.other_company)
        self.assertEqual(partner.exposure_total, 0.0)


@tagged("post_install", "-at_install")
class TestCreditRpc(TourCase):
    """The check holds for a JSON-RPC client; a client cannot write or read around it."""

    def setUp(self):
        super().setUp()
        self.salesperson = new_test_user(
            self.env, login="ci_rpc_sales", groups="sales_team.group_sale_salesman"
        )
        self.employee = new_test_user(self.env, login="ci_rpc_employee", groups="base.group_user")
        self.customer = self.env["res.partner"].create(
            {"name": "Tour Credit Customer", "is_company": True, "user_id": self.salesperson.id}
        )
        self.customer.with_company(self.env.company).credit_limit = 100
        self.env.company.crm_credit_hold_limit = True
        product = self.env["product.product"].create({"name": "Credit Tour Compressor"})
        self.order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 500, "tax_id": []})
                ],
            }
        )

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_confirm_holds(self):
        self.authenticate("ci_rpc_sales", "ci_rpc_sales")
        self.assertIs(self._call("sale.order", "action_confirm", [self.order.ids]), True)
        self.assertEqual(self.order.state, "draft")
        self.assertTrue(self.order.credit_hold)
        for values in ({"credit_hold_state": "released"}, {"credit_hold_breaches": []}):
            with self.assertRaises(JsonRpcException):
                self._call(
                    "sale.order",
                    "write",
                    [self.order.ids, values],
                    {"context": {"crm_credit_trusted": True}},
                )
        with self.assertRaises(JsonRpcException):
            self._call(
                "crm.customer.credit.release",
                "create",
                [{"order_ids": [Command.set(self.order.ids)], "reason": "x"}],
            )
        self._call(
            "sale.order",
            "action_confirm",
            [self.order.ids],
            {"context": {"crm_credit_released": True}},
        )
        self.assertEqual(self.order.state, "draft")
        self.assertTrue(self.order.credit_hold)

    def test_rpc_read_refused_outside_the_groups(self):
        self.authenticate("ci_rpc_employee", "ci_rpc_employee")
        with self.assertRaises(JsonRpcException):
            self._call("res.partner", "read", [self.customer.ids, ["exposure_total"]])

    def test_credit_hold_tour(self):
        """A salesperson confirms: the order goes on hold; finance releases it."""
        self.env.ref("base.user_admin").write(
            {"groups_id": [Command.link(self.env.ref("account.group_account_manager").id)]}
        )
        self.start_tour(
            f"/odoo/sale.order/{self.order.id}",
            "crm_customer_info_credit_hold",
            login="ci_rpc_sales",
        )
        self.assertTrue(self.order.credit_hold)
        self.start_tour(
            f"/odoo/sale.order/{self.order.id}", "crm_customer_info_credit_release", login="admin"
        )
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.order.credit_hold_state, "released")
