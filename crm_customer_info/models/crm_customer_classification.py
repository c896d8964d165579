"""Customer classification: one result row per customer and company, and the run that fills it.

A run reads a company's sales and books with a handful of grouped queries,
classifies every customer with ``customer_insight.classify``, then writes the
results with one bulk upsert per batch, applies the suggested levels with one
UPDATE per batch and records the level changes with one INSERT per batch. The
reads and the batch writes are a plain engine beside this model, in
``crm_customer_classification_run.py`` (:class:`ClassificationRun`).
"""

import json
import logging
import zlib
from contextlib import contextmanager

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, formatLang

from ..customer_insight.classify import classify
from ..customer_insight.explain import explain
from .constants import MANAGER_GROUP
from .crm_customer_classification_run import ClassificationRun

_logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that keeps two runs of one company apart.
RUN_LOCK_KEY = zlib.crc32(b"crm.customer.classification") & 0x7FFFFFFF
# Customers written (and, from the cron, committed) together.
BATCH_SIZE = 10_000

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
            engine = ClassificationRun(
                run, company, settings, today, levels=run._levels_by_code(company)
            )
            facts, states = engine.read_customer_facts()
            results = classify(facts, settings, today)
            if partners is not None:
                wanted = set(partners.commercial_partner_id.ids)
                pairs = [pair for pair in zip(facts, results, strict=True) if pair[0].key in wanted]
            else:
                pairs = list(zip(facts, results, strict=True))
            now = engine.now = fields.Datetime.now()
            stats = {"customers": len(pairs), "changes": 0}
            for start in range(0, len(pairs), batch_size):
                stats["changes"] += engine.write_batch(pairs[start : start + batch_size], states)
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

    @api.model
    def _set_partner_pointers(self, company, pointers):
        """Point each partner's company-dependent ``classification_id`` at its row."""
        self.env["res.partner"]._crm_write_company_values(
            company, {"classification_id": {row["partner_id"]: row["id"] for row in pointers}}
        )

    @api.model
    def _apply_levels(self, company, changes, now):
        """Give customers (and their contacts) their new level, and record the changes.

        One UPDATE for all level groups of the batch, one INSERT of history lines,
        then the partners are told that their levels changed (their visit cadence
        follows the new interval).
        """
        cr = self.env.cr
        rows = json.dumps(changes)
        self.env["res.partner"]._crm_write_company_values(
            company,
            {"level_id": {change["partner_id"]: change["to_level"] for change in changes}},
            touch=True,
            contacts=True,
            now=now,
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
        self.env["crm.customer.level.history"].invalidate_model()
        # A new level brings a new visit interval.
        partners._crm_levels_changed(company, partners)
