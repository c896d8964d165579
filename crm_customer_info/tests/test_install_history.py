import logging
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..hooks import post_init_hook
from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestInstallHistory(CustomerInfoCase):
    """Installing into a database with history: the post_init_hook numbers the customers that
    bought before, oldest first and per company, then classifies every customer.

    History, in days before today (main company unless said otherwise):

    - ``early``: order by its contact person (-300), invoice (-290) paid at once; in the other
      company an invoice (-10).
    - ``invoiced``: invoice (-200) paid (-195), partly paid invoice (-60).
    - ``ordered``: confirmed order (-100), never invoiced.
    - ``refunded``: a credit note (-50) and nothing else.
    - ``same_day_1`` and ``same_day_2`` (created in this order): an invoice each on day -20.
    - ``registered``: numbered by hand after the history was cleared, with an order (-250).
    - ``quoted``: a quotation and a draft invoice only: no customer.
    - ``other_only``: other company only, a confirmed order (-30).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Chart = cls.env["account.chart.template"]
        Chart.try_loading(
            Chart._guess_chart_template(cls.other_company.country_id),
            company=cls.other_company,
            install_demo=False,
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.product = cls.env["product.product"].create(
            {"name": "Compressor", "type": "consu", "list_price": 100.0, "taxes_id": []}
        )
        names = (
            "early",
            "invoiced",
            "ordered",
            "refunded",
            "same_day_1",
            "same_day_2",
            "registered",
            "quoted",
            "other_only",
        )
        for name in names:
            setattr(cls, name, cls._customer(f"History {name}"))
        cls.early_contact = cls.env["res.partner"].create(
            {"name": "Buyer at Early", "parent_id": cls.early.id}
        )
        other = cls.other_company

        cls._order(cls.early_contact, -300, 1000)
        cls._pay(cls._invoice(cls.early, -290, 1000), -290)
        cls._invoice(cls.early, -10, 400, company=other)
        cls._pay(cls._invoice(cls.invoiced, -200, 3000), -195)
        cls._pay(cls._invoice(cls.invoiced, -60, 800), -30, amount=300)
        cls._order(cls.ordered, -100, 5000)
        cls._invoice(cls.refunded, -50, 120, move_type="out_refund")
        cls._invoice(cls.same_day_1, -20, 200)
        cls._invoice(cls.same_day_2, -20, 200)
        cls._order(cls.registered, -250, 700)
        cls.env["sale.order"].create(
            {
                "partner_id": cls.quoted.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls._invoice(cls.quoted, -5, 90, post=False)
        cls._order(cls.other_only, -30, 900, company=other)

        cls.customers = cls.env["res.partner"].union(*(getattr(cls, name) for name in names))
        cls.main_order = [
            cls.early,
            cls.invoiced,
            cls.ordered,
            cls.refunded,
            cls.same_day_1,
            cls.same_day_2,
        ]

    @classmethod
    def _day(cls, days):
        return cls.today + timedelta(days=days)

    @classmethod
    def _order(cls, partner, days, amount, company=None):
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = datetime.combine(cls._day(days), time(10))
        return order

    @classmethod
    def _invoice(cls, partner, days, amount, *, move_type="out_invoice", company=None, post=True):
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": cls._day(days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, days, amount=None):
        values = {"payment_date": cls._day(days)}
        if amount is not None:
            values["amount"] = amount
        return (
            cls.env["account.payment.register"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
            ._create_payments()
        )

    def _forget(self):
        """Clear what the addon knows of the customers, as if it had never been installed:
        numbers, levels, classification rows and level history (the documents stay)."""
        partners = self.customers | self.early_contact
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE res_partner SET customer_number = NULL, level_id = NULL,"
            " classification_id = NULL, next_visit_due_date = NULL WHERE id = ANY(%s)",
            [partners.ids],
        )
        cr.execute(
            "DELETE FROM crm_customer_classification WHERE partner_id = ANY(%s)", [partners.ids]
        )
        cr.execute(
            "DELETE FROM crm_customer_level_history WHERE partner_id = ANY(%s)", [partners.ids]
        )
        self.env.invalidate_all()

    def _number(self, partner, company=None):
        number = partner.with_company(company or self.company).customer_number
        return int(number[1:]) if number else None

    def _row(self, partner, company=None):
        return self.env["crm.customer.classification"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)]
        )

    def _install(self):
        """Forget the addon, number ``registered`` by hand, then run the install hook."""
        self._forget()
        self.registered.action_register_customer()
        # logging.INFO: Odoo names its level 25 "INFO" too
        with self.assertLogs(
            "odoo.addons.crm_customer_info.models.res_company", logging.INFO
        ) as logs:
            post_init_hook(self.env)
        self.env.invalidate_all()
        return logs.output

    def test_numbers_follow_the_first_document_per_company(self):
        output = self._install()
        numbers = [self._number(partner) for partner in self.main_order]
        self.assertTrue(all(numbers), numbers)
        self.assertEqual(numbers, sorted(numbers), "oldest first document, lowest number")
        self.assertLess(numbers[4], numbers[5], "same day: by partner id")
        # continuing after the numbers that exist, the hand-given one kept
        registered = self._number(self.registered)
        self.assertTrue(registered)
        self.assertGreater(numbers[0], registered)
        # the company is numbered, not the contact who ordered; no number without a document
        self.assertFalse(self.early_contact.customer_number)
        self.assertFalse(self.quoted.customer_number)
        self.assertFalse(self.other_only.customer_number)
        # the other company numbers its own customers, in their own order
        other = self.other_company
        self.assertLess(self._number(self.other_only, other), self._number(self.early, other))
        for partner in self.customers - self.other_only - self.early:
            self.assertFalse(partner.with_company(other).customer_number, partner.name)
        # no number twice in a company
        for company in (self.company, self.other_company):
            self.env.cr.execute(
                "SELECT customer_number->>%(key)s FROM res_partner"
                " WHERE customer_number ? %(key)s GROUP BY 1 HAVING count(*) > 1",
                {"key": str(company.id)},
            )
            self.assertFalse(self.env.cr.fetchall(), company.name)
        # the log says how many customers were numbered and classified per company
        lines = [line for line in output if self.other_company.name in line]
        self.assertEqual(len(lines), 1)
        self.assertIn("2 numbered", lines[0])
        self.assertTrue(any(self.company.name in line and "classified" in line for line in output))
        # a second run numbers nobody again
        before = {partner: partner.customer_number for partner in self.customers}
        stats = (self.company | other)._crm_adopt_history()
        self.assertEqual(stats[self.company]["numbered"], 0)
        self.assertEqual(stats[other]["numbered"], 0)
        self.env.invalidate_all()
        self.assertEqual({partner: partner.customer_number for partner in self.customers}, before)

    def _check_classified(self, basis, revenue):
        """Every customer has a classification row and a level; D without revenue on
        ``basis``, another level with (``revenue``: the customers that have some)."""
        level_d = self.env.ref("crm_customer_info.crm_customer_level_d")
        for partner in [*self.main_order, self.registered]:
            row = self._row(partner)
            self.assertTrue(row, f"{partner.name} is classified under the {basis} basis")
            self.assertEqual(row.revenue_basis, basis)
            self.assertTrue(partner.level_id, f"{partner.name} has a level ({basis})")
            self.assertEqual(partner.classification_id, row)
            self.assertTrue(partner.next_visit_due_date, partner.name)
            if partner in revenue:
                self.assertNotEqual(partner.level_id, level_d, f"{partner.name} ({basis})")
                self.assertTrue(row.segment, partner.name)
            else:
                self.assertEqual(partner.level_id, level_d, f"{partner.name} ({basis})")
                self.assertEqual(row.pareto_class, "D")
                self.assertEqual(row.reasons[0][0], "level_no_revenue", partner.name)
                self.assertTrue(row.explanation.startswith("D: no revenue"), row.explanation)
        # credit ratings from the books, whatever the basis
        self.assertEqual(self._row(self.early).credit_rating, "A")
        self.assertTrue(self._row(self.invoiced).credit_rating)
        self.assertFalse(self._row(self.quoted))
        # the other company classifies its own customers
        for partner in (self.early, self.other_only):
            self.assertTrue(self._row(partner, self.other_company), partner.name)
            self.assertTrue(partner.with_company(self.other_company).level_id, partner.name)

    def test_every_customer_classified_under_the_invoiced_basis(self):
        self.assertEqual(self.company.crm_classification_basis, "invoiced")
        self._install()
        invoiced = {self.early, self.invoiced, self.same_day_1, self.same_day_2}
        self._check_classified("invoiced", invoiced)
        # ordered, never invoiced: a customer all the same, without revenue yet
        self.assertEqual(self._row(self.ordered).lifecycle_stage, "prospect")

    def test_every_customer_classified_under_the_ordered_basis(self):
        self.company.crm_classification_basis = "ordered"
        self.other_company.crm_classification_basis = "ordered"
        self._install()
        self._check_classified("ordered", {self.early, self.ordered, self.registered})

    def test_the_nightly_run_classifies_ordered_customers_too(self):
        """Not only at install: a customer with orders and no invoice has a row after a run."""
        self._forget()
        stats = self.env["crm.customer.classification"]._classify_company(
            self.company, partners=self.ordered
        )
        self.assertEqual(stats["customers"], 1)
        self.assertEqual(self._row(self.ordered).pareto_class, "D")

    def test_managers_rerun_it_from_the_settings(self):
        self._forget()
        settings = self.env["res.config.settings"]
        with self.assertRaises(AccessError):
            settings.with_user(self.user).action_crm_adopt_history()
        action = settings.with_user(self.manager).action_crm_adopt_history()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("7 customers numbered", action["params"]["message"])
        self.env.invalidate_all()
        self.assertTrue(all(self._number(partner) for partner in self.main_order))
        self.assertTrue(self._row(self.ordered))
