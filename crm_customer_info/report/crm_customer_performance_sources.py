"""SQL of the performance report: its sources and the tables they read.

Part of ``crm.customer.performance.report`` (see ``crm_customer_performance_report.py``
for the fields and the measure declarations): one ``_source_<name>`` method per
source a measure names, the helpers they share, and what a change of the tables
they read makes stale (:meth:`_watches`, :meth:`_time_watches`,
:meth:`_company_settings`), used by the storage engine's triggers.
"""

from odoo import api, models
from odoo.tools import SQL

from ..customer_insight.performance import shift_month
from ..models.constants import COMPLAINT, OPEN_STATES
from .crm_customer_performance_report import LOG_TYPE_MEASURES
from .crm_customer_performance_storage import FIRST_TABLE, Watch


class CrmCustomerPerformanceReport(models.Model):
    _inherit = "crm.customer.performance.report"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # The tables the sources read (extension points)
    # ------------------------------------------------------------------

    def _watches(self):
        """What a change of a source table makes stale, as statement-level triggers.

        A list of :class:`~.crm_customer_performance_storage.Watch`: after an
        insert, a delete or an update of one of ``columns`` of ``table``,
        ``touched(rows)`` selects ``company_id``, ``moment`` (a date, or a UTC
        datetime) and ``customer_id`` (a commercial partner, or NULL) of the
        changed rows, ``rows`` being the SQL of the transition table: the months
        around each moment become stale, and the first documents of each
        customer. A table may have several entries (one trigger each).
        """
        every = ("INSERT", "UPDATE", "DELETE")
        return [
            Watch(
                "sale_order",
                self._depends["sale.order"],
                lambda rows: SQL(
                    """SELECT r.company_id, r.date_order AS moment,
                          partner.commercial_partner_id AS customer_id
                     FROM %(rows)s r LEFT JOIN res_partner partner ON partner.id = r.partner_id
                    WHERE r.state = 'sale'""",
                    rows=rows,
                ),
                every,
            ),
            Watch(
                "account_move",
                self._depends["account.move"],
                # an invoice's payments are counted for its salesperson, in their month
                lambda rows: SQL(
                    """SELECT r.company_id, r.invoice_date AS moment,
                          CASE WHEN r.move_type = 'out_invoice'
                               THEN r.commercial_partner_id END AS customer_id
                     FROM %(rows)s r
                    WHERE r.state = 'posted' AND r.move_type IN ('out_invoice', 'out_refund')
                   UNION ALL
                   SELECT apr.company_id, apr.max_date, NULL
                     FROM %(rows)s r
                     JOIN account_move_line line ON line.move_id = r.id
                     JOIN account_partial_reconcile apr ON apr.debit_move_id = line.id
                    WHERE r.state = 'posted' AND r.move_type = 'out_invoice'""",
                    rows=rows,
                ),
                every,
            ),
            Watch(
                "account_partial_reconcile",
                self._depends["account.partial.reconcile"],
                lambda rows: SQL(
                    "SELECT r.company_id, r.max_date AS moment, NULL AS customer_id FROM %s r",
                    rows,
                ),
                every,
            ),
            Watch(
                "res_partner",
                ["commercial_partner_id"],
                # the orders of a contact that moves to another customer change customer
                lambda rows: SQL(
                    """SELECT so.company_id, so.date_order AS moment,
                          r.commercial_partner_id AS customer_id
                     FROM %(rows)s r JOIN sale_order so ON so.partner_id = r.id
                    WHERE so.state = 'sale'""",
                    rows=rows,
                ),
                ("UPDATE",),
            ),
            Watch(
                "res_partner",
                ["user_id", "team_id"],
                # lost customers are counted for their salesperson and team
                lambda rows: SQL(
                    """SELECT c.company_id, c.lost_on AS moment, NULL::integer AS customer_id
                     FROM %(rows)s r JOIN crm_customer_classification c ON c.partner_id = r.id
                    WHERE c.lost_on IS NOT NULL""",
                    rows=rows,
                ),
                ("UPDATE",),
            ),
            Watch(
                "crm_customer_classification",
                self._depends["crm.customer.classification"],
                lambda rows: SQL(
                    """SELECT r.company_id, r.lost_on AS moment, NULL::integer AS customer_id
                     FROM %(rows)s r""",
                    rows=rows,
                ),
                every,
            ),
            Watch(
                "crm_customer_visit",
                self._depends["crm.customer.visit"],
                # planned and missed by planned start; done, on time and rated by check-in
                lambda rows: SQL(
                    """SELECT r.company_id, r.start AS moment, NULL::integer AS customer_id
                     FROM %(rows)s r
                   UNION ALL
                   SELECT r.company_id, r.check_in, NULL FROM %(rows)s r""",
                    rows=rows,
                ),
                every,
            ),
            Watch(
                "crm_customer_log",
                self._depends["crm.customer.log"],
                # counted by log date, resolution date and response deadline
                lambda rows: SQL(
                    """SELECT r.company_id, moment, NULL::integer AS customer_id
                     FROM %(rows)s r,
                          LATERAL (VALUES (r.log_date), (r.resolved_on), (r.deadline))
                          AS m(moment)""",
                    rows=rows,
                ),
                every,
            ),
            Watch(
                "crm_customer_log_type",
                self._depends["crm.customer.log.type"],
                # a type's new code moves its entries to another figure
                lambda rows: SQL(
                    """SELECT log.company_id, moment, NULL::integer AS customer_id
                     FROM %(rows)s r
                     JOIN crm_customer_log log ON log.type_id = r.id,
                          LATERAL (VALUES (log.log_date), (log.resolved_on), (log.deadline))
                          AS m(moment)""",
                    rows=rows,
                ),
                ("UPDATE",),
            ),
            Watch(
                "crm_customer_credit_event",
                self._depends["crm.customer.credit.event"],
                lambda rows: SQL(
                    "SELECT r.company_id, r.date AS moment, NULL::integer AS customer_id FROM %s r",
                    rows,
                ),
                every,
            ),
        ]

    @api.model
    def _company_settings(self):
        """Columns of ``res_company`` whose change makes all figures of the company stale."""
        return self._depends["res.company"]

    @api.model
    def _time_watches(self, since, now):
        """What the mere passing of time from ``since`` to ``now`` makes stale.

        ``since`` and ``now`` are SQL expressions of UTC datetimes. Returns SELECTs
        shaped like the ``touched`` queries of :meth:`_watches` (``company_id``,
        ``moment``, ``customer_id``): here the open complaints whose response
        deadline passed in between, which have become overdue.
        """
        return [
            SQL(
                """SELECT log.company_id, log.deadline AS moment, NULL::integer AS customer_id
                     FROM crm_customer_log log
                     JOIN crm_customer_log_type log_type ON log_type.id = log.type_id
                    WHERE log.state IN %(open)s AND log_type.code = %(complaint)s
                      AND log.deadline > %(since)s AND log.deadline <= %(now)s""",
                open=OPEN_STATES,
                complaint=COMPLAINT,
                since=since,
                now=now,
            )
        ]

    # ------------------------------------------------------------------
    # SQL of the sources
    # ------------------------------------------------------------------

    @api.model
    def _month(self, scope, column, kind="date"):
        """SQL month (first day) of ``column``: a ``date`` or a UTC ``datetime`` shown in
        the company's time zone."""
        if kind == "datetime":
            return SQL(
                "date_trunc('month', timezone(%s, timezone('UTC', %s)))::date", scope["tz"], column
            )
        return SQL("date_trunc('month', %s::timestamp)::date", column)

    @api.model
    def _in_scope(self, scope, company, column, kind="date"):
        """SQL condition keeping the rows of ``scope``'s company and months.

        A range on ``column`` itself (one day wider for datetimes, whatever the
        time zone) lets the indexes answer; the month test is then exact.
        """
        condition = SQL("%s = %s", company, scope["company"])
        months = scope["months"]
        if months is None:
            return condition
        first, end = min(months), shift_month(max(months), 1)
        if kind == "datetime":
            condition = SQL(
                "%s AND %s >= %s::timestamp - interval '1 day'"
                " AND %s < %s::timestamp + interval '1 day'",
                condition,
                column,
                first,
                column,
                end,
            )
        else:
            condition = SQL("%s AND %s >= %s AND %s < %s", condition, column, first, column, end)
        return SQL("%s AND %s = ANY(%s)", condition, self._month(scope, column, kind), months)

    @api.model
    def _order_amount(self, order):
        """Untaxed order amount in company currency, converted as ``sale.report`` does."""
        return SQL(
            "%(order)s.amount_untaxed / CASE COALESCE(%(order)s.currency_rate, 0)"
            " WHEN 0 THEN 1.0 ELSE %(order)s.currency_rate END",
            order=SQL.identifier(order),
        )

    @api.model
    def _source_new_customers(self, scope):
        """Customers whose first document falls in the month, from the stored first documents."""
        condition = SQL("first_document.company_id = %s", scope["company"])
        if scope["months"] is not None:
            condition = SQL("%s AND first_document.month = ANY(%s)", condition, scope["months"])
        return self._source(
            keys={
                "company_id": SQL("first_document.company_id"),
                "user_id": SQL("first_document.user_id"),
                "team_id": SQL("first_document.team_id"),
                "date": SQL("first_document.month"),
            },
            measures={"new_customer_count": SQL("1")},
            from_clause=SQL("%s first_document", SQL.identifier(FIRST_TABLE)),
            where=condition,
        )

    @api.model
    def _source_orders(self, scope):
        return self._source(
            keys={
                "company_id": SQL("so.company_id"),
                "user_id": SQL("so.user_id"),
                "team_id": SQL("so.team_id"),
                "date": self._month(scope, SQL("so.date_order"), "datetime"),
            },
            customer=SQL("partner.commercial_partner_id"),
            measures={"order_count": SQL("1"), "order_amount": self._order_amount("so")},
            from_clause=SQL("sale_order so JOIN res_partner partner ON partner.id = so.partner_id"),
            where=SQL(
                "so.state = 'sale' AND %s",
                self._in_scope(scope, SQL("so.company_id"), SQL("so.date_order"), "datetime"),
            ),
        )

    @api.model
    def _invoice_keys(self, scope, move, date_column):
        alias = SQL.identifier(move)
        return {
            "company_id": SQL("%s.company_id", alias),
            "user_id": SQL("%s.invoice_user_id", alias),
            "team_id": SQL("%s.team_id", alias),
            "date": self._month(scope, date_column),
        }

    @api.model
    def _customer_moves(self, scope):
        """SQL condition on ``move``: customer invoices and credit notes dated in ``scope``."""
        return SQL(
            "move.move_type IN ('out_invoice', 'out_refund') AND %s",
            self._in_scope(scope, SQL("move.company_id"), SQL("move.invoice_date")),
        )

    @api.model
    def _source_invoices(self, scope):
        """Posted customer invoices (serving their customer) and credit notes, untaxed."""
        return self._source(
            keys=self._invoice_keys(scope, "move", SQL("move.invoice_date")),
            customer=SQL(
                "CASE WHEN move.move_type = 'out_invoice' THEN move.commercial_partner_id END"
            ),
            measures={"invoiced_amount": SQL("move.amount_untaxed_signed")},
            from_clause=SQL("account_move move"),
            where=SQL("move.state = 'posted' AND %s", self._customer_moves(scope)),
        )

    @api.model
    def _source_invoice_rounding(self, scope):
        """Take cash-rounding lines out again: Invoice analysis counts product lines only."""
        return self._source(
            keys=self._invoice_keys(scope, "move", SQL("move.invoice_date")),
            measures={"invoiced_amount": SQL("line.balance")},
            from_clause=SQL(
                "account_move_line line JOIN account_move move ON move.id = line.move_id"
            ),
            where=SQL(
                "line.display_type = 'rounding' AND line.tax_repartition_line_id IS NULL"
                " AND line.parent_state = 'posted' AND %s",
                self._customer_moves(scope),
            ),
        )

    @api.model
    def _source_payments(self, scope):
        """Payments and bank statement lines reconciled with posted customer invoices."""
        return self._source(
            keys=self._invoice_keys(scope, "invoice", SQL("apr.max_date")),
            measures={"collected_amount": SQL("apr.amount")},
            from_clause=SQL(
                """account_partial_reconcile apr
                   JOIN account_move_line receivable ON receivable.id = apr.debit_move_id
                        AND receivable.display_type = 'payment_term'
                   JOIN account_move invoice ON invoice.id = receivable.move_id
                   JOIN account_move_line payment ON payment.id = apr.credit_move_id"""
            ),
            where=SQL(
                "invoice.move_type = 'out_invoice' AND invoice.state = 'posted'"
                " AND (payment.payment_id IS NOT NULL OR payment.statement_line_id IS NOT NULL)"
                " AND %s",
                self._in_scope(scope, SQL("apr.company_id"), SQL("apr.max_date")),
            ),
        )

    @api.model
    def _source_lost_customers(self, scope):
        """Customers that became lost in the month, for their salesperson and team."""
        return self._source(
            keys={
                "company_id": SQL("classification.company_id"),
                "user_id": SQL("customer.user_id"),
                "team_id": SQL("customer.team_id"),
                "date": self._month(scope, SQL("classification.lost_on")),
            },
            measures={"lost_customer_count": SQL("1")},
            from_clause=SQL(
                """crm_customer_classification classification
                   JOIN res_partner customer ON customer.id = classification.partner_id"""
            ),
            where=SQL(
                "classification.lost_on IS NOT NULL AND %s",
                self._in_scope(
                    scope, SQL("classification.company_id"), SQL("classification.lost_on")
                ),
            ),
        )

    @api.model
    def _record_keys(self, scope, alias, date_column):
        """Keys of a visit, a log entry or a credit event: its company, salesperson (responsible)
        and team."""
        table = SQL.identifier(alias)
        return {
            "company_id": SQL("%s.company_id", table),
            "user_id": SQL("%s.user_id", table),
            "team_id": SQL("%s.team_id", table),
            "date": self._month(scope, date_column, "datetime"),
        }

    @api.model
    def _satisfaction(self, alias):
        """Satisfaction points and ratings of a visit or log entry ('0' is not rated): the
        customer's own rating when there is one, else the satisfaction staff entered."""
        table = SQL.identifier(alias)
        customer = SQL("NULLIF(%s.customer_satisfaction, '0')", table)
        rating = SQL("COALESCE(%s, NULLIF(%s.satisfaction, '0'))", customer, table)
        return {
            "satisfaction_sum": SQL("COALESCE(%s::int, 0)", rating),
            "satisfaction_count": SQL("(%s IS NOT NULL)::int", rating),
            "satisfaction_customer_count": SQL("(%s IS NOT NULL)::int", customer),
        }

    @api.model
    def _source_visits_planned(self, scope):
        """Visits by planned start, cancelled ones left out: planned and missed."""
        return self._source(
            keys=self._record_keys(scope, "visit", SQL("visit.start")),
            measures={
                "visit_planned_count": SQL("1"),
                "visit_missed_count": SQL("(visit.state = 'missed')::int"),
            },
            from_clause=SQL("crm_customer_visit visit"),
            where=SQL(
                "visit.state != 'cancelled' AND visit.start IS NOT NULL AND %s",
                self._in_scope(scope, SQL("visit.company_id"), SQL("visit.start"), "datetime"),
            ),
        )

    @api.model
    def _source_visits_done(self, scope):
        """Done visits by check-in: done, on time and their satisfaction.

        On time: checked in before the end of the planned day or, when later,
        before the grace period after the planned end ran out (the moment the
        visit would have been missed), in the company's reporting time zone.
        """
        tz = scope["tz"]

        def local(column):
            return SQL("timezone(%s, timezone('UTC', %s))", tz, SQL(column))

        on_time = SQL(
            "(%(check_in)s < GREATEST(date_trunc('day', %(start)s) + interval '1 day',"
            " %(stop)s + %(grace)s * interval '1 hour'))::int",
            check_in=local("visit.check_in"),
            start=local("visit.start"),
            stop=local("visit.stop"),
            grace=max(scope["visit_grace_hours"], 0),
        )
        return self._source(
            keys=self._record_keys(scope, "visit", SQL("visit.check_in")),
            measures={
                "visit_done_count": SQL("1"),
                "visit_on_time_count": on_time,
                "visit_on_site_count": SQL("(visit.check_in_position = 'on_site')::int"),
                **self._satisfaction("visit"),
            },
            from_clause=SQL("crm_customer_visit visit"),
            where=SQL(
                "visit.state = 'done' AND visit.check_in IS NOT NULL AND %s",
                self._in_scope(scope, SQL("visit.company_id"), SQL("visit.check_in"), "datetime"),
            ),
        )

    @api.model
    def _log_from(self):
        return SQL(
            "crm_customer_log log JOIN crm_customer_log_type log_type ON log_type.id = log.type_id"
        )

    @api.model
    def _source_logs(self, scope):
        """Log entries by date, cancelled ones left out: one count per type, satisfaction."""
        codes = list(LOG_TYPE_MEASURES)
        measures = {
            fname: SQL("(log_type.code = %s)::int", code)
            for code, fname in LOG_TYPE_MEASURES.items()
        }
        measures["log_other_count"] = SQL("(log_type.code != ALL(%s))::int", codes)
        return self._source(
            keys=self._record_keys(scope, "log", SQL("log.log_date")),
            measures={**measures, **self._satisfaction("log")},
            from_clause=self._log_from(),
            where=SQL(
                "log.state != 'cancelled' AND log.log_date IS NOT NULL AND %s",
                self._in_scope(scope, SQL("log.company_id"), SQL("log.log_date"), "datetime"),
            ),
        )

    @api.model
    def _source_complaints_resolved(self, scope):
        """Complaints by resolution date: resolved, and the hours they took."""
        return self._source(
            keys=self._record_keys(scope, "log", SQL("log.resolved_on")),
            measures={
                "complaint_resolved_count": SQL("1"),
                "complaint_resolution_hours": SQL("COALESCE(log.resolution_hours, 0)"),
            },
            from_clause=self._log_from(),
            where=SQL(
                "log_type.code = %s AND log.state IN ('resolved', 'closed')"
                " AND log.resolved_on IS NOT NULL AND %s",
                COMPLAINT,
                self._in_scope(scope, SQL("log.company_id"), SQL("log.resolved_on"), "datetime"),
            ),
        )

    @api.model
    def _source_complaints_overdue(self, scope):
        """Complaints by response deadline, not resolved by then (resolved late, or open
        once the deadline has passed at ``scope["now"]``)."""
        return self._source(
            keys=self._record_keys(scope, "log", SQL("log.deadline")),
            measures={"complaint_overdue_count": SQL("1")},
            from_clause=self._log_from(),
            where=SQL(
                """log_type.code = %(complaint)s AND log.state != 'cancelled'
                   AND log.deadline IS NOT NULL
                   AND (log.resolved_on > log.deadline
                        OR (log.state IN %(open)s AND log.deadline < %(now)s))
                   AND %(scope)s""",
                complaint=COMPLAINT,
                open=OPEN_STATES,
                now=scope["now"],
                scope=self._in_scope(scope, SQL("log.company_id"), SQL("log.deadline"), "datetime"),
            ),
        )

    @api.model
    def _source_credit_events(self, scope):
        """Credit holds placed, released and rejected, by event date, for the order's
        salesperson and team (as they were when the event happened)."""
        return self._source(
            keys=self._record_keys(scope, "event", SQL("event.date")),
            measures={
                "credit_hold_placed_count": SQL("(event.action = 'hold')::int"),
                "credit_hold_released_count": SQL("(event.action = 'release')::int"),
                "credit_hold_rejected_count": SQL("(event.action = 'reject')::int"),
            },
            from_clause=SQL("crm_customer_credit_event event"),
            where=self._in_scope(scope, SQL("event.company_id"), SQL("event.date"), "datetime"),
        )
