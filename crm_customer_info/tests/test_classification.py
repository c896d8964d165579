from odoo.tests import tagged

from .common_classification import ClassificationCase


@tagged("post_install", "-at_install")
class TestClassificationScores(ClassificationCase):
    """Every score of a run, checked against values computed by hand (see ClassificationCase)."""

    def test_value_from_invoices(self):
        stats = self._classify()
        self.assertEqual(stats, {"customers": 5, "changes": 5})
        acme, beta, gamma, delta, eps = (self._row(p) for p in self.customers)
        # acme: 1,000 + 2,000 (its contact's) + EUR 1,000 = USD 500, minus the 300 refund
        self.assertEqual(
            (acme.frequency, acme.monetary, acme.invoiced_amount, acme.refunded_amount),
            (3, 3200.0, 3500.0, 300.0),
        )
        self.assertEqual((beta.frequency, beta.monetary), (2, 6000.0))
        self.assertEqual((gamma.frequency, gamma.monetary), (1, 800.0))
        self.assertEqual((delta.frequency, delta.monetary), (0, 0.0))
        self.assertEqual((eps.frequency, eps.monetary), (1, -50.0))
        self.assertEqual(str(acme.first_purchase_date), "2024-01-10")
        self.assertEqual(
            [row.recency_days for row in (acme, beta, gamma, delta, eps)], [30, 11, 335, 0, 144]
        )
        self.assertFalse(delta.last_purchase_date)
        # Pareto on 10,000: beta 6,000 (0-60 %) A, acme 3,200 (60-92 %) A, gamma (92-100 %) C
        self.assertEqual(
            [row.pareto_class for row in (acme, beta, gamma, delta, eps)], ["A", "A", "C", "D", "D"]
        )
        self.assertAlmostEqual(acme.revenue_share, 32.0)
        self.assertAlmostEqual(acme.cumulative_share, 92.0)
        # RFM among the 4 buyers (mid-rank quintiles):
        # recency 30, 11, 335, 144 -> R 4, 5, 1, 2; frequency 3, 2, 1, 1 -> F 5, 4, 2, 2;
        # monetary 3,200, 6,000, 800, -50 -> M 4, 5, 2, 1
        self.assertEqual(
            [row.rfm_code for row in (acme, beta, gamma, delta, eps)],
            ["454", "545", "122", False, "221"],
        )
        self.assertEqual(acme.rfm_score, 13)
        self.assertEqual(
            [row.segment for row in (acme, beta, gamma, delta, eps)],
            ["champions", "champions", "lost", False, "hibernating"],
        )

    def test_credit_rating(self):
        self._classify()
        acme, beta, gamma, delta, eps = (self._row(p) for p in self.customers)
        # acme: 1,000 paid 10 days late and 1,800 paid 5 days late: 19,000 / 2,800 = 6.8 days
        self.assertEqual(acme.paid_amount, 2800.0)
        self.assertAlmostEqual(acme.avg_days_late, 19000 / 2800, places=1)
        # open: 200 left on the March invoice (overdue 113 days) + USD 500 not yet due
        self.assertEqual((acme.open_amount, acme.overdue_amount), (700.0, 200.0))
        self.assertAlmostEqual(acme.overdue_share, 200 / 700 * 100, places=1)
        self.assertEqual(acme.oldest_overdue_days, 113)
        self.assertAlmostEqual(acme.refund_ratio, 300 / 3500 * 100, places=1)
        # days late B, overdue share C, oldest overdue D (above 90 days): the worst wins
        self.assertEqual(acme.credit_rating, "D")
        code, values = acme.reasons[2]
        self.assertEqual(code, "credit_oldest_overdue_days")
        self.assertEqual((values["rating"], values["value"], values["limit"]), ("D", 113, 90))
        self.assertAlmostEqual(values["days_late"], 19000 / 2800)
        # beta: 2,000 paid 2 days late, 4,000 on time: 4,000 / 6,000 = 0.7 days, nothing open
        self.assertAlmostEqual(beta.avg_days_late, 4000 / 6000, places=1)
        self.assertEqual((beta.open_amount, beta.credit_rating), (0.0, "A"))
        # gamma: paid 20 days late -> C (B stops at 15 days)
        self.assertEqual((gamma.avg_days_late, gamma.credit_rating), (20.0, "C"))
        self.assertFalse(delta.credit_rating)
        # eps: refunds 150 on 100 invoiced = 150 %
        self.assertEqual((eps.refund_ratio, eps.credit_rating), (150.0, "D"))

    def test_credit_limit_usage(self):
        self.company.account_use_credit_limit = True
        self.acme.with_company(self.company).credit_limit = 500.0
        self._classify()
        acme = self._row(self.acme)
        # balance 200 + 500 - 300 (open refund) = 400 of a 500 limit
        self.assertEqual(acme.credit_limit, 500.0)
        self.assertAlmostEqual(acme.credit_usage, 80.0)
        self.assertFalse(self._row(self.beta).credit_usage)

    def test_churn_and_lifecycle(self):
        self._classify()
        acme, beta, gamma, delta, eps = (self._row(p) for p in self.customers)
        # acme bought on 01-10, 03-10 and 06-01: gaps 60 and 83 days, median 71.5; silent 30 days
        self.assertEqual((acme.typical_gap_days, acme.churn_risk), (71.5, 0))
        self.assertEqual((acme.churn_band, acme.lifecycle_stage), ("low", "active"))
        # beta: first purchase 61 days ago -> new
        self.assertEqual((beta.typical_gap_days, beta.lifecycle_stage), (50.0, "new"))
        # gamma: one purchase 335 days ago, one-time buyers expected back within 90 days:
        # 335 / 90 = 3.7 gaps, beyond 3 -> risk 100, lost
        self.assertEqual((gamma.churn_risk, gamma.churn_band), (100, "high"))
        self.assertEqual(gamma.lifecycle_stage, "lost")
        # eps: 144 days / 90 = 1.6 gaps: risk 100 x 0.6 / 2 = 30 -> medium
        self.assertEqual(
            (eps.churn_risk, eps.churn_band, eps.lifecycle_stage), (30, "medium", "active")
        )
        self.assertEqual((delta.churn_band, delta.lifecycle_stage), (False, "prospect"))

    def test_ordered_basis_counts_contacts_and_converts_currencies(self):
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": self.eur.id}
        )
        self._order(self.acme_buyer, "2024-04-15", 1500)
        self._order(self.acme, "2024-06-10", 2000, pricelist=pricelist)
        self._order(self.beta, "2024-05-01", 4000)
        self.env["sale.order"].create({"partner_id": self.gamma.id, "order_line": []})
        self.company.crm_classification_basis = "ordered"
        self._classify()
        acme, beta, gamma = (self._row(p) for p in (self.acme, self.beta, self.gamma))
        # acme: 1,500 by its contact + EUR 2,000 = USD 1,000
        self.assertEqual((acme.frequency, acme.monetary, acme.recency_days), (2, 2500.0, 21))
        self.assertEqual(acme.typical_gap_days, 56.0)
        self.assertEqual((beta.frequency, beta.monetary), (1, 4000.0))
        # gamma's draft order is no purchase; its credit still comes from invoices
        self.assertEqual(
            (gamma.frequency, gamma.lifecycle_stage, gamma.credit_rating), (0, "prospect", "C")
        )
        # beta 4,000 (0-61.5 %) and acme 2,500 (61.5-100 %) are both A
        self.assertEqual((beta.pareto_class, acme.pareto_class), ("A", "A"))
        self.assertEqual(acme.revenue_basis, "ordered")
        self.assertIn("confirmed order(s)", acme.explanation)

    def test_window_excludes_old_purchases(self):
        self.company.crm_classification_window_days = 180
        self._classify()
        gamma = self._row(self.gamma)
        # gamma's 2023-08-01 invoice is older than 180 days: no revenue, but still its last purchase
        self.assertEqual((gamma.frequency, gamma.monetary, gamma.recency_days), (0, 0.0, 335))
        self.assertEqual((gamma.pareto_class, gamma.suggested_level_id), ("D", self.level_d))
        # the payment of 2023-08-21 is out of the window too
        self.assertFalse(gamma.credit_rating)

    def test_explanation(self):
        self._classify()
        acme = self._row(self.acme)
        lines = acme.explanation.splitlines()
        self.assertEqual(
            lines[0],
            "A: revenue rank 2 of 3, cumulative revenue share 60.0–92.0 %, "
            "starting within the first 70 %.",
        )
        self.assertEqual(
            lines[1],
            "In the last 365 days: $\N{NO-BREAK SPACE}3,200.00 invoiced net of refunds, "
            "3 invoice(s).",
        )
        self.assertIn("Credit D: oldest overdue amount is 113 days old, more than 90 days.", lines)
        self.assertIn(
            "Churn risk 0 (low): 30 days since the last purchase, usually every 72 days.", lines
        )
        self.assertEqual(self.acme.customer_segment, "champions")

    def test_explanation_in_chinese(self):
        self._classify()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        row = self._row(self.gamma).with_context(lang="zh_CN")
        self.assertIn("流失风险 100（高）", row.explanation)

    def test_rfm_method(self):
        self.company.crm_classification_method = "rfm"
        self._classify()
        # RFM totals: acme 13, beta 14 (A from 13), gamma 5, eps 5 (D below 7), delta never bought
        self.assertEqual([p.level_id.code for p in self.customers], ["A", "A", "D", "D", "D"])
        self.assertEqual(
            self._row(self.acme).reasons[0],
            ["level_rfm", {"level": "A", "score": 13, "r": 4, "f": 5, "m": 4, "minimum": 13}],
        )
