"""Customer classification: one result row per customer and company, and the run that fills it.

A run reads a company's sales and books with a handful of grouped queries,
classifies every customer with ``customer_insight.classify``, then writes the
results with one bulk upsert per batch, applies the suggested levels with one
UPDATE per batch and records the level changes with one INSERT per batch.
"""

import json
import logging
import zlib
from collections import namedtuple
from contextlib import contextmanager
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, formatLang

from ..customer_insight.classify import CustomerFacts, Reason, classify
from ..customer_insight.credit import CreditFacts
from ..customer_insight.explain import explain

_logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that keeps two runs of one company apart.
RUN_LOCK_KEY = zlib.crc32(b"crm.customer.classification") & 0x7FFFFFFF
# Customers written (and, from the cron, committed) together.
BATCH_SIZE = 10_000
# Purchase days kept per customer for its typical gap between purchases.
RECENT_PURCHASE_DAYS = 25
MANAGER_GROUP = "crm_customer_info.group_crm_customer_manager"

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("new", "New"),
    ("potential", "Potential"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
CHURN_BANDS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("reactivated", "Reactivated"),
    ("at_risk", "At Risk"),
    ("lost", "Lost"),
]

# Columns written by a run, with their SQL types (json_to_recordset needs them).
RESULT_COLUMNS = (
    ("partner_id", "int4"),
    ("first_purchase_date", "date"),
    ("last_purchase_date", "date"),
    ("recency_days", "int4"),
    ("frequency", "int4"),
    ("monetary", "numeric"),
    ("r_score", "int4"),
    ("f_score", "int4"),
    ("m_score", "int4"),
    ("rfm_score", "int4"),
    ("rfm_code", "varchar"),
    ("segment", "varchar"),
    ("pareto_class", "varchar"),
    ("revenue_share", "float8"),
    ("cumulative_share", "float8"),
    ("credit_rating", "varchar"),
    ("avg_days_late", "float8"),
    ("invoiced_amount", "numeric"),
    ("refunded_amount", "numeric"),
    ("paid_amount", "numeric"),
    ("open_amount", "numeric"),
    ("overdue_amount", "numeric"),
    ("overdue_share", "float8"),
    ("oldest_overdue_days", "int4"),
    ("refund_ratio", "float8"),
    ("credit_limit", "numeric"),
    ("credit_usage", "float8"),
    ("typical_gap_days", "float8"),
    ("churn_risk", "int4"),
    ("churn_band", "varchar"),
    ("lifecycle_stage", "varchar"),
    ("lost_on", "date"),
    ("suggested_level_id", "int4"),
    ("reasons", "jsonb"),
)

# What a run knows about a customer before classifying it.
CustomerState = namedtuple("CustomerState", "level_id row_id pointer locked")


class CrmCustomerClassification(models.Model):
    """Value, credit, churn and lifecycle of one customer in one company."""

    _name = "crm.customer.classification"
    _description = "Customer Classification"
    _order = "monetary desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    team_id = fields.Many2one(related="partner_id.team_id", string="Sales Team")
    level_id = fields.Many2one(related="partner_id.level_id", string="Current Level")
    computed_at = fields.Datetime(string="Classified On", readonly=True)
    window_days = fields.Integer(string="Window (days)", readonly=True)
    revenue_basis = fields.Selection(
        [("invoiced", "Invoiced"), ("ordered", "Ordered")], readonly=True
    )
    first_purchase_date = fields.Date(readonly=True)
    last_purchase_date = fields.Date(readonly=True)
    recency_days = fields.Integer(
        string="Days Since Last Purchase", readonly=True, help="On the day of the classification."
    )
    frequency = fields.Integer(string="Purchases", readonly=True, help="In the window.")
    monetary = fields.Monetary(
        string="Revenue", readonly=True, help="Net revenue in the window, in company currency."
    )
    r_score = fields.Integer(string="Recency Score", readonly=True)
    f_score = fields.Integer(string="Frequency Score", readonly=True)
    m_score = fields.Integer(string="Monetary Score", readonly=True)
    rfm_score = fields.Integer(string="RFM Score", readonly=True, help="R + F + M, 3 to 15.")
    rfm_code = fields.Char(string="RFM", readonly=True)
    segment = fields.Selection(SEGMENTS, readonly=True)
    pareto_class = fields.Selection(GRADES, string="Value Class", readonly=True)
    revenue_share = fields.Float(string="Revenue Share (%)", digits=(16, 2), readonly=True)
    cumulative_share = fields.Float(
        string="Cumulative Revenue Share (%)", digits=(16, 2), readonly=True
    )
    credit_rating = fields.Selection(GRADES, readonly=True)
    avg_days_late = fields.Float(string="Average Days Late", digits=(16, 1), readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True)
    refunded_amount = fields.Monetary(string="Refunded", readonly=True)
    paid_amount = fields.Monetary(string="Paid", readonly=True)
    open_amount = fields.Monetary(string="Open Receivables", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    overdue_share = fields.Float(string="Overdue Share (%)", digits=(16, 1), readonly=True)
    oldest_overdue_days = fields.Integer(string="Oldest Overdue (days)", readonly=True)
    refund_ratio = fields.Float(string="Refund Ratio (%)", digits=(16, 1), readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    credit_usage = fields.Float(string="Credit Limit Usage (%)", digits=(16, 1), readonly=True)
    typical_gap_days = fields.Float(
        string="Usual Gap Between Purchases (days)", digits=(16, 1), readonly=True
    )
    churn_risk = fields.Integer(readonly=True, help="0 to 100.")
    churn_band = fields.Selection(CHURN_BANDS, string="Churn Risk Band", readonly=True)
    lifecycle_stage = fields.Selection(LIFECYCLE_STAGES, readonly=True)
    lost_on = fields.Date(
        string="Lost Since",
        readonly=True,
        help="For a lost customer, the day it became lost: its last purchase plus the "
        "churn's lost ratio times its usual gap. Cleared when it buys again. Salesperson "
        "performance counts the customers lost in each month from it.",
    )
    suggested_level_id = fields.Many2one("crm.customer.level", readonly=True, ondelete="set null")
    level_locked = fields.Boolean(
        readonly=True,
        help="Set by a manual override: the classification does not change this level.",
    )
    lock_reason = fields.Text(readonly=True)
    locked_by_id = fields.Many2one("res.users", readonly=True)
    locked_date = fields.Datetime(string="Locked On", readonly=True)
    reasons = fields.Json(readonly=True)
    explanation = fields.Text(compute="_compute_explanation")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one classification per company.",
        ),
    ]

    @api.depends_context("lang")
    @api.depends("reasons", "currency_id")
    def _compute_explanation(self):
        for row in self:
            row.explanation = (
                self._format_reasons(row.reasons, row.currency_id)
                if row.reasons
                else self.env._("Not classified yet.")
            )

    @api.model
    def _format_reasons(self, reasons, currency):
        """Reasons stored as JSON, one translated sentence per line."""
        env = self.env
        return explain(
            reasons,
            translate=env._,
            money=lambda amount: formatLang(env, amount, currency_obj=currency),
            number=lambda value, digits: formatLang(env, value, digits=digits),
        )

    # ------------------------------------------------------------------
    # Runs
    # ------------------------------------------------------------------

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only customer information managers classify customers."))

    @api.model
    def action_classify_all(self):
        """Menu and settings button: classify every customer of the current company now."""
        self._check_manager()
        return self._notify(self.sudo()._classify_company(self.env.company))

    @api.model
    def _notify(self, stats):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Customers classified"),
                "message": self.env._(
                    "%(customers)s customers classified, %(changes)s level changes.",
                    customers=stats["customers"],
                    changes=stats["changes"],
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_classify(self):
        """Hourly: classify the companies whose nightly hour has come and that did not run today."""
        now = pytz.utc.localize(fields.Datetime.now())
        # a handful of companies; each decides on its own hour and time zone
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            local = now.astimezone(pytz.timezone(company.partner_id.tz or "UTC"))
            last = company.crm_classification_last_run
            ran_today = last and pytz.utc.localize(last).astimezone(local.tzinfo).date() == (
                local.date()
            )
            if ran_today or local.hour < company.crm_classification_hour:
                continue
            try:
                self._classify_company(company, today=local.date(), commit=True)
            except UserError as error:
                _logger.info("Classification of %s skipped: %s", company.name, error)

    @contextmanager
    def _run_lock(self, company, session):
        """Hold the company's run lock; a second run meanwhile gets a UserError.

        ``session``: keep the lock across commits (cron runs) and release it at
        the end; otherwise it is released with the transaction.
        """
        cr = self.env.cr
        function = SQL("pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock")
        cr.execute(SQL("SELECT %s(%s, %s)", function, RUN_LOCK_KEY, company.id))
        if not cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "The customers of %(company)s are being classified already; "
                    "try again when that run has finished.",
                    company=company.name,
                )
            )
        if not session:
            yield
            return
        try:
            yield
        except Exception:
            cr.rollback()
            raise
        finally:
            cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", RUN_LOCK_KEY, company.id))

    @api.model
    def _classify_company(
        self, company, partners=None, today=None, batch_size=BATCH_SIZE, commit=False
    ):
        """Classify the customers of ``company`` and apply the suggested levels.

        Every customer of the company is read and scored (scores are relative
        to the others); the results are written for ``partners`` (commercial
        entities) only when given. ``today``: the reference date (default: the
        company's today). ``commit``: commit after each batch of ``batch_size``
        customers (cron runs) so that a crash loses one batch at most.
        Returns ``{"customers": written, "changes": level changes}``.
        """
        run = self.sudo().with_company(company)
        company = company.sudo()
        today = today or fields.Date.context_today(run)
        settings = company._crm_classification_settings()
        with run._run_lock(company, session=commit):
            facts, states = run._read_customer_facts(company, settings, today)
            results = classify(facts, settings, today)
            if partners is not None:
                wanted = set(partners.commercial_partner_id.ids)
                pairs = [pair for pair in zip(facts, results, strict=True) if pair[0].key in wanted]
            else:
                pairs = list(zip(facts, results, strict=True))
            levels = run._levels_by_code(company)
            now = fields.Datetime.now()
            stats = {"customers": len(pairs), "changes": 0}
            for start in range(0, len(pairs), batch_size):
                batch = pairs[start : start + batch_size]
                stats["changes"] += run._write_batch(
                    company, settings, batch, states=states, levels=levels, now=now
                )
                if commit:
                    run.env.cr.commit()  # pylint: disable=invalid-commit
            if partners is None:
                company.crm_classification_last_run = now
        return stats

    @api.model
    def _levels_by_code(self, company):
        """Level id per code for the company: its own levels before shared ones."""
        levels = self.env["crm.customer.level"].search(
            [("company_id", "in", [company.id, False])], order="company_id, sequence, id"
        )
        by_code = {}
        for level in levels:
            by_code.setdefault(level.code, level.id)
        return by_code

    # ------------------------------------------------------------------
    # Reading: one grouped query per table family
    # ------------------------------------------------------------------

    @api.model
    def _query_params(self, company, settings, today):
        return {
            "company": company.id,
            "company_key": str(company.id),
            "today": today,
            "tomorrow": today + timedelta(days=1),
            "since": today - timedelta(days=settings.window_days - 1),
            "overdue_before": today - timedelta(days=company.crm_credit_grace_days),
            "recent": RECENT_PURCHASE_DAYS,
            "basis": settings.basis,
        }

    @api.model
    def _invoice_query(self, params, with_purchases):
        """Per commercial partner: invoices and refunds; the purchase days when invoiced counts."""
        out_invoice = SQL("am.move_type = 'out_invoice'")
        purchases = (
            SQL(
                """min(am.invoice_date) FILTER (WHERE %(inv)s),
                   max(am.invoice_date) FILTER (WHERE %(inv)s),
                   count(*) FILTER (WHERE %(inv)s AND am.invoice_date >= %(since)s),
                   COALESCE(sum(am.amount_untaxed_signed)
                            FILTER (WHERE am.invoice_date >= %(since)s), 0)::float8,
                   (array_agg(DISTINCT am.invoice_date ORDER BY am.invoice_date DESC)
                        FILTER (WHERE %(inv)s))[1:%(recent)s]""",
                inv=out_invoice,
                since=params["since"],
                recent=params["recent"],
            )
            if with_purchases
            else SQL("NULL, NULL, NULL, NULL, NULL")
        )
        return SQL(
            """
            SELECT am.commercial_partner_id,
                   COALESCE(sum(am.amount_untaxed_signed)
                            FILTER (WHERE %(inv)s AND am.invoice_date >= %(since)s), 0)::float8,
                   COALESCE(-sum(am.amount_untaxed_signed)
                            FILTER (WHERE NOT %(inv)s AND am.invoice_date >= %(since)s), 0)::float8,
                   %(purchases)s
              FROM account_move am
             WHERE am.company_id = %(company)s AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND am.invoice_date <= %(today)s
             GROUP BY am.commercial_partner_id
            """,
            inv=out_invoice,
            purchases=purchases,
            **params,
        )

    @api.model
    def _order_query(self, params):
        """Per commercial partner: confirmed orders (a contact's orders count for its company)."""
        return SQL(
            """
            SELECT p.commercial_partner_id,
                   min(so.date_order)::date,
                   max(so.date_order)::date,
                   count(*) FILTER (WHERE so.date_order >= %(since)s),
                   COALESCE(sum(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                            FILTER (WHERE so.date_order >= %(since)s), 0)::float8,
                   (array_agg(DISTINCT so.date_order::date
                              ORDER BY so.date_order::date DESC))[1:%(recent)s]
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.company_id = %(company)s AND so.state = 'sale'
               AND so.date_order < %(tomorrow)s
             GROUP BY p.commercial_partner_id
            """,
            **params,
        )

    @api.model
    def _receivable_query(self, params):
        """Per commercial partner: open receivables today, overdue part and oldest due date."""
        return SQL(
            """
            SELECT p.commercial_partner_id,
                   COALESCE(sum(aml.amount_residual), 0)::float8,
                   COALESCE(sum(aml.amount_residual)
                            FILTER (WHERE aml.amount_residual > 0), 0)::float8,
                   COALESCE(sum(aml.amount_residual) FILTER (
                       WHERE aml.amount_residual > 0
                         AND COALESCE(aml.date_maturity, aml.date) < %(overdue_before)s),
                       0)::float8,
                   min(COALESCE(aml.date_maturity, aml.date)) FILTER (
                       WHERE aml.amount_residual > 0
                         AND COALESCE(aml.date_maturity, aml.date) < %(overdue_before)s)
              FROM account_move_line aml
              JOIN account_account acc ON acc.id = aml.account_id
              JOIN res_partner p ON p.id = aml.partner_id
             WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
               AND NOT aml.reconciled AND acc.account_type = 'asset_receivable'
             GROUP BY p.commercial_partner_id
            """,
            **params,
        )

    @api.model
    def _payment_query(self, params):
        """Per commercial partner: invoice amounts settled in the window and their days late.

        A settlement is a reconciliation of an invoice's receivable line (sales
        journal) with a line of another journal (a payment, a bank statement
        line); refunds settling invoices are not payments. Its date is the
        later date of the two lines, its delay counted from the line's due date.
        """
        return SQL(
            """
            SELECT p.commercial_partner_id,
                   COALESCE(sum(apr.amount), 0)::float8,
                   COALESCE(sum(apr.amount * GREATEST(
                       apr.max_date - COALESCE(debit.date_maturity, debit.date), 0)), 0)::float8
              FROM account_partial_reconcile apr
              JOIN account_move_line debit ON debit.id = apr.debit_move_id
              JOIN account_account acc ON acc.id = debit.account_id
              JOIN account_journal dj ON dj.id = debit.journal_id
              JOIN account_move_line credit ON credit.id = apr.credit_move_id
              JOIN account_journal cj ON cj.id = credit.journal_id
              JOIN res_partner p ON p.id = debit.partner_id
             WHERE apr.company_id = %(company)s
               AND apr.max_date >= %(since)s AND apr.max_date <= %(today)s
               AND acc.account_type = 'asset_receivable'
               AND dj.type = 'sale' AND cj.type != 'sale'
             GROUP BY p.commercial_partner_id
            """,
            **params,
        )

    @api.model
    def _customer_query(self, params, active_ids, default_credit_limit):
        """The company's customers: its numbered customers, classified ones, those who bought
        (``active_ids``: the partners of the run's aggregates) and, whatever the revenue
        basis, those with a confirmed sale order, so that a customer that ordered but has
        no invoice yet is classified under the invoiced basis too (level D, no revenue).

        Commercial entities only, active, of the company or shared; with their
        current level, credit limit, result row, its lock and the partner's
        pointer to it.
        """
        ordered = SQL()
        if params.get("basis") != "ordered":  # under the ordered basis, they are in active_ids
            ordered = SQL(
                """OR p.id IN (SELECT op.commercial_partner_id
                                 FROM sale_order so JOIN res_partner op ON op.id = so.partner_id
                                WHERE so.company_id = %(company)s AND so.state = 'sale'
                                  AND so.date_order < %(tomorrow)s)""",
                **params,
            )
        return SQL(
            """
            SELECT p.id,
                   lvl.id,
                   COALESCE((p.credit_limit ->> %(company_key)s)::float8, %(default_limit)s),
                   c.id,
                   (p.classification_id ->> %(company_key)s)::int4,
                   COALESCE(c.level_locked, FALSE)
              FROM res_partner p
              LEFT JOIN crm_customer_level lvl ON lvl.id = (p.level_id ->> %(company_key)s)::int4
              LEFT JOIN crm_customer_classification c
                     ON c.partner_id = p.id AND c.company_id = %(company)s
             WHERE p.active AND p.commercial_partner_id = p.id
               AND (p.company_id IS NULL OR p.company_id = %(company)s)
               AND (p.customer_number ? %(company_key)s OR c.id IS NOT NULL
                    OR p.id = ANY(%(active_ids)s) %(ordered)s)
             ORDER BY p.id
            """,
            active_ids=sorted(active_ids),
            default_limit=default_credit_limit,
            ordered=ordered,
            **params,
        )

    @api.model
    def _classification_queries(self, company, settings, today):
        """The aggregate queries of a run, by name (the benchmark's floor runs them bare)."""
        params = self._query_params(company, settings, today)
        queries = {
            "invoices": self._invoice_query(params, with_purchases=settings.basis == "invoiced"),
            "receivables": self._receivable_query(params),
            "payments": self._payment_query(params),
        }
        if settings.basis == "ordered":
            queries["orders"] = self._order_query(params)
        return params, queries

    @api.model
    def _read_customer_facts(self, company, settings, today):
        """``CustomerFacts`` of every customer of ``company`` and their ``CustomerState`` by id."""
        params, queries = self._classification_queries(company, settings, today)
        self.env.flush_all()
        cr = self.env.cr
        rows = {}
        for name, query in queries.items():
            cr.execute(query)
            rows[name] = {row[0]: row[1:] for row in cr.fetchall()}
        active_ids = set().union(*rows.values())
        partner_model = self.env["res.partner"].with_company(company)
        default_limit = partner_model._fields["credit_limit"].get_company_dependent_fallback(
            partner_model
        )
        cr.execute(self._customer_query(params, active_ids, default_limit or 0.0))
        customers = cr.fetchall()
        use_limit = company.account_use_credit_limit
        purchases = rows["orders"] if settings.basis == "ordered" else rows["invoices"]
        today_ordinal = today.toordinal()
        facts, states = [], {}
        # (invoiced, refunded, first, last, frequency, monetary, dates); purchases are the last 5
        nothing = (0.0, 0.0, None, None, 0, 0.0, ())
        for partner_id, level_id, credit_limit, row_id, pointer, locked in customers:
            invoiced, refunded = rows["invoices"].get(partner_id, nothing)[:2]
            first, last, frequency, monetary, dates = purchases.get(partner_id, nothing)[-5:]
            balance, open_amount, overdue, oldest_due = rows["receivables"].get(
                partner_id, (0.0, 0.0, 0.0, None)
            )
            paid, paid_late_days = rows["payments"].get(partner_id, (0.0, 0.0))
            facts.append(
                CustomerFacts(
                    key=partner_id,
                    first_purchase=first,
                    last_purchase=last,
                    purchase_dates=tuple(dates or ()),
                    frequency=frequency or 0,
                    monetary=monetary or 0.0,
                    credit=CreditFacts(
                        invoiced=invoiced,
                        refunded=refunded,
                        paid=paid,
                        paid_late_days=paid_late_days,
                        open_amount=open_amount,
                        overdue_amount=overdue,
                        oldest_overdue_days=(
                            today_ordinal - oldest_due.toordinal() if oldest_due else 0
                        ),
                        balance=balance,
                        credit_limit=(credit_limit or 0.0) if use_limit else 0.0,
                    ),
                )
            )
            states[partner_id] = CustomerState(level_id, row_id, pointer, locked)
        return facts, states

    # ------------------------------------------------------------------
    # Writing: one upsert, one level update, one history insert per batch
    # ------------------------------------------------------------------

    @api.model
    def _result_values(self, facts, result, levels):
        """The row written for one customer: RESULT_COLUMNS names to JSON values."""
        rfm, pareto, credit, churn = result.rfm, result.pareto, result.credit, result.churn
        level_id = levels.get(result.level)
        reasons = result.reasons  # Reason tuples are stored as JSON [code, values] pairs
        if result.level and not level_id:
            reasons = (reasons[0], Reason("level_missing", {"code": result.level}), *reasons[1:])
        return {
            "partner_id": facts.key,
            "first_purchase_date": facts.first_purchase and facts.first_purchase.isoformat(),
            "last_purchase_date": facts.last_purchase and facts.last_purchase.isoformat(),
            "recency_days": result.recency_days,
            "frequency": result.frequency,
            "monetary": result.monetary,
            "r_score": rfm and rfm.recency,
            "f_score": rfm and rfm.frequency,
            "m_score": rfm and rfm.monetary,
            "rfm_score": rfm and rfm.total,
            "rfm_code": rfm and rfm.code,
            "segment": result.segment,
            "pareto_class": pareto.pareto_class,
            "revenue_share": pareto.share,
            "cumulative_share": pareto.cumulative,
            "credit_rating": credit.rating,
            "avg_days_late": credit.avg_days_late,
            "invoiced_amount": facts.credit.invoiced,
            "refunded_amount": facts.credit.refunded,
            "paid_amount": facts.credit.paid,
            "open_amount": facts.credit.open_amount,
            "overdue_amount": facts.credit.overdue_amount,
            "overdue_share": credit.overdue_share,
            "oldest_overdue_days": credit.oldest_overdue_days,
            "refund_ratio": credit.refund_ratio,
            "credit_limit": facts.credit.credit_limit,
            "credit_usage": credit.limit_usage,
            "typical_gap_days": churn.typical_gap,
            "churn_risk": churn.risk,
            "churn_band": churn.band,
            "lifecycle_stage": result.lifecycle,
            "lost_on": result.lost_on and result.lost_on.isoformat(),
            "suggested_level_id": level_id,
            "reasons": reasons,
        }

    @api.model
    def _upsert_query(self, company, settings, values, now):
        """One INSERT ... ON CONFLICT DO UPDATE of ``values`` (dicts of RESULT_COLUMNS)."""
        names = [name for name, _type in RESULT_COLUMNS]
        return SQL(
            """
            INSERT INTO crm_customer_classification AS c
                   (%(columns)s, company_id, computed_at, window_days, revenue_basis,
                    level_locked, create_uid, create_date, write_uid, write_date)
            SELECT %(values)s, %(company)s, %(now)s, %(window)s, %(basis)s,
                   FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM json_to_recordset(%(rows)s) AS v(%(types)s)
            ON CONFLICT (partner_id, company_id) DO UPDATE
               SET %(updates)s, computed_at = EXCLUDED.computed_at,
                   window_days = EXCLUDED.window_days, revenue_basis = EXCLUDED.revenue_basis,
                   write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
            RETURNING c.id, c.partner_id
            """,
            columns=SQL(", ").join(SQL.identifier(name) for name in names),
            values=SQL(", ").join(
                SQL("round(%s, 2)", SQL.identifier("v", name))
                if sql_type == "numeric"
                else SQL.identifier("v", name)
                for name, sql_type in RESULT_COLUMNS
            ),
            types=SQL(", ").join(
                SQL("%s %s", SQL.identifier(name), SQL(sql_type))
                for name, sql_type in RESULT_COLUMNS
            ),
            updates=SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                for name in names[1:]
            ),
            company=company.id,
            now=now,
            window=settings.window_days,
            basis=settings.basis,
            uid=self.env.uid,
            rows=json.dumps(values),
        )

    @api.model
    def _write_batch(self, company, settings, batch, *, states, levels, now):
        """Write one batch of (facts, result) pairs; return the number of level changes."""
        cr = self.env.cr
        values = [self._result_values(facts, result, levels) for facts, result in batch]
        cr.execute(self._upsert_query(company, settings, values, now))
        pointers = [
            {"id": row_id, "partner_id": partner_id}
            for row_id, partner_id in cr.fetchall()
            if states[partner_id].pointer != row_id
        ]
        if pointers:
            self._set_partner_pointers(company, pointers)
        changes = []
        if settings.method != "manual":
            for row in values:
                state = states[row["partner_id"]]
                target = row["suggested_level_id"]
                if target and target != state.level_id and not state.locked:
                    changes.append(
                        {
                            "partner_id": row["partner_id"],
                            "from_level": state.level_id,
                            "to_level": target,
                            "reasons": row["reasons"][:2],
                        }
                    )
        if changes:
            self._apply_levels(company, changes, now)
        self.invalidate_model()
        return len(changes)

    @api.model
    def _set_partner_pointers(self, company, pointers):
        """Point each partner's company-dependent ``classification_id`` at its row."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET classification_id = COALESCE(p.classification_id, '{}'::jsonb)
                                           || jsonb_build_object(%(company)s, v.id)
                  FROM json_to_recordset(%(rows)s) AS v(id int4, partner_id int4)
                 WHERE p.id = v.partner_id
                """,
                company=str(company.id),
                rows=json.dumps(pointers),
            )
        )
        self.env["res.partner"].invalidate_model(["classification_id"])

    @api.model
    def _apply_levels(self, company, changes, now):
        """Give customers (and their contacts) their new level, and record the changes.

        One UPDATE for all level groups of the batch, one INSERT of history lines,
        then the visit cadence of those customers follows their new interval.
        """
        cr = self.env.cr
        rows = json.dumps(changes)
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET level_id = COALESCE(p.level_id, '{}'::jsonb)
                                  || jsonb_build_object(%(company_key)s, v.to_level),
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM json_to_recordset(%(rows)s) AS v(partner_id int4, to_level int4)
                 WHERE p.commercial_partner_id = v.partner_id
                """,
                company_key=str(company.id),
                uid=self.env.uid,
                now=now,
                rows=rows,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO crm_customer_level_history
                       (date, partner_id, company_id, from_level_id, to_level_id, source,
                        user_id, reasons, create_uid, create_date, write_uid, write_date)
                SELECT %(now)s, v.partner_id, %(company)s, v.from_level, v.to_level, 'auto',
                       %(uid)s, v.reasons, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM json_to_recordset(%(rows)s)
                       AS v(partner_id int4, from_level int4, to_level int4, reasons jsonb)
                """,
                company=company.id,
                uid=self.env.uid,
                now=now,
                rows=rows,
            )
        )
        partners = self.env["res.partner"].browse([change["partner_id"] for change in changes])
        self.env["res.partner"].invalidate_model(["level_id", "write_uid", "write_date"])
        self.env["crm.customer.level.history"].invalidate_model()
        partners.modified(["level_id"])
        # A new level brings a new visit interval: move the next visit due dates.
        self.env["crm.customer.visit"]._crm_refresh_cadence(partners.ids, companies=company)
