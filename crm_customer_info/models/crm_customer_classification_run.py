"""A classification run of one company: its reads and its batch writes.

An engine beside the ``crm.customer.classification`` model (which holds the
rows, the run's entry points and its lock): a handful of grouped queries read
the company's sales and books into ``customer_insight`` facts; the results are
written with one bulk upsert per batch, then the partners' pointers and levels
through ``res.partner._crm_write_company_values``.
"""

import json
from collections import namedtuple
from datetime import timedelta

from odoo.tools import SQL

from ..customer_insight.classify import CustomerFacts, Reason, classify
from ..customer_insight.credit import CreditFacts

# Purchase days kept per customer for its typical gap between purchases.
RECENT_PURCHASE_DAYS = 25
# SQL type of a result column, by field type.
SQL_TYPES = {
    "many2one": "int4",
    "integer": "int4",
    "date": "date",
    "monetary": "numeric",
    "float": "float8",
    "char": "varchar",
    "selection": "varchar",
    "json": "jsonb",
}

# What a run knows about a customer before classifying it.
CustomerState = namedtuple("CustomerState", "level_id row_id pointer locked")
# Rows of the run's aggregate queries after the partner id (their key), by query; the
# defaults are those of a customer without such documents.
QUERY_ROWS = {
    "invoices": namedtuple(
        "InvoiceRow",
        "invoiced refunded first last frequency monetary dates",
        defaults=(0.0, 0.0, None, None, 0, 0.0, ()),
    ),
    "orders": namedtuple(
        "OrderRow", "first last frequency monetary dates", defaults=(None, None, 0, 0.0, ())
    ),
    "receivables": namedtuple(
        "ReceivableRow", "balance open_amount overdue oldest_due", defaults=(0.0, 0.0, 0.0, None)
    ),
    "payments": namedtuple("PaymentRow", "paid paid_late_days", defaults=(0.0, 0.0)),
}
# A row of the customer query.
CustomerRow = namedtuple("CustomerRow", "partner_id level_id credit_limit row_id pointer locked")


class ClassificationRun:
    """One run: ``model`` is ``crm.customer.classification`` (as superuser, in ``company``),
    ``settings`` the company's ``ClassificationSettings``, ``today`` the reference date,
    ``levels`` the level id per code and ``now`` the time stamped on what it writes."""

    def __init__(self, model, company, settings, today, *, levels=None, now=None):
        self.model = model
        self.env = model.env
        self.company = company
        self.settings = settings
        self.today = today
        self.levels = levels or {}
        self.now = now
        self.params = self._query_params()
        self._columns = None

    # ------------------------------------------------------------------
    # Reading: one grouped query per table family
    # ------------------------------------------------------------------

    def _query_params(self):
        return {
            "company": self.company.id,
            "company_key": str(self.company.id),
            "today": self.today,
            "tomorrow": self.today + timedelta(days=1),
            "since": self.today - timedelta(days=self.settings.window_days - 1),
            "overdue_before": self.today - timedelta(days=self.company.crm_credit_grace_days),
            "recent": RECENT_PURCHASE_DAYS,
            "basis": self.settings.basis,
        }

    def invoice_query(self, with_purchases):
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
                since=self.params["since"],
                recent=self.params["recent"],
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
            **self.params,
        )

    def order_query(self):
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
            **self.params,
        )

    def receivable_query(self):
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
            **self.params,
        )

    def payment_query(self):
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
            **self.params,
        )

    def customer_query(self, active_ids, default_credit_limit):
        """The company's customers: its numbered customers, classified ones, those who bought
        (``active_ids``: the partners of the run's aggregates) and, whatever the revenue
        basis, those with a confirmed sale order, so that a customer that ordered but has
        no invoice yet is classified under the invoiced basis too (level D, no revenue).

        Commercial entities only, active, of the company or shared; with their
        current level, credit limit, result row, its lock and the partner's
        pointer to it.
        """
        ordered = SQL()
        if self.params.get("basis") != "ordered":  # under the ordered basis, they are in active_ids
            ordered = SQL(
                """OR p.id IN (SELECT op.commercial_partner_id
                                 FROM sale_order so JOIN res_partner op ON op.id = so.partner_id
                                WHERE so.company_id = %(company)s AND so.state = 'sale'
                                  AND so.date_order < %(tomorrow)s)""",
                **self.params,
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
            **self.params,
        )

    def queries(self):
        """The aggregate queries of a run, by name (the benchmark's floor runs them bare)."""
        queries = {
            "invoices": self.invoice_query(with_purchases=self.settings.basis == "invoiced"),
            "receivables": self.receivable_query(),
            "payments": self.payment_query(),
        }
        if self.settings.basis == "ordered":
            queries["orders"] = self.order_query()
        return queries

    def read_customer_facts(self):
        """``CustomerFacts`` of every customer of ``company`` and their ``CustomerState`` by id."""
        queries = self.queries()
        self.env.flush_all()
        cr = self.env.cr
        rows = {}
        for name, query in queries.items():
            cr.execute(query)
            make = QUERY_ROWS[name]._make
            rows[name] = {row[0]: make(row[1:]) for row in cr.fetchall()}
        active_ids = set().union(*rows.values())
        partner_model = self.env["res.partner"].with_company(self.company)
        default_limit = partner_model._fields["credit_limit"].get_company_dependent_fallback(
            partner_model
        )
        cr.execute(self.customer_query(active_ids, default_limit or 0.0))
        customers = [CustomerRow._make(row) for row in cr.fetchall()]
        use_limit = self.company.account_use_credit_limit
        basis = "orders" if self.settings.basis == "ordered" else "invoices"
        purchases, no_purchase = rows[basis], QUERY_ROWS[basis]()
        no_invoice, no_receivable = QUERY_ROWS["invoices"](), QUERY_ROWS["receivables"]()
        no_payment = QUERY_ROWS["payments"]()
        today_ordinal = self.today.toordinal()
        facts, states = [], {}
        for customer in customers:
            key = customer.partner_id
            invoices = rows["invoices"].get(key, no_invoice)
            bought = purchases.get(key, no_purchase)
            receivable = rows["receivables"].get(key, no_receivable)
            payments = rows["payments"].get(key, no_payment)
            oldest_due = receivable.oldest_due
            facts.append(
                CustomerFacts(
                    key=key,
                    first_purchase=bought.first,
                    last_purchase=bought.last,
                    purchase_dates=tuple(bought.dates or ()),
                    frequency=bought.frequency or 0,
                    monetary=bought.monetary or 0.0,
                    credit=CreditFacts(
                        invoiced=invoices.invoiced,
                        refunded=invoices.refunded,
                        paid=payments.paid,
                        paid_late_days=payments.paid_late_days,
                        open_amount=receivable.open_amount,
                        overdue_amount=receivable.overdue,
                        oldest_overdue_days=(
                            today_ordinal - oldest_due.toordinal() if oldest_due else 0
                        ),
                        balance=receivable.balance,
                        credit_limit=(customer.credit_limit or 0.0) if use_limit else 0.0,
                    ),
                )
            )
            states[key] = CustomerState(
                customer.level_id, customer.row_id, customer.pointer, customer.locked
            )
        return facts, states

    # ------------------------------------------------------------------
    # Writing: one upsert, one level update, one history insert per batch
    # ------------------------------------------------------------------

    def result_values(self, facts, result):
        """The row written for one customer: column names to JSON values.

        The one list of the columns a run writes (see :meth:`result_columns`)."""
        rfm, pareto, credit, churn = result.rfm, result.pareto, result.credit, result.churn
        level_id = self.levels.get(result.level)
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

    def result_columns(self):
        """``(name, SQL type)`` of the columns a run writes: the keys of :meth:`result_values`,
        in order, typed by their fields (``json_to_recordset`` needs the types)."""
        if self._columns is None:
            blank = CustomerFacts(key=0)
            names = self.result_values(blank, classify([blank], self.settings, self.today)[0])
            fields = self.model._fields
            self._columns = [(name, SQL_TYPES[fields[name].type]) for name in names]
        return self._columns

    def upsert_query(self, values):
        """One INSERT ... ON CONFLICT DO UPDATE of ``values`` (dicts of :meth:`result_values`)."""
        columns = self.result_columns()
        names = [name for name, _type in columns]
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
                for name, sql_type in columns
            ),
            types=SQL(", ").join(
                SQL("%s %s", SQL.identifier(name), SQL(sql_type)) for name, sql_type in columns
            ),
            updates=SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                for name in names[1:]
            ),
            company=self.company.id,
            now=self.now,
            window=self.settings.window_days,
            basis=self.settings.basis,
            uid=self.env.uid,
            rows=json.dumps(values),
        )

    def write_batch(self, batch, states):
        """Write one batch of (facts, result) pairs; return the number of level changes."""
        cr = self.env.cr
        values = [self.result_values(facts, result) for facts, result in batch]
        cr.execute(self.upsert_query(values))
        pointers = [
            {"id": row_id, "partner_id": partner_id}
            for row_id, partner_id in cr.fetchall()
            if states[partner_id].pointer != row_id
        ]
        if pointers:
            self.model._set_partner_pointers(self.company, pointers)
        changes = []
        if self.settings.method != "manual":
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
            self.model._apply_levels(self.company, changes, self.now)
        self.model.invalidate_model()
        return len(changes)
