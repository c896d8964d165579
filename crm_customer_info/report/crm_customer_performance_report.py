from collections import Counter, defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..customer_insight.performance import add_months, ratio
from ..models.crm_customer_log import OPEN_STATES

# Every source selects these columns, in this order, then the summed measures.
KEY_COLUMNS = ("company_id", "user_id", "team_id", "date")
DATA_TABLE = "crm_customer_performance_data"
FIRST_TABLE = "crm_customer_performance_first"
DIRTY_MONTH_TABLE = "crm_customer_performance_dirty_month"
DIRTY_CUSTOMER_TABLE = "crm_customer_performance_dirty_customer"
DIRTY_COMPANY_TABLE = "crm_customer_performance_dirty_company"
# When the figures were last brought up to date with the passing of time (see _time_watches).
CLOCK_TABLE = "crm_customer_performance_clock"
TRIGGER_PREFIX = "crm_customer_performance_"
# One refresh at a time: the key is an arbitrary constant of this report.
REFRESH_LOCK = 7_316_020_618
# Log type code of complaints (the same in every company and language).
COMPLAINT = "complaint"
# Log entries counted per type: one measure per shipped type code, the rest in log_other_count.
LOG_TYPE_MEASURES = {
    "consultation": "log_consultation_count",
    COMPLAINT: "log_complaint_count",
    "contact": "log_contact_count",
    "service": "log_service_count",
    "feedback": "log_feedback_count",
}
# Partial covering indexes: the refresh reads the documents of a month from indexes alone.
INDEXES = [
    (
        "crm_customer_perf_sale_order_idx",
        "sale_order",
        "company_id, partner_id, date_order, id",
        "user_id, team_id, amount_untaxed, currency_rate",
        "state = 'sale'",
    ),
    (
        "crm_customer_perf_sale_order_date_idx",
        "sale_order",
        "company_id, date_order",
        "user_id, team_id, partner_id, amount_untaxed, currency_rate",
        "state = 'sale'",
    ),
    (
        "crm_customer_perf_account_move_idx",
        "account_move",
        "company_id, commercial_partner_id, invoice_date, id",
        "invoice_user_id, team_id, move_type, amount_untaxed_signed",
        "state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
    ),
    (
        "crm_customer_perf_account_move_date_idx",
        "account_move",
        "company_id, invoice_date",
        "invoice_user_id, team_id, move_type, commercial_partner_id, amount_untaxed_signed",
        "state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
    ),
    (
        "crm_customer_perf_partial_date_idx",
        "account_partial_reconcile",
        "company_id, max_date",
        "debit_move_id, credit_move_id, amount",
        "",
    ),
    (
        "crm_customer_perf_account_move_id_idx",
        "account_move",
        "id",
        "company_id, invoice_user_id, team_id",
        "state = 'posted' AND move_type = 'out_invoice'",
    ),
    (
        "crm_customer_perf_aml_receivable_idx",
        "account_move_line",
        "id",
        "move_id",
        "display_type = 'payment_term'",
    ),
    (
        "crm_customer_perf_aml_payment_idx",
        "account_move_line",
        "id",
        "",
        "payment_id IS NOT NULL OR statement_line_id IS NOT NULL",
    ),
    (
        "crm_customer_perf_partner_idx",
        "res_partner",
        "id",
        "commercial_partner_id",
        "",
    ),
    (
        "crm_customer_perf_aml_rounding_idx",
        "account_move_line",
        "move_id",
        "",
        "display_type = 'rounding'",
    ),
    (
        "crm_customer_perf_visit_start_idx",
        "crm_customer_visit",
        "company_id, start",
        "user_id, team_id, state",
        "state != 'cancelled'",
    ),
    (
        "crm_customer_perf_visit_done_idx",
        "crm_customer_visit",
        "company_id, check_in",
        "user_id, team_id, start, stop, satisfaction",
        "state = 'done'",
    ),
    (
        "crm_customer_perf_log_date_idx",
        "crm_customer_log",
        "company_id, log_date",
        "user_id, team_id, type_id, satisfaction",
        "state != 'cancelled'",
    ),
    (
        "crm_customer_perf_log_resolved_idx",
        "crm_customer_log",
        "company_id, resolved_on",
        "user_id, team_id, type_id, resolution_hours",
        "state IN ('resolved', 'closed')",
    ),
    (
        "crm_customer_perf_log_deadline_idx",
        "crm_customer_log",
        "company_id, deadline",
        "user_id, team_id, type_id, state, resolved_on",
        "state != 'cancelled'",
    ),
    (
        "crm_customer_perf_lost_idx",
        "crm_customer_classification",
        "company_id, lost_on",
        "partner_id",
        "lost_on IS NOT NULL",
    ),
]


class CrmCustomerPerformanceReport(models.Model):
    """Salesperson performance per company, salesperson, sales team and month.

    The figures come from one SQL aggregate over the business documents: each
    source (new customers, lost customers, confirmed orders, invoices,
    payments, visits, log entries, complaints) selects the key columns, the
    customer served and its own measures, with zeros for the measures of other
    sources; the rows are summed by customer, then by key.

    The aggregate is stored per company and month (table ``DATA_TABLE``) so that
    reading a year is instant on large databases. Triggers on the source tables
    mark the months (and customers, for new customers) that a change touches;
    figures that change by the mere passing of time (a complaint becoming
    overdue) are marked by :meth:`_time_watches`; any read first recomputes
    those slices in the reading transaction, so the figures are always those of
    the documents. A feature adds a measure by adding a field, its name in
    :meth:`_summed_measures` (and :meth:`_amount_measures` for amounts), a
    source in :meth:`_sources`, the table it reads in :meth:`_watches`, an
    index in ``INDEXES`` and, to print it, an entry in :meth:`_measure_specs`.
    Rates and averages are stored as their numerator and denominator and
    divided when shown (:meth:`_ratio_measures`).

    Documents without a salesperson, and those of OdooBot (made by the system),
    count once, without salesperson (``user_id`` empty, labelled *No Salesperson*
    by the pivot and graph views); a row whose every figure is zero is not stored.

    Amounts are in company currency, converted into the current company's
    currency like Odoo's Sales and Invoicing analyses do. Order dates fall in the
    month of the company's time zone (the company address's, else UTC).
    """

    _name = "crm.customer.performance.report"
    _description = "Salesperson Performance Analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc, user_id, team_id"

    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    new_customer_count = fields.Integer(
        string="New Customers",
        readonly=True,
        help="Customers whose first confirmed order or first posted invoice in the company "
        "falls in the month, counted for the salesperson and team of that document.",
    )
    active_customer_count = fields.Integer(
        string="Active Customers",
        readonly=True,
        help="Distinct customers with a confirmed order or a posted invoice of the salesperson "
        "in the month. Totals over several months or salespeople add them up.",
    )
    order_count = fields.Integer(string="Confirmed Orders", readonly=True)
    order_amount = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the confirmed sale orders of the month, as in Sales analysis.",
    )
    invoiced_amount = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the posted customer invoices of the month minus credit notes, "
        "as in Invoice analysis.",
    )
    collected_amount = fields.Monetary(
        readonly=True,
        help="Customer payments reconciled with customer invoices, by reconciliation date, "
        "counted for the invoice's salesperson and team.",
    )
    lost_customer_count = fields.Integer(
        string="Customers Lost",
        readonly=True,
        help="Customers whose lifecycle turned lost in the month (Lost Since of their "
        "classification), counted for their salesperson and team. A customer who buys again "
        "leaves the count.",
    )
    visit_planned_count = fields.Integer(
        string="Visits Planned",
        readonly=True,
        help="Visits planned to start in the month, whatever became of them, except cancelled "
        "ones; counted for the visit's salesperson and team.",
    )
    visit_done_count = fields.Integer(
        string="Visits Done", readonly=True, help="Visits done, in the month of their check-in."
    )
    visit_missed_count = fields.Integer(
        string="Visits Missed",
        readonly=True,
        help="Visits planned to start in the month that were missed: not checked in before "
        "the grace period after their planned end ran out.",
    )
    visit_on_time_count = fields.Integer(
        string="Visits Done on Time",
        readonly=True,
        help="Done visits checked in on their planned day or, later, within the grace period "
        "after their planned end (in the company's reporting time zone); in the month of the "
        "check-in. Divided by Visits Done it gives the on-time rate.",
    )
    log_consultation_count = fields.Integer(
        string="Consultations",
        readonly=True,
        help="Log entries of type consultation dated in the month, except cancelled ones; "
        "counted for the entry's responsible and team, as every log figure.",
    )
    log_complaint_count = fields.Integer(
        string="Complaints Opened",
        readonly=True,
        help="Log entries of type complaint dated in the month, except cancelled ones.",
    )
    log_contact_count = fields.Integer(
        string="Customer Contacts",
        readonly=True,
        help="Log entries of type customer contact dated in the month, except cancelled ones.",
    )
    log_service_count = fields.Integer(
        string="Services / Repairs",
        readonly=True,
        help="Log entries of type service/repair dated in the month, except cancelled ones.",
    )
    log_feedback_count = fields.Integer(
        string="Feedback / Suggestions",
        readonly=True,
        help="Log entries of type feedback dated in the month, except cancelled ones.",
    )
    log_other_count = fields.Integer(
        string="Other Log Entries",
        readonly=True,
        help="Log entries of the types a company added itself, dated in the month, except "
        "cancelled ones.",
    )
    complaint_resolved_count = fields.Integer(
        string="Complaints Resolved",
        readonly=True,
        help="Complaints resolved (or closed) in the month, by resolution date.",
    )
    complaint_resolution_hours = fields.Float(
        readonly=True,
        help="Hours from log date to resolution of the complaints resolved in the month, added "
        "up. Divided by Complaints Resolved it gives the average resolution time.",
    )
    complaint_overdue_count = fields.Integer(
        string="Overdue Complaints",
        readonly=True,
        help="Complaints whose response deadline fell in the month and that were not resolved "
        "by then: resolved late, or still open after the deadline.",
    )
    satisfaction_sum = fields.Integer(
        string="Satisfaction Points",
        readonly=True,
        help="Ratings (1 to 5 stars) of the visits done and the log entries of the month, added "
        "up; unrated ones count nothing. Divided by Satisfaction Ratings it gives the average.",
    )
    satisfaction_count = fields.Integer(
        string="Satisfaction Ratings",
        readonly=True,
        help="Rated visits done and rated log entries of the month, each counted once.",
    )
    # Rates and averages of each row, divided when read: they do not add up.
    collection_rate = fields.Float(
        string="Collected / Invoiced", compute="_compute_ratios", digits=(16, 4)
    )
    visit_on_time_rate = fields.Float(
        string="On-Time Visit Rate", compute="_compute_ratios", digits=(16, 4)
    )
    complaint_resolution_avg = fields.Float(
        string="Average Complaint Resolution (Hours)", compute="_compute_ratios", digits=(16, 1)
    )
    satisfaction_avg = fields.Float(
        string="Average Satisfaction", compute="_compute_ratios", digits=(16, 2)
    )

    _depends = {
        "sale.order": [
            "company_id",
            "user_id",
            "team_id",
            "date_order",
            "partner_id",
            "state",
            "amount_untaxed",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id", "tz", "user_id", "team_id"],
        "res.company": ["crm_visit_grace_hours"],
        "crm.customer.visit": [
            "company_id",
            "user_id",
            "team_id",
            "state",
            "start",
            "stop",
            "check_in",
            "satisfaction",
        ],
        "crm.customer.log": [
            "company_id",
            "user_id",
            "team_id",
            "state",
            "type_id",
            "log_date",
            "resolved_on",
            "resolution_hours",
            "deadline",
            "satisfaction",
        ],
        "crm.customer.log.type": ["code"],
        "crm.customer.classification": ["company_id", "partner_id", "lost_on"],
        "account.move": [
            "company_id",
            "invoice_user_id",
            "team_id",
            "invoice_date",
            "commercial_partner_id",
            "state",
            "move_type",
            "amount_untaxed_signed",
        ],
        "account.move.line": [
            "move_id",
            "display_type",
            "tax_repartition_line_id",
            "balance",
            "parent_state",
            "payment_id",
            "statement_line_id",
        ],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "amount", "max_date"],
    }

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @api.depends(
        "collected_amount",
        "invoiced_amount",
        "visit_on_time_count",
        "visit_done_count",
        "complaint_resolution_hours",
        "complaint_resolved_count",
        "satisfaction_sum",
        "satisfaction_count",
    )
    def _compute_ratios(self):
        ratios = self._ratio_measures()
        for row in self:
            for fname, (numerator, denominator) in ratios.items():
                row[fname] = ratio(row[numerator], row[denominator]) or 0.0

    # ------------------------------------------------------------------
    # Measures, sources and the tables they read (extension points)
    # ------------------------------------------------------------------

    @api.model
    def _summed_measures(self):
        """Measure columns every source selects and the report sums by key, in order."""
        return [
            "new_customer_count",
            "lost_customer_count",
            "order_count",
            "order_amount",
            "invoiced_amount",
            "collected_amount",
            "visit_planned_count",
            "visit_done_count",
            "visit_missed_count",
            "visit_on_time_count",
            *LOG_TYPE_MEASURES.values(),
            "log_other_count",
            "complaint_resolved_count",
            "complaint_resolution_hours",
            "complaint_overdue_count",
            "satisfaction_sum",
            "satisfaction_count",
        ]

    @api.model
    def _amount_measures(self):
        """Summed measures that are amounts in company currency."""
        return ["order_amount", "invoiced_amount", "collected_amount"]

    @api.model
    def _ratio_measures(self):
        """Rates and averages: ``{field: (numerator, denominator)}``, both summed measures.

        Their fields are computed per row; sums over several rows divide the summed
        numerator by the summed denominator (see :meth:`_stored_measures`).
        """
        return {
            "collection_rate": ("collected_amount", "invoiced_amount"),
            "visit_on_time_rate": ("visit_on_time_count", "visit_done_count"),
            "complaint_resolution_avg": ("complaint_resolution_hours", "complaint_resolved_count"),
            "satisfaction_avg": ("satisfaction_sum", "satisfaction_count"),
        }

    @api.model
    def _measure_specs(self):
        """``(field, column type)`` of the figures the PDF and the workbook show, in order.

        Types are those of ``customer_insight.xlsx.Column``: ``int``, ``currency``,
        ``percent`` (a rate) or ``number`` (an average); rates and averages are
        fields of :meth:`_ratio_measures`.
        """
        return [
            ("new_customer_count", "int"),
            ("lost_customer_count", "int"),
            ("active_customer_count", "int"),
            ("order_count", "int"),
            ("order_amount", "currency"),
            ("invoiced_amount", "currency"),
            ("collected_amount", "currency"),
            ("collection_rate", "percent"),
            ("visit_planned_count", "int"),
            ("visit_done_count", "int"),
            ("visit_missed_count", "int"),
            ("visit_on_time_count", "int"),
            ("visit_on_time_rate", "percent"),
            *((fname, "int") for fname in LOG_TYPE_MEASURES.values()),
            ("log_other_count", "int"),
            ("complaint_resolved_count", "int"),
            ("complaint_resolution_avg", "number"),
            ("complaint_overdue_count", "int"),
            ("satisfaction_count", "int"),
            ("satisfaction_avg", "number"),
        ]

    @api.model
    def _stored_measures(self, fnames):
        """The stored measures to sum for the figures ``fnames``: a rate or an average
        needs its numerator and denominator. Without duplicates, in order."""
        ratios = self._ratio_measures()
        return list(dict.fromkeys(part for fname in fnames for part in ratios.get(fname, (fname,))))

    @api.model
    def _source(self, keys, measures, from_clause, where=None, customer=None):
        """One source of the report: a SELECT of the key columns, the customer and the measures.

        :param keys: SQL expressions of ``company_id``, ``user_id``, ``team_id`` and
            ``date`` (first day of the month), as a dict.
        :param measures: SQL expressions of this source's measures (names of
            :meth:`_summed_measures`); the others are zero.
        :param customer: SQL expression of the commercial partner served by the
            row, counted in ``active_customer_count``; ``None`` for sources that
            do not serve customers.
        """
        unknown = set(measures) - set(self._summed_measures())
        if unknown or set(keys) != set(KEY_COLUMNS):
            raise ValueError(f"Bad performance source: {sorted(unknown) or sorted(keys)}")
        columns = [SQL("%s AS %s", keys[name], SQL.identifier(name)) for name in KEY_COLUMNS]
        columns.append(SQL("%s AS customer_id", customer or SQL("NULL::integer")))
        columns.extend(
            SQL("%s AS %s", measures.get(name, SQL("0")), SQL.identifier(name))
            for name in self._summed_measures()
        )
        return SQL(
            "SELECT %s FROM %s%s",
            SQL(", ").join(columns),
            from_clause,
            SQL(" WHERE %s", where) if where else SQL(),
        )

    @api.model
    def _sources(self, scope):
        """The SELECTs whose rows make the report, restricted to ``scope``; extend to add measures.

        ``scope`` is a dict: ``company`` (id), ``tz`` (the company's time zone) and
        ``months`` (first days of the months to compute, or ``None`` for all).
        """
        return [
            self._source_new_customers(scope),
            self._source_lost_customers(scope),
            self._source_orders(scope),
            self._source_invoices(scope),
            self._source_invoice_rounding(scope),
            self._source_payments(scope),
            self._source_visits_planned(scope),
            self._source_visits_done(scope),
            self._source_logs(scope),
            self._source_complaints_resolved(scope),
            self._source_complaints_overdue(scope),
        ]

    @api.model
    def _watches(self):
        """What a change of a source table makes stale, as statement-level triggers.

        ``(table, columns, touched, events)``: after an insert, a delete or an
        update of one of ``columns`` (``events`` among those three), ``touched``
        is run on the rows before (deletes, updates) and after the change
        (inserts, updates), ``{rows}`` standing for them. It selects
        ``company_id``, ``moment`` (a date, or a UTC datetime) and ``customer_id``
        (a commercial partner, or NULL): the months around each moment become
        stale, and the first documents of each customer. A table may have several
        entries (one trigger each).
        """
        every = ("INSERT", "UPDATE", "DELETE")
        return [
            (
                "sale_order",
                [
                    "company_id",
                    "date_order",
                    "state",
                    "user_id",
                    "team_id",
                    "partner_id",
                    "amount_untaxed",
                    "currency_rate",
                ],
                """SELECT r.company_id, r.date_order AS moment,
                          partner.commercial_partner_id AS customer_id
                     FROM {rows} r LEFT JOIN res_partner partner ON partner.id = r.partner_id
                    WHERE r.state = 'sale'""",
                every,
            ),
            (
                "account_move",
                [
                    "company_id",
                    "invoice_date",
                    "state",
                    "move_type",
                    "invoice_user_id",
                    "team_id",
                    "commercial_partner_id",
                    "amount_untaxed_signed",
                ],
                # an invoice's payments are counted for its salesperson, in their month
                """SELECT r.company_id, r.invoice_date AS moment,
                          CASE WHEN r.move_type = 'out_invoice'
                               THEN r.commercial_partner_id END AS customer_id
                     FROM {rows} r
                    WHERE r.state = 'posted' AND r.move_type IN ('out_invoice', 'out_refund')
                   UNION ALL
                   SELECT apr.company_id, apr.max_date, NULL
                     FROM {rows} r
                     JOIN account_move_line line ON line.move_id = r.id
                     JOIN account_partial_reconcile apr ON apr.debit_move_id = line.id
                    WHERE r.state = 'posted' AND r.move_type = 'out_invoice'""",
                every,
            ),
            (
                "account_partial_reconcile",
                ["company_id", "max_date", "amount", "debit_move_id", "credit_move_id"],
                "SELECT r.company_id, r.max_date AS moment, NULL AS customer_id FROM {rows} r",
                every,
            ),
            (
                "res_partner",
                ["commercial_partner_id"],
                # the orders of a contact that moves to another customer change customer
                """SELECT so.company_id, so.date_order AS moment,
                          r.commercial_partner_id AS customer_id
                     FROM {rows} r JOIN sale_order so ON so.partner_id = r.id
                    WHERE so.state = 'sale'""",
                ("UPDATE",),
            ),
            (
                "res_partner",
                ["user_id", "team_id"],
                # lost customers are counted for their salesperson and team
                """SELECT c.company_id, c.lost_on AS moment, NULL::integer AS customer_id
                     FROM {rows} r JOIN crm_customer_classification c ON c.partner_id = r.id
                    WHERE c.lost_on IS NOT NULL""",
                ("UPDATE",),
            ),
            (
                "crm_customer_classification",
                ["company_id", "partner_id", "lost_on"],
                """SELECT r.company_id, r.lost_on AS moment, NULL::integer AS customer_id
                     FROM {rows} r""",
                every,
            ),
            (
                "crm_customer_visit",
                [
                    "company_id",
                    "user_id",
                    "team_id",
                    "state",
                    "start",
                    "stop",
                    "check_in",
                    "satisfaction",
                ],
                # planned and missed by planned start; done, on time and rated by check-in
                """SELECT r.company_id, r.start AS moment, NULL::integer AS customer_id
                     FROM {rows} r
                   UNION ALL
                   SELECT r.company_id, r.check_in, NULL FROM {rows} r""",
                every,
            ),
            (
                "crm_customer_log",
                [
                    "company_id",
                    "user_id",
                    "team_id",
                    "state",
                    "type_id",
                    "log_date",
                    "resolved_on",
                    "resolution_hours",
                    "deadline",
                    "satisfaction",
                ],
                # counted by log date, resolution date and response deadline
                """SELECT r.company_id, moment, NULL::integer AS customer_id
                     FROM {rows} r,
                          LATERAL (VALUES (r.log_date), (r.resolved_on), (r.deadline))
                          AS m(moment)""",
                every,
            ),
            (
                "crm_customer_log_type",
                ["code"],
                # a type's new code moves its entries to another figure
                """SELECT log.company_id, moment, NULL::integer AS customer_id
                     FROM {rows} r
                     JOIN crm_customer_log log ON log.type_id = r.id,
                          LATERAL (VALUES (log.log_date), (log.resolved_on), (log.deadline))
                          AS m(moment)""",
                ("UPDATE",),
            ),
        ]

    @api.model
    def _company_settings(self):
        """Columns of ``res_company`` whose change makes all figures of the company stale."""
        return ["crm_visit_grace_hours"]

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
        first, end = min(months), add_months(max(months), 1)
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
        """Keys of a visit or a log entry: its company, salesperson (responsible) and team."""
        table = SQL.identifier(alias)
        return {
            "company_id": SQL("%s.company_id", table),
            "user_id": SQL("%s.user_id", table),
            "team_id": SQL("%s.team_id", table),
            "date": self._month(scope, date_column, "datetime"),
        }

    @api.model
    def _satisfaction(self, alias):
        """Satisfaction points and ratings of a visit or log entry ('0' is not rated)."""
        rating = SQL("NULLIF(%s.satisfaction, '0')", SQL.identifier(alias))
        return {
            "satisfaction_sum": SQL("COALESCE(%s::int, 0)", rating),
            "satisfaction_count": SQL("(%s IS NOT NULL)::int", rating),
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
    def _first_documents(self, scope, customers=None):
        """SQL of each customer's first confirmed order or posted invoice in the company.

        Columns ``company_id, partner_id, month, user_id, team_id``; the salesperson
        and team are the document's. ``customers`` (commercial partner ids)
        narrows it down; on the same day the order comes first.
        """
        order_filter = invoice_filter = SQL()
        if customers is not None:
            order_filter = SQL(
                " AND partner_id IN (SELECT id FROM res_partner"
                " WHERE commercial_partner_id = ANY(%s))",
                customers,
            )
            invoice_filter = SQL(" AND commercial_partner_id = ANY(%s)", customers)
        return SQL(
            """
            SELECT DISTINCT ON (doc.partner_id)
                   %(company)s AS company_id, doc.partner_id,
                   date_trunc('month', doc.day)::date AS month, doc.user_id, doc.team_id
              FROM (
                    SELECT partner.commercial_partner_id AS partner_id, o.user_id, o.team_id,
                           timezone(%(tz)s, timezone('UTC', o.date_order)) AS day, 0 AS kind,
                           o.date_order AS stamp, o.id
                      FROM (SELECT DISTINCT ON (partner_id)
                                   partner_id, user_id, team_id, date_order, id
                              FROM sale_order
                             WHERE company_id = %(company)s AND state = 'sale'%(order_filter)s
                             ORDER BY partner_id, date_order, id) AS o
                      JOIN res_partner partner ON partner.id = o.partner_id
                    UNION ALL
                   (SELECT DISTINCT ON (commercial_partner_id)
                           commercial_partner_id, invoice_user_id, team_id,
                           invoice_date::timestamp, 1, NULL::timestamp, id
                      FROM account_move
                     WHERE company_id = %(company)s AND state = 'posted'
                       AND move_type = 'out_invoice'%(invoice_filter)s
                     ORDER BY commercial_partner_id, invoice_date, id)
              ) AS doc
             ORDER BY doc.partner_id, doc.day::date, doc.kind, doc.stamp, doc.id
            """,
            company=scope["company"],
            tz=scope["tz"],
            order_filter=order_filter,
            invoice_filter=invoice_filter,
        )

    # ------------------------------------------------------------------
    # Storage: tables, triggers and their refresh
    # ------------------------------------------------------------------

    def init(self):
        """Indexes, storage tables and triggers, then every figure computed afresh."""
        cr = self.env.cr
        for name, table, columns, include, where in INDEXES:
            if not index_exists(cr, name):
                cr.execute(
                    SQL(
                        "CREATE INDEX %s ON %s (%s)%s%s",
                        SQL.identifier(name),
                        SQL.identifier(table),
                        SQL(columns),
                        SQL(" INCLUDE (%s)", SQL(include)) if include else SQL(),
                        SQL(" WHERE %s", SQL(where)) if where else SQL(),
                    )
                )
        drop_storage(cr)
        measures = SQL(", ").join(
            SQL(
                "%s %s NOT NULL DEFAULT 0",
                SQL.identifier(name),
                SQL("bigint" if self._fields[name].type == "integer" else "numeric"),
            )
            for name in self._summed_measures()
        )
        cr.execute(
            SQL(
                """
                CREATE TABLE %(data)s (
                    id bigserial PRIMARY KEY,
                    company_id integer NOT NULL,
                    user_id integer,
                    team_id integer,
                    date date NOT NULL,
                    active_customer_count bigint NOT NULL DEFAULT 0,
                    %(measures)s
                );
                CREATE INDEX ON %(data)s (company_id, date);
                CREATE TABLE %(first)s (
                    company_id integer NOT NULL,
                    partner_id integer NOT NULL,
                    month date NOT NULL,
                    user_id integer,
                    team_id integer,
                    PRIMARY KEY (company_id, partner_id)
                );
                CREATE INDEX ON %(first)s (company_id, month);
                CREATE TABLE %(dirty_month)s (
                    company_id integer, month date, PRIMARY KEY (company_id, month)
                );
                CREATE TABLE %(dirty_customer)s (
                    company_id integer, partner_id integer, PRIMARY KEY (company_id, partner_id)
                );
                CREATE TABLE %(dirty_company)s (company_id integer PRIMARY KEY);
                CREATE TABLE %(clock)s (checked_at timestamp NOT NULL);
                INSERT INTO %(clock)s (checked_at) VALUES (%(now)s);
                """,
                data=SQL.identifier(DATA_TABLE),
                measures=measures,
                first=SQL.identifier(FIRST_TABLE),
                dirty_month=SQL.identifier(DIRTY_MONTH_TABLE),
                dirty_customer=SQL.identifier(DIRTY_CUSTOMER_TABLE),
                dirty_company=SQL.identifier(DIRTY_COMPANY_TABLE),
                clock=SQL.identifier(CLOCK_TABLE),
                now=fields.Datetime.now(),
            )
        )
        per_table = Counter()
        for watch in self._watches():
            per_table[watch[0]] += 1
            suffix = f"_{per_table[watch[0]]}" if per_table[watch[0]] > 1 else ""
            self._create_trigger(f"{TRIGGER_PREFIX}{watch[0]}{suffix}", watch)
        # The time zone of a company's address sets the months of its orders.
        self._create_trigger(
            f"{TRIGGER_PREFIX}company_tz",
            ("res_partner", ["tz"], "", ("UPDATE",)),
            on_update=SQL(
                """INSERT INTO %s (company_id)
                   SELECT company.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                     JOIN res_company company ON company.partner_id = n.id
                    WHERE o.tz IS DISTINCT FROM n.tz
                   ON CONFLICT (company_id) DO UPDATE SET company_id = EXCLUDED.company_id;""",
                SQL.identifier(DIRTY_COMPANY_TABLE),
            ),
        )
        # Company settings the figures depend on.
        settings = self._company_settings()
        self._create_trigger(
            f"{TRIGGER_PREFIX}company_settings",
            ("res_company", settings, "", ("UPDATE",)),
            on_update=SQL(
                """INSERT INTO %s (company_id)
                   SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE (%s) IS DISTINCT FROM (%s)
                   ON CONFLICT (company_id) DO UPDATE SET company_id = EXCLUDED.company_id;""",
                SQL.identifier(DIRTY_COMPANY_TABLE),
                SQL(", ").join(SQL("o.%s", SQL.identifier(column)) for column in settings),
                SQL(", ").join(SQL("n.%s", SQL.identifier(column)) for column in settings),
            ),
        )
        cr.execute(
            SQL(
                "INSERT INTO %s (company_id) SELECT id FROM res_company",
                SQL.identifier(DIRTY_COMPANY_TABLE),
            )
        )
        self._refresh()

    @api.model
    def _mark_stale(self, changes):
        """SQL marking stale what ``changes`` (a SELECT of ``company_id``, ``moment`` and
        ``customer_id``, see :meth:`_watches`) touches: the months around each moment,
        whatever the time zone, and the first documents of each customer.

        Marks update a mark that already exists rather than skip it: a refresh that
        read the documents before this change then fails to delete it
        (serialisation error, retried) instead of dropping the change.
        """
        return SQL(
            """
            INSERT INTO %(dirty_month)s (company_id, month)
            SELECT DISTINCT t.company_id, date_trunc('month', t.moment::timestamp + shift)::date
              FROM (%(changes)s) t,
                   (VALUES (interval '-14 hours'), (interval '14 hours')) AS around(shift)
             WHERE t.company_id IS NOT NULL AND t.moment IS NOT NULL
            ON CONFLICT (company_id, month) DO UPDATE SET month = EXCLUDED.month;
            INSERT INTO %(dirty_customer)s (company_id, partner_id)
            SELECT DISTINCT t.company_id, t.customer_id::integer FROM (%(changes)s) t
             WHERE t.company_id IS NOT NULL AND t.customer_id IS NOT NULL
            ON CONFLICT (company_id, partner_id) DO UPDATE SET partner_id = EXCLUDED.partner_id;
            """,
            dirty_month=SQL.identifier(DIRTY_MONTH_TABLE),
            dirty_customer=SQL.identifier(DIRTY_CUSTOMER_TABLE),
            changes=changes,
        )

    @api.model
    def _create_trigger(self, name, watch, on_update=None):
        """Statement-level triggers for a :meth:`_watches` entry ``watch``.

        One PL/pgSQL function ``name`` and one trigger per event, each with its
        transition tables: a change of many rows costs one set-based insert.
        ``on_update`` is extra SQL for updates, with ``old_rows`` and ``new_rows``.
        """
        cr = self.env.cr
        table, columns, touched, events = watch

        def mark(rows):
            if not touched:
                return SQL("NULL;")
            return self._mark_stale(SQL(touched.replace("{rows}", "%(rows)s"), rows=rows))

        differs = SQL(
            "(%s) IS DISTINCT FROM (%s)",
            SQL(", ").join(SQL("o.%s", SQL.identifier(column)) for column in columns),
            SQL(", ").join(SQL("n.%s", SQL.identifier(column)) for column in columns),
        )
        updated = SQL(
            "(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %(differs)s"
            " UNION ALL"
            " SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %(differs)s)",
            differs=differs,
        )
        cr.execute(
            SQL(
                """
                CREATE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN %(inserted)s
                    ELSIF TG_OP = 'DELETE' THEN %(deleted)s
                    ELSE %(updated)s %(on_update)s
                    END IF;
                    RETURN NULL;
                END $$;
                """,
                function=SQL.identifier(name),
                inserted=mark(SQL("new_rows")),
                deleted=mark(SQL("old_rows")),
                updated=mark(updated),
                on_update=on_update or SQL(),
            )
        )
        transitions = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }
        for event in events:
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON %s REFERENCING %s"
                    " FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                    SQL.identifier(f"{name}_{event.lower()}"),
                    SQL(event),
                    SQL.identifier(table),
                    SQL(transitions[event]),
                    SQL.identifier(name),
                )
            )

    @api.model
    def _company_scope(self, company_id, months=None, now=None):
        """What a source needs to know: the company, its reporting time zone and visit grace
        period (hours), the months to compute (``None``: all) and the moment of the
        computation (a UTC datetime)."""
        company = self.env["res.company"].browse(company_id)
        return {
            "company": company_id,
            "tz": company.partner_id.tz or "UTC",
            "visit_grace_hours": company.crm_visit_grace_hours,
            "months": sorted(months) if months is not None else None,
            "now": now or fields.Datetime.now(),
        }

    @api.model
    def _take_dirty(self, table, columns):
        """Remove and return the rows of a dirty table."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s RETURNING %s",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _refresh(self):
        """Recompute the stored figures that changes since the last refresh made stale.

        Runs in the current transaction, in three steps: companies to recompute
        entirely, customers whose first document may have moved (their old and
        new months become stale), then the stale months of each company. Months
        that the passing of time changed since the last refresh (see
        :meth:`_time_watches`) are stale too.
        """
        self.env.flush_all()
        cr = self.env.cr
        now = fields.Datetime.now()
        clock = SQL.identifier(CLOCK_TABLE)
        passed = SQL(" UNION ALL ").join(
            self._time_watches(SQL("(SELECT checked_at FROM %s)", clock), now)
        )
        cr.execute(
            SQL(
                "SELECT EXISTS (SELECT FROM %s) OR EXISTS (SELECT FROM %s)"
                " OR EXISTS (SELECT FROM %s) OR EXISTS (%s)",
                SQL.identifier(DIRTY_COMPANY_TABLE),
                SQL.identifier(DIRTY_CUSTOMER_TABLE),
                SQL.identifier(DIRTY_MONTH_TABLE),
                passed,
            )
        )
        if not cr.fetchone()[0]:
            return
        # A concurrent read is refreshing: read the figures as they are rather
        # than wait for it and then fail on the rows it has just replaced.
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK))
        if not cr.fetchone()[0]:
            return
        cr.execute(self._mark_stale(passed))
        cr.execute(SQL("UPDATE %s SET checked_at = GREATEST(checked_at, %s)", clock, now))
        whole = {company for (company,) in self._take_dirty(DIRTY_COMPANY_TABLE, ["company_id"])}
        customers = defaultdict(list)
        for company, partner in self._take_dirty(
            DIRTY_CUSTOMER_TABLE, ["company_id", "partner_id"]
        ):
            customers[company].append(partner)
        months = defaultdict(set)
        for company, month in self._take_dirty(DIRTY_MONTH_TABLE, ["company_id", "month"]):
            months[company].add(month)
        for company in whole:
            self._refresh_company(self._company_scope(company, now=now))
        for company, partners in customers.items():
            if company not in whole:
                months[company] |= self._refresh_first_documents(company, partners)
        for company, stale in months.items():
            if company not in whole and stale:
                self._refresh_company(self._company_scope(company, stale, now))
        self.invalidate_model()

    @api.model
    def _refresh_first_documents(self, company, customers):
        """Recompute the first documents of ``customers``; return the months they left or
        entered."""
        cr = self.env.cr
        scope = self._company_scope(company)
        cr.execute(
            SQL(
                "SELECT partner_id, month, user_id, team_id FROM %s"
                " WHERE company_id = %s AND partner_id = ANY(%s)",
                SQL.identifier(FIRST_TABLE),
                company,
                customers,
            )
        )
        before = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT partner_id, month, user_id, team_id FROM (%s) AS first_document",
                self._first_documents(scope, customers),
            )
        )
        after = {row[0]: row[1:] for row in cr.fetchall()}
        stale = set()
        for partner in set(before) | set(after):
            if before.get(partner) != after.get(partner):
                stale.update(row[0] for row in (before.get(partner), after.get(partner)) if row)
        cr.execute(
            SQL(
                "DELETE FROM %s WHERE company_id = %s AND partner_id = ANY(%s)",
                SQL.identifier(FIRST_TABLE),
                company,
                customers,
            )
        )
        if after:
            cr.execute(
                SQL(
                    "INSERT INTO %s (company_id, partner_id, month, user_id, team_id) VALUES %s",
                    SQL.identifier(FIRST_TABLE),
                    SQL(", ").join(
                        SQL("(%s, %s, %s, %s, %s)", company, partner, *values)
                        for partner, values in after.items()
                    ),
                )
            )
        return stale

    @api.model
    def _refresh_company(self, scope):
        """Recompute the stored rows of ``scope`` (a company, all or some of its months)."""
        cr = self.env.cr
        if scope["months"] is None:
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE company_id = %s",
                    SQL.identifier(FIRST_TABLE),
                    scope["company"],
                )
            )
            cr.execute(
                SQL(
                    "INSERT INTO %s (company_id, partner_id, month, user_id, team_id) %s",
                    SQL.identifier(FIRST_TABLE),
                    self._first_documents(scope),
                )
            )
        data = SQL.identifier(DATA_TABLE)
        cr.execute(
            SQL("DELETE FROM %s WHERE company_id = %s", data, scope["company"])
            if scope["months"] is None
            else SQL(
                "DELETE FROM %s WHERE company_id = %s AND date = ANY(%s)",
                data,
                scope["company"],
                scope["months"],
            )
        )
        measures = [SQL.identifier(name) for name in self._summed_measures()]
        keys = SQL(", ").join(SQL.identifier(name) for name in KEY_COLUMNS)
        # OdooBot (documents made by the system) is no salesperson: its figures join those
        # of the documents without one, stored with user_id NULL ("No Salesperson").
        source_keys = SQL(", ").join(
            SQL("NULLIF(source.user_id, %s)", SUPERUSER_ID)
            if name == "user_id"
            else SQL("source.%s", SQL.identifier(name))
            for name in KEY_COLUMNS
        )
        sums = SQL(", ").join(SQL("sum(%s) AS %s", name, name) for name in measures)
        cr.execute(
            SQL(
                """
                INSERT INTO %(data)s (%(keys)s, active_customer_count, %(measures)s)
                SELECT %(keys)s, count(customer_id), %(sums)s
                  FROM (
                        SELECT %(source_keys)s, customer_id, %(sums)s
                          FROM (%(sources)s) AS source
                         GROUP BY %(source_keys)s, customer_id
                  ) AS by_customer(%(keys)s, customer_id, %(measures)s)
                 GROUP BY %(keys)s
                HAVING count(customer_id) > 0 OR %(any_figure)s
                """,
                data=data,
                keys=keys,
                source_keys=source_keys,
                measures=SQL(", ").join(measures),
                sums=sums,
                sources=SQL(" UNION ALL ").join(self._sources(scope)),
                # a row whose every figure adds up to zero is not stored
                any_figure=SQL(" OR ").join(SQL("sum(%s) != 0", name) for name in measures),
            )
        )

    @api.model
    def _cron_refresh(self):
        """Scheduled refresh, for databases whose reports are read on a read-only replica."""
        self._refresh()

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        def output(name):
            if name in self._amount_measures():
                return "data.%s * account_currency_table.rate AS %s"
            if self._fields[name].type == "integer":
                return "data.%s::integer AS %s"
            return "data.%s::float8 AS %s"

        outputs = SQL(", ").join(
            SQL(output(name), SQL.identifier(name), SQL.identifier(name))
            for name in self._summed_measures()
        )
        return SQL(
            """
            SELECT data.id, data.company_id, data.user_id, data.team_id, data.date,
                   data.active_customer_count::integer AS active_customer_count, %s
              FROM %s data
              JOIN %s ON account_currency_table.company_id = data.company_id
            """,
            outputs,
            SQL.identifier(DATA_TABLE),
            self.env["res.currency"]._get_simple_currency_table(self.env.companies),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Bring the stored figures up to date before any read (not on read-only replicas).

        The refresh covers every company and salesperson: it runs as superuser.
        """
        if not self.env.cr.readonly:
            self.sudo()._refresh()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # ------------------------------------------------------------------
    # Exports
    # ------------------------------------------------------------------

    @api.model
    def _performance_domain(self, data):
        """Domain of an export's period (first-of-month ISO dates) and salesperson/team filters."""
        domain = [("date", ">=", data["date_from"]), ("date", "<=", data["date_to"])]
        if data.get("user_ids"):
            domain.append(("user_id", "in", data["user_ids"]))
        if data.get("team_ids"):
            domain.append(("team_id", "in", data["team_ids"]))
        return domain

    @api.model
    def _performance_rows(self, data, no_salesperson):
        """Workbook rows, one per salesperson, month, company and team, in one grouped read.

        Ordered by salesperson name (``user_key`` is the user id or ``False``,
        unassigned documents last), then month, company and team; ``salesperson``
        is the name, ``no_salesperson`` for unassigned documents. Rows hold the
        sums of the stored measures, numerators and denominators of the rates
        and averages included (see :meth:`_ratio_measures`).
        """
        fnames = self._stored_measures([fname for fname, _kind in self._measure_specs()])
        groups = self._read_group(
            self._performance_domain(data),
            ["user_id", "date:month", "company_id", "team_id"],
            [f"{fname}:sum" for fname in fnames],
        )
        rows = []
        for user, month, company, team, *values in groups:
            row = dict(zip(fnames, values, strict=True))
            row.update(
                user_key=user.id,
                salesperson=user.name or no_salesperson,
                month=month,
                company=company.name,
                team=team.name,
            )
            rows.append(row)
        rows.sort(
            key=lambda r: (
                not r["user_key"],
                r["salesperson"],
                r["user_key"],
                r["month"],
                r["company"],
                r["team"] or "",
            )
        )
        return rows

    def action_open_export(self):
        """List button: open the export form for this year."""
        return self.env["crm.customer.export"]._open_action({"report": "performance"})


def drop_storage(cr):
    """Drop the report's triggers, their functions and its tables (upgrade and uninstall)."""
    cr.execute(
        SQL(
            """
            SELECT DISTINCT event_object_table, trigger_name FROM information_schema.triggers
             WHERE trigger_name LIKE %s
            """,
            f"{TRIGGER_PREFIX}%",
        )
    )
    for table, trigger in cr.fetchall():
        cr.execute(
            SQL("DROP TRIGGER IF EXISTS %s ON %s", SQL.identifier(trigger), SQL.identifier(table))
        )
    cr.execute(
        SQL(
            "SELECT proname FROM pg_proc WHERE proname LIKE %s AND prorettype = 'trigger'::regtype",
            f"{TRIGGER_PREFIX}%",
        )
    )
    for (function,) in cr.fetchall():
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
    cr.execute(
        SQL(
            "DROP TABLE IF EXISTS %s",
            SQL(", ").join(
                SQL.identifier(table)
                for table in (
                    DATA_TABLE,
                    FIRST_TABLE,
                    DIRTY_MONTH_TABLE,
                    DIRTY_CUSTOMER_TABLE,
                    DIRTY_COMPANY_TABLE,
                    CLOCK_TABLE,
                )
            ),
        )
    )
