"""Credit exposure engine: one grouped query per batch of customers and company.

A plain class (no model) the partner fields, the order confirmation and the
delivery check call. It reads, per commercial partner and for one company, in
company currency:

- open receivables: posted, unreconciled receivable lines (``amount_residual``),
  split into not due and the aged-receivable bands 1–30, 31–60, 61–90 and over 90
  days past due (``COALESCE(date_maturity, date)``, as Odoo's Aged Receivable);
- the days past due of each open overdue invoice (its oldest open due date);
- draft customer invoices and refunds (``amount_total_signed``);
- confirmed orders not yet invoiced: each line's ordered quantity not yet on an
  invoice (draft invoices count as invoiced, they are counted above) at its
  price with taxes, at the order's rate;
- the credit limit (Odoo's company-dependent ``credit_limit``), the current
  credit rating of the classification and the number of orders on credit hold.

It ignores record rules (plain SQL): callers decide who may see the figures.
"""

from typing import NamedTuple

from odoo.tools import SQL

from ..customer_insight.credit_policy import CreditFacts

BANDS = ("not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_over_90")


class Exposure(NamedTuple):
    """One customer's credit exposure in one company, amounts in company currency."""

    receivable: float = 0.0
    not_due: float = 0.0
    overdue_1_30: float = 0.0
    overdue_31_60: float = 0.0
    overdue_61_90: float = 0.0
    overdue_over_90: float = 0.0
    overdue_days: tuple = ()
    draft_invoices: float = 0.0
    to_invoice: float = 0.0
    limit: float = 0.0
    rating: str | None = None
    hold_count: int = 0

    @property
    def overdue(self):
        """Receivables past their due date (the four aged bands)."""
        return self.overdue_1_30 + self.overdue_31_60 + self.overdue_61_90 + self.overdue_over_90

    @property
    def total(self):
        """Open receivables + draft invoices + confirmed orders not yet invoiced."""
        return self.receivable + self.draft_invoices + self.to_invoice

    @property
    def limit_usage(self):
        """Total exposure as a percentage of the limit (0 without a limit)."""
        return self.total * 100.0 / self.limit if self.limit > 0 else 0.0

    def facts(self):
        """The library's ``CreditFacts`` for the credit policy."""
        return CreditFacts(
            exposure=self.total,
            limit=self.limit,
            rating=self.rating,
            overdue_days=self.overdue_days,
        )


class CreditExposureEngine:
    """Exposure of a company's customers; ``exposures`` costs one query whatever the batch size."""

    def __init__(self, env, company, today):
        self.env = env
        self.company = company
        self.today = today

    def _default_limit(self):
        partners = self.env["res.partner"].with_company(self.company)
        return partners._fields["credit_limit"].get_company_dependent_fallback(partners) or 0.0

    def query(self, partner_ids=None):
        """The exposure query: of ``partner_ids`` (commercial partners), or of every customer
        with an open amount, a draft invoice, an order to invoice or a hold when ``None``."""
        if partner_ids is None:
            only = SQL("TRUE")
            chosen = SQL(
                """p.id IN (SELECT partner_id FROM receivables
                            UNION SELECT partner_id FROM drafts
                            UNION SELECT partner_id FROM orders
                            UNION SELECT partner_id FROM holds)"""
            )
        else:
            ids = sorted(set(partner_ids))
            only = SQL("p.commercial_partner_id = ANY(%s)", ids)
            chosen = SQL("p.id = ANY(%s)", ids)
        return SQL(
            """
            WITH lines AS (
                SELECT p.commercial_partner_id AS partner_id, aml.move_id,
                       aml.amount_residual AS residual,
                       %(today)s - COALESCE(aml.date_maturity, aml.date) AS late
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
                   AND NOT aml.reconciled AND acc.account_type = 'asset_receivable'
                   AND %(only)s
            ), receivables AS (
                SELECT partner_id,
                       sum(residual) AS receivable,
                       sum(residual) FILTER (WHERE late <= 0) AS not_due,
                       sum(residual) FILTER (WHERE late BETWEEN 1 AND 30) AS b1,
                       sum(residual) FILTER (WHERE late BETWEEN 31 AND 60) AS b2,
                       sum(residual) FILTER (WHERE late BETWEEN 61 AND 90) AS b3,
                       sum(residual) FILTER (WHERE late > 90) AS b4
                  FROM lines
                 GROUP BY partner_id
            ), overdue AS (
                SELECT partner_id, array_agg(late ORDER BY late DESC) AS days
                  FROM (SELECT partner_id, move_id, max(late) AS late
                          FROM lines
                         WHERE residual > 0 AND late > 0
                         GROUP BY partner_id, move_id) AS moves
                 GROUP BY partner_id
            ), drafts AS (
                SELECT p.commercial_partner_id AS partner_id, sum(am.amount_total_signed) AS amount
                  FROM account_move am
                  JOIN res_partner p ON p.id = am.partner_id
                 WHERE am.company_id = %(company)s AND am.state = 'draft'
                   AND am.move_type IN ('out_invoice', 'out_refund') AND %(only)s
                 GROUP BY 1
            ), orders AS (
                SELECT p.commercial_partner_id AS partner_id,
                       sum(GREATEST(sol.product_uom_qty - sol.qty_invoiced, 0) * sol.price_total
                           / sol.product_uom_qty / COALESCE(NULLIF(so.currency_rate, 0), 1)
                       ) AS amount
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND sol.display_type IS NULL AND sol.product_uom_qty > 0 AND %(only)s
                 GROUP BY 1
            ), holds AS (
                SELECT p.commercial_partner_id AS partner_id, count(*) AS count
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.credit_hold AND %(only)s
                 GROUP BY 1
            )
            SELECT p.id,
                   COALESCE(r.receivable, 0)::float8, COALESCE(r.not_due, 0)::float8,
                   COALESCE(r.b1, 0)::float8, COALESCE(r.b2, 0)::float8,
                   COALESCE(r.b3, 0)::float8, COALESCE(r.b4, 0)::float8,
                   COALESCE(o.days, '{}'::int[]),
                   COALESCE(d.amount, 0)::float8, COALESCE(s.amount, 0)::float8,
                   COALESCE((p.credit_limit ->> %(company_key)s)::float8, %(default_limit)s),
                   c.credit_rating,
                   COALESCE(h.count, 0)
              FROM res_partner p
              LEFT JOIN receivables r ON r.partner_id = p.id
              LEFT JOIN overdue o ON o.partner_id = p.id
              LEFT JOIN drafts d ON d.partner_id = p.id
              LEFT JOIN orders s ON s.partner_id = p.id
              LEFT JOIN holds h ON h.partner_id = p.id
              LEFT JOIN crm_customer_classification c
                     ON c.partner_id = p.id AND c.company_id = %(company)s
             WHERE %(chosen)s
            """,
            today=self.today,
            company=self.company.id,
            company_key=str(self.company.id),
            default_limit=float(self._default_limit()),
            only=only,
            chosen=chosen,
        )

    def exposures(self, partner_ids=None):
        """``{commercial partner id: Exposure}`` (see ``query``); rounded to the currency."""
        self.env.flush_all()
        currency = self.company.currency_id
        query = self.query(partner_ids)
        self.env.cr.execute(query)
        result = {}
        for row in self.env.cr.fetchall():
            amounts = [currency.round(value) for value in row[1:7]]
            result[row[0]] = Exposure(
                *amounts,
                overdue_days=tuple(row[7]),
                draft_invoices=currency.round(row[8]),
                to_invoice=currency.round(row[9]),
                limit=row[10] or 0.0,
                rating=row[11] or None,
                hold_count=row[12],
            )
        return result
