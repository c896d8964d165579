import ast

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_classification import TODAY, ClassificationCase


@tagged("post_install", "-at_install")
class TestClassificationAccess(ClassificationCase):
    """Who reads what; nobody edits results; other companies see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Classification._classify_company(cls.company, today=TODAY)
        cls.rows = cls.Classification.search([("partner_id", "in", cls.customers.ids)])
        cls.history = cls.env["crm.customer.level.history"].search(
            [("partner_id", "in", cls.customers.ids)]
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="ci_other_manager",
            groups="sales_team.group_sale_manager,account.group_account_invoice",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )

    def _visible(self, user, model="crm.customer.classification"):
        records = self.rows if model == "crm.customer.classification" else self.history
        return self.env[model].with_user(user).search([("id", "in", records.ids)]).partner_id

    def test_read_by_group(self):
        for model in ("crm.customer.classification", "crm.customer.level.history"):
            # salesperson: own customers; team leader: the team's (user is in North)
            self.assertEqual(self._visible(self.user, model), self.acme)
            self.assertEqual(self._visible(self.user2, model), self.beta)
            self.assertEqual(self._visible(self.leader, model), self.acme)
            self.assertEqual(self._visible(self.manager, model), self.customers)
            self.assertEqual(self._visible(self.finance, model), self.customers)
        with self.assertRaises(AccessError):
            self._row(self.beta).with_user(self.user).read(["credit_rating"])

    def test_nobody_edits_results(self):
        for user in (self.user, self.leader, self.manager, self.finance):
            with self.assertRaises(AccessError):
                self._row(self.acme).with_user(user).write({"segment": "lost"})
            with self.assertRaises(AccessError):
                self.history[0].with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Classification.with_user(user).create(
                    {"partner_id": self.gamma.id, "company_id": self.other_company.id}
                )

    def test_only_managers_classify_and_override(self):
        for user in (self.user, self.leader, self.finance):
            with self.assertRaises(AccessError):
                self.acme.with_user(user).action_crm_classify()
            with self.assertRaises(AccessError):
                self.Classification.with_user(user).action_classify_all()
            with self.assertRaises(AccessError):
                self.env["crm.customer.level.override"].with_user(user).create(
                    {"partner_ids": [Command.set(self.acme.ids)], "reason": "x"}
                )

    def test_customer_file_shows_the_classification(self):
        acme = self.acme.with_user(self.user)
        self.assertEqual(acme.classification_ids, self._row(self.acme))
        self.assertEqual(
            acme.level_history_ids, self.history.filtered(lambda h: h.partner_id == self.acme)
        )
        self.assertEqual((acme.customer_segment, acme.credit_rating), ("champions", "D"))
        # a colleague's customer shows no classification, neither tab nor values
        beta = self.beta.with_user(self.user)
        self.assertFalse(beta.classification_ids)
        self.assertFalse(beta.credit_rating or beta.customer_segment or beta.customer_value)
        finance_view = self.gamma.with_user(self.finance)
        self.assertEqual(finance_view.classification_ids.credit_rating, "C")

    def test_other_company_sees_nothing(self):
        self.assertFalse(self._visible(self.other_manager))
        self.assertFalse(self._visible(self.other_manager, "crm.customer.level.history"))
        with self.assertRaises(AccessError):
            self._row(self.acme).with_user(self.other_manager).read(["monetary"])
        acme = self.acme.with_user(self.other_manager)
        self.assertFalse(acme.classification_ids or acme.level_history_ids)
        self.assertFalse(acme.classification_id or acme.customer_segment or acme.level_id)
        # its own run finds no customer and leaves ours alone
        stats = self.Classification.with_user(self.other_manager).action_classify_all()
        self.assertEqual(stats["params"]["message"], "0 customers classified, 0 level changes.")
        self.assertEqual(self.acme.level_id, self.level_a)

    def test_filters_and_groups_on_the_customer_list(self):
        partners = self.env["res.partner"].with_user(self.manager)
        domain = [("id", "in", self.customers.ids)]
        self.assertEqual(partners.search([*domain, ("churn_band", "=", "high")]), self.gamma)
        self.assertEqual(
            partners.search([*domain, ("lifecycle_stage", "in", ("new", "prospect"))]),
            self.beta | self.delta,
        )
        groups = dict(partners._read_group(domain, ["credit_rating"], ["__count"]))
        self.assertEqual(groups, {"A": 1, "C": 1, "D": 2, False: 1})
        by_value = partners.search(domain, order="customer_value desc, id")
        self.assertEqual(by_value[:3], self.beta | self.acme | self.gamma)
        churn = self.env.ref("crm_customer_info.res_partner_action_churn_risk")
        self.assertEqual(partners.search(domain + ast.literal_eval(churn.domain)), self.gamma)


@tagged("post_install", "-at_install")
class TestClassificationQueryCount(ClassificationCase):
    """A run and a customer list cost the same number of queries for 8 and 80 customers."""

    def _customers_with_invoices(self, count, name):
        partners = self.env["res.partner"].create(
            [{"name": f"{name} {index}", "is_company": True} for index in range(count)]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2024-06-01",
                    "invoice_line_ids": [
                        Command.create({"name": "Goods", "price_unit": 100 + index, "tax_ids": []})
                    ],
                }
                for index, partner in enumerate(partners)
            ]
        )
        moves.action_post()
        self.env.flush_all()
        return partners

    @freeze_time("2024-07-01 12:00:00")
    def test_run_queries_do_not_grow(self):
        self._classify()
        counts = []
        for count, name in ((8, "Small"), (80, "Large")):
            self._customers_with_invoices(count, name)
            # lock, 3 aggregate queries, customers, levels, upsert, pointers, levels, history,
            # and 3 to move the visit cadence of the customers whose level changed
            with self.assertQueryCount(13):
                before = self.env.cr.sql_log_count
                self._classify()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts, [13, 13])
        self.assertEqual(
            len(self.Classification.search([("company_id", "=", self.company.id)])), 93
        )

    def test_customer_list_queries_do_not_grow(self):
        self._classify()
        fields = ["customer_segment", "credit_rating", "churn_band", "lifecycle_stage", "level_id"]
        small = self.customers | self._customers_with_invoices(3, "Small")
        self._classify()
        large = small | self._customers_with_invoices(72, "Large")
        self._classify()
        small.with_user(self.manager).read(fields)  # warm the access caches
        for partners in (small, large):
            self.env.invalidate_all()
            # partners, levels, readable rows (their record rules), and the revenue's currency
            with self.assertQueryCount(8):
                partners.with_user(self.manager).read(fields)
