from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_credit import CreditCase

CREDIT_MEASURES = (
    "credit_hold_placed_count",
    "credit_hold_released_count",
    "credit_hold_rejected_count",
)
JUNE, JULY = date(2024, 6, 1), date(2024, 7, 1)


@tagged("post_install", "-at_install")
class TestCreditReporting(CreditCase):
    """Holds placed, released and rejected are measures of the performance report."""

    def _report(self, companies=None):
        companies = companies or (self.company | self.other_company)
        return self.env["crm.customer.performance.report"].with_context(
            allowed_company_ids=companies.ids
        )

    def _figures(self, companies=None):
        """``{(company, salesperson, month): (placed, released, rejected)}``, zero rows left out."""
        groups = self._report(companies)._read_group(
            [("user_id", "in", (self.user | self.user2).ids)],
            ["company_id", "user_id", "date:month"],
            [f"{fname}:sum" for fname in CREDIT_MEASURES],
        )
        return {
            (company, user, month): tuple(sums)
            for company, user, month, *sums in groups
            if any(sums)
        }

    def _check(self, expected, step):
        """The figures read now are ``expected`` and those of a full recomputation."""
        incremental = self._figures()
        self.assertEqual(incremental, expected, step)
        self.env.cr.execute(
            "INSERT INTO crm_customer_performance_dirty_company SELECT id FROM res_company"
        )
        self.assertEqual(self._figures(), incremental, f"{step}: full recomputation")

    def _held_quote(self, partner, user, company=None):
        if company is None:
            order = self._quote(partner, 1000, user=user)
        else:
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": user.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": self.product_a.id, "price_unit": 1000, "tax_id": []},
                            )
                        ],
                    }
                )
            )
        order.action_confirm()
        self.assertEqual(order.credit_hold_state, "hold")
        return order

    def test_holds_released_and_rejected_per_salesperson_month_and_company(self):
        for company in (self.company, self.other_company):
            self._policy(company, crm_credit_hold_limit=True)
            for partner in (self.acme, self.beta):
                partner.with_company(company).credit_limit = 100
        main, other = self.company, self.other_company
        user, user2 = self.user, self.user2
        self._check({}, "no hold yet")
        with freeze_time("2024-06-20 12:00:00"):
            first = self._held_quote(self.acme, user)
            second = self._held_quote(self.beta, user2)
        expected = {(main, user, JUNE): (1, 0, 0), (main, user2, JUNE): (1, 0, 0)}
        self._check(expected, "two holds in June")
        with freeze_time("2024-07-01 12:00:00"):
            first.with_user(self.controller)._crm_credit_release("Paid by wire")
            second.with_user(self.controller)._crm_credit_reject("Blocked")
            third = self._held_quote(self.acme, user)
            third.with_user(self.controller)._crm_credit_reject("Too much")
            self._held_quote(self.acme, user2, company=other)
        self.assertEqual(first.state, "sale")
        expected |= {
            (main, user, JULY): (1, 1, 1),
            (main, user2, JULY): (0, 0, 1),
            (other, user2, JULY): (1, 0, 0),
        }
        self._check(expected, "released and rejected in July, a hold in the other company")
        with freeze_time("2024-07-02 12:00:00"):
            third.action_confirm()  # confirmed again after the rejection: held again
        expected[(main, user, JULY)] = (2, 1, 1)
        self._check(expected, "held again after a rejection")
        third.unlink()  # its history goes with it
        expected[(main, user, JULY)] = (0, 1, 0)
        self._check(expected, "held quotation deleted")
        # each company sees its own figures
        self.assertEqual(set(self._figures(other)), {(other, user2, JULY)})
        self.env.cr.execute("SELECT count(*) FROM crm_customer_performance_dirty_month")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "reads consume the stale months")

    def test_the_holds_print_like_the_other_measures(self):
        specs = dict(self._report()._measure_specs())
        self.assertEqual([specs[fname] for fname in CREDIT_MEASURES], ["int"] * 3)
        self.assertEqual(list(specs)[-3:], list(CREDIT_MEASURES))
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'crm_customer_perf_credit_event_idx'"
        )
        self.assertTrue(self.env.cr.fetchone(), "the refresh reads the history from an index")
