from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common_credit import CreditCase

FIGURES = [
    "exposure_receivable",
    "exposure_not_due",
    "exposure_overdue",
    "exposure_overdue_1_30",
    "exposure_overdue_31_60",
    "exposure_overdue_61_90",
    "exposure_overdue_over_90",
    "exposure_overdue_count",
    "exposure_overdue_days",
    "exposure_draft_invoices",
    "exposure_to_invoice",
    "exposure_total",
    "exposure_limit",
    "exposure_limit_usage",
    "exposure_over_limit",
]


@tagged("post_install", "-at_install")
@freeze_time("2024-07-01 12:00:00")
class TestCreditExposure(CreditCase):
    """Exposure equals the documents, the aged receivable figures, per company and currency."""

    def _aged_receivable(self, partner, company):
        """The aged receivable buckets of ``partner`` today, as Odoo's report builds them:
        open receivable lines by days past ``date_maturity`` (or the date)."""
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "child_of", partner.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
            ]
        )
        buckets = dict.fromkeys(("not_due", "1_30", "31_60", "61_90", "over_90"), 0.0)
        today = fields.Date.context_today(partner)
        for line in lines:
            late = (today - (line.date_maturity or line.date)).days
            key = (
                "not_due"
                if late <= 0
                else "1_30"
                if late <= 30
                else "31_60"
                if late <= 60
                else "61_90"
                if late <= 90
                else "over_90"
            )
            buckets[key] += line.amount_residual
        return buckets

    def test_exposure_equals_the_documents(self):
        draft = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.acme.id,
                "invoice_date": "2024-06-30",
                "invoice_line_ids": [
                    Command.create({"name": "Draft", "price_unit": 150, "tax_ids": []})
                ],
            }
        )
        self.assertEqual(draft.state, "draft")
        self._order(self.acme, "2024-06-20", 1000)
        # EUR 1,000 at 2 EUR per USD: 500 in company currency
        self._order(self.acme_buyer, "2024-06-21", 1000, pricelist=self.eur_pricelist)
        self.acme.with_company(self.company).credit_limit = 4000
        values = self.acme.with_user(self.finance).read(FIGURES)[0]
        expected = {
            "exposure_receivable": 400.0,
            "exposure_not_due": 500.0,
            "exposure_overdue": -100.0,
            "exposure_overdue_1_30": -300.0,
            "exposure_overdue_31_60": 0.0,
            "exposure_overdue_61_90": 0.0,
            "exposure_overdue_over_90": 200.0,
            "exposure_overdue_count": 1,
            "exposure_overdue_days": 113,
            "exposure_draft_invoices": 150.0,
            "exposure_to_invoice": 1500.0,
            "exposure_total": 2050.0,
            "exposure_limit": 4000.0,
            "exposure_limit_usage": 51.25,
            "exposure_over_limit": False,
        }
        self.assertEqual({key: values[key] for key in expected}, expected)
        # Odoo's own receivable and to-invoice figures for the same customer
        self.assertEqual(self.acme.credit, 400.0)
        # a contact shows its company's figures
        self.assertEqual(self.acme_buyer.with_user(self.finance).exposure_total, 2050.0)

    def test_partly_invoiced_order_counts_once(self):
        order = self._order(self.beta, "2024-06-20", 1000)
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 0.4
        self.assertEqual(self.beta.exposure_draft_invoices, 400.0)
        self.assertEqual(self.beta.exposure_to_invoice, 600.0)
        invoice.action_post()
        self.beta.invalidate_recordset()
        self.assertEqual(
            (
                self.beta.exposure_receivable,
                self.beta.exposure_draft_invoices,
                self.beta.exposure_to_invoice,
                self.beta.exposure_total,
            ),
            (400.0, 0.0, 600.0, 1000.0),
        )

    def test_matches_the_aged_receivable(self):
        for partner in self.customers:
            aged = self._aged_receivable(partner, self.company)
            self.assertEqual(
                (
                    partner.exposure_not_due,
                    partner.exposure_overdue_1_30,
                    partner.exposure_overdue_31_60,
                    partner.exposure_overdue_61_90,
                    partner.exposure_overdue_over_90,
                ),
                (aged["not_due"], aged["1_30"], aged["31_60"], aged["61_90"], aged["over_90"]),
                partner.name,
            )
            self.assertEqual(partner.exposure_receivable, sum(aged.values()), partner.name)
            self.assertEqual(partner.exposure_receivable, partner.credit, partner.name)

    def test_per_company(self):
        """Another company's invoices and limit are its own."""
        other = self.acme.with_company(self.other_company)
        invoice = (
            self.env["account.move"]
            .with_company(self.other_company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.acme.id,
                    "invoice_date": "2024-06-01",
                    "invoice_payment_term_id": self.term_now.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Other", "price_unit": 7000, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        self.acme.with_company(self.company).credit_limit = 1000
        other.credit_limit = 50000
        self.env.invalidate_all()
        here = self.acme.with_company(self.company)
        self.assertEqual((here.exposure_receivable, here.exposure_limit), (400.0, 1000.0))
        self.assertEqual((other.exposure_receivable, other.exposure_limit), (7000.0, 50000.0))
        self.assertEqual(other.exposure_overdue_days, 30)
        self.assertEqual(other.exposure_currency_id, self.other_company.currency_id)

    def test_filters(self):
        self.acme.with_company(self.company).credit_limit = 300
        self.beta.with_company(self.company).credit_limit = 100000
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("exposure_over_limit", "=", True), ("id", "in", self.customers.ids)]),
            self.acme,
        )
        self.assertEqual(
            Partner.search([("exposure_overdue_days", ">", 30), ("id", "in", self.customers.ids)]),
            self.acme,
        )
        self.assertEqual(
            Partner.search([("exposure_overdue_days", "<=", 30), ("id", "in", self.customers.ids)]),
            self.customers - self.acme,
        )
        orders = self.env["sale.order"].search(
            [("partner_id.commercial_partner_id.exposure_over_limit", "=", True)]
        )
        self.assertFalse(orders.partner_id.commercial_partner_id - self.acme)

    def _customers_with_invoices(self, count, name):
        partners = self.env["res.partner"].create(
            [
                {"name": f"{name} {index}", "is_company": True, "user_id": self.user.id}
                for index in range(count)
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2024-05-01",
                    "invoice_payment_term_id": self.term_now.id,
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

    def test_list_queries_do_not_grow(self):
        small = self._customers_with_invoices(8, "Small")
        large = self._customers_with_invoices(80, "Large")
        for user in (self.finance, self.user):
            for _warm_up_then_measure in range(2):
                counts = []
                for partners in (small, large):
                    self.env.invalidate_all()
                    before = self.env.cr.sql_log_count
                    values = partners.with_user(user).read(FIGURES)
                    counts.append(self.env.cr.sql_log_count - before)
                    self.assertTrue(all(row["exposure_overdue_count"] == 1 for row in values))
            self.assertEqual(counts[0], counts[1], user.login)
