from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import SQL

from ..customer_insight.performance import ratio
from ..models.constants import COMPLAINT
from .crm_customer_performance_storage import DATA_TABLE, KEY_COLUMNS, PerformanceStorage

# Log entries counted per type: one measure per shipped type code, the rest in log_other_count.
LOG_TYPE_MEASURES = {
    "consultation": "log_consultation_count",
    COMPLAINT: "log_complaint_count",
    "contact": "log_contact_count",
    "service": "log_service_count",
    "feedback": "log_feedback_count",
}
# Kinds of measures summed from the sources, with the SQL type they are stored as.
SUMMED_KINDS = {"count": "bigint", "amount": "numeric", "number": "numeric"}


class Measure(NamedTuple):
    """One figure of the performance report, declared once.

    ``name`` is the report's field. ``kind``: ``count`` (an integer summed from
    the sources), ``amount`` (summed, in company currency, converted when read),
    ``number`` (a float summed), ``customers`` (the distinct customers served,
    counted by the storage) or ``ratio`` (``ratio`` = ``(numerator,
    denominator)``, two summed measures, divided when read). ``sources`` names
    the sources that select a summed measure (method ``_source_<name>``).
    ``xlsx`` is its column type in the PDF and the workbook
    (``customer_insight.xlsx.Column``: ``int``, ``currency``, ``percent``,
    ``number``), ``None`` when it is not printed.
    """

    name: str
    kind: str
    sources: tuple = ()
    xlsx: str | None = "int"
    ratio: tuple | None = None


def _counted(name, *sources, xlsx="int"):
    return Measure(name, "count", sources, xlsx)


# The figures, in the order the PDF and the workbook print them.
MEASURES = (
    _counted("new_customer_count", "new_customers"),
    _counted("lost_customer_count", "lost_customers"),
    Measure("active_customer_count", "customers"),
    _counted("order_count", "orders"),
    Measure("order_amount", "amount", ("orders",), "currency"),
    Measure("invoiced_amount", "amount", ("invoices", "invoice_rounding"), "currency"),
    Measure("collected_amount", "amount", ("payments",), "currency"),
    Measure("collection_rate", "ratio", (), "percent", ("collected_amount", "invoiced_amount")),
    _counted("visit_planned_count", "visits_planned"),
    _counted("visit_done_count", "visits_done"),
    _counted("visit_missed_count", "visits_planned"),
    _counted("visit_on_time_count", "visits_done"),
    _counted("visit_on_site_count", "visits_done", xlsx=None),
    Measure(
        "visit_on_time_rate", "ratio", (), "percent", ("visit_on_time_count", "visit_done_count")
    ),
    *(_counted(fname, "logs") for fname in LOG_TYPE_MEASURES.values()),
    _counted("log_other_count", "logs"),
    _counted("complaint_resolved_count", "complaints_resolved"),
    Measure("complaint_resolution_hours", "number", ("complaints_resolved",), None),
    Measure(
        "complaint_resolution_avg",
        "ratio",
        (),
        "number",
        ("complaint_resolution_hours", "complaint_resolved_count"),
    ),
    _counted("complaint_overdue_count", "complaints_overdue"),
    _counted("sla_met_count", "logs_sla"),
    _counted("sla_failed_count", "logs_sla"),
    _counted("satisfaction_sum", "visits_done", "logs", xlsx=None),
    _counted("satisfaction_count", "visits_done", "logs"),
    _counted("satisfaction_customer_count", "visits_done", "logs", xlsx=None),
    Measure("satisfaction_avg", "ratio", (), "number", ("satisfaction_sum", "satisfaction_count")),
    _counted("credit_hold_placed_count", "credit_events"),
    _counted("credit_hold_released_count", "credit_events"),
    _counted("credit_hold_rejected_count", "credit_events"),
)


class CrmCustomerPerformanceReport(models.Model):
    """Salesperson performance per company, salesperson, sales team and month.

    The figures come from one SQL aggregate over the business documents: each
    source (new customers, lost customers, confirmed orders, invoices,
    payments, visits, log entries, complaints) selects the key columns, the
    customer served and its own measures, with zeros for the measures of other
    sources; the rows are summed by customer, then by key.

    The aggregate is stored per company and month so that reading a year is
    instant on large databases: the storage engine
    (:class:`~.crm_customer_performance_storage.PerformanceStorage`) keeps it,
    with triggers on the source tables marking the months (and customers, for new
    customers) that a change touches (:meth:`_watches`) and figures that change
    by the mere passing of time (a complaint becoming overdue) marked by
    :meth:`_time_watches`; any read first recomputes those slices in the reading
    transaction, so the figures are always those of the documents.

    Each figure is declared once, in :meth:`_measures` (a :class:`Measure`):
    what it is (a summed count, amount or number, the distinct customers served,
    or a ratio of two summed measures), the sources that select it and how the
    PDF and the workbook print it. The lists of summed, amount and ratio measures
    and the SQL sources are derived from the declarations; the sources' SQL is in
    ``crm_customer_performance_sources.py``. Rates and averages are stored as
    their numerator and denominator and divided when shown.

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
    visit_on_site_count = fields.Integer(
        string="Visits Done on Site",
        readonly=True,
        help="Done visits checked in with the button within the company's radius of the "
        "customer's geolocated address; in the month of the check-in.",
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
    sla_met_count = fields.Integer(
        string="SLA Met",
        readonly=True,
        help="Log entries of the month (by log date) that met every SLA policy applied to them.",
    )
    sla_failed_count = fields.Integer(
        string="SLA Failed",
        readonly=True,
        help="Log entries of the month (by log date) that missed an SLA target.",
    )
    satisfaction_sum = fields.Integer(
        string="Satisfaction Points",
        readonly=True,
        help="Ratings (1 to 5 stars) of the visits done and the log entries of the month, added "
        "up; unrated ones count nothing. The customer's own rating counts when there is one, "
        "else the satisfaction staff entered. Divided by Satisfaction Ratings it gives the "
        "average.",
    )
    satisfaction_count = fields.Integer(
        string="Satisfaction Ratings",
        readonly=True,
        help="Rated visits done and rated log entries of the month, each counted once.",
    )
    satisfaction_customer_count = fields.Integer(
        string="Customer Ratings",
        readonly=True,
        help="Of the Satisfaction Ratings, those the customer gave (rating request e-mail); "
        "the others were entered by staff.",
    )
    credit_hold_placed_count = fields.Integer(
        string="Credit Holds Placed",
        readonly=True,
        help="Orders of the salesperson put on credit hold in the month, at confirmation or "
        "when their delivery was validated; an order held again after a rejection counts again.",
    )
    credit_hold_released_count = fields.Integer(
        string="Credit Holds Released",
        readonly=True,
        help="Credit holds on the salesperson's orders that a credit controller released in "
        "the month (the orders were confirmed).",
    )
    credit_hold_rejected_count = fields.Integer(
        string="Credit Holds Rejected",
        readonly=True,
        help="Credit holds on the salesperson's orders that a credit controller rejected in "
        "the month (the orders stayed quotations).",
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

    # The columns the sources read, by model; the storage's triggers watch those of
    # each table (see _watches) and res.company's (_company_settings).
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
            "check_in_position",
            "satisfaction",
            "customer_satisfaction",
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
            "customer_satisfaction",
            "sla_status",
        ],
        "crm.customer.log.type": ["code"],
        "crm.customer.credit.event": ["company_id", "user_id", "team_id", "date", "action"],
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
        "account.partial.reconcile": [
            "company_id",
            "debit_move_id",
            "credit_move_id",
            "amount",
            "max_date",
        ],
    }

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @api.depends(lambda self: [part for parts in self._ratio_measures().values() for part in parts])
    def _compute_ratios(self):
        ratios = self._ratio_measures()
        for row in self:
            for fname, (numerator, denominator) in ratios.items():
                row[fname] = ratio(row[numerator], row[denominator]) or 0.0

    # ------------------------------------------------------------------
    # Measures (extension point: extend _measures) and what derives from them
    # ------------------------------------------------------------------

    @api.model
    def _measures(self):
        """The figures of the report, in print order (:class:`Measure`); extend to add one."""
        return list(MEASURES)

    @api.model
    def _measure_kinds(self):
        """``{field: kind}`` of every measure."""
        return {measure.name: measure.kind for measure in self._measures()}

    @api.model
    def _summed_measures(self):
        """Measure columns every source selects and the report sums by key, in order."""
        return [m.name for m in self._measures() if m.kind in SUMMED_KINDS]

    @api.model
    def _amount_measures(self):
        """Summed measures that are amounts in company currency."""
        return [m.name for m in self._measures() if m.kind == "amount"]

    @api.model
    def _ratio_measures(self):
        """Rates and averages: ``{field: (numerator, denominator)}``, both summed measures.

        Their fields are computed per row; sums over several rows divide the summed
        numerator by the summed denominator (see :meth:`_stored_measures`).
        """
        return {m.name: m.ratio for m in self._measures() if m.kind == "ratio"}

    @api.model
    def _measure_specs(self):
        """``(field, column type)`` of the figures the PDF and the workbook show, in order.

        Types are those of ``customer_insight.xlsx.Column``: ``int``, ``currency``,
        ``percent`` (a rate) or ``number`` (an average); rates and averages are
        fields of :meth:`_ratio_measures`.
        """
        return [(m.name, m.xlsx) for m in self._measures() if m.xlsx]

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
        """The SELECTs whose rows make the report, restricted to ``scope``: one per source
        named by the measures (method ``_source_<name>``, see
        ``crm_customer_performance_sources.py``).

        ``scope`` is a dict: ``company`` (id), ``tz`` (the company's time zone) and
        ``months`` (first days of the months to compute, or ``None`` for all).
        """
        names = dict.fromkeys(name for m in self._measures() for name in m.sources)
        return [getattr(self, f"_source_{name}")(scope) for name in names]

    # ------------------------------------------------------------------
    # Storage (see crm_customer_performance_storage.py)
    # ------------------------------------------------------------------

    def init(self):
        """Indexes, storage tables and triggers, then every figure computed afresh."""
        PerformanceStorage(self).build()

    @api.model
    def _refresh(self):
        """Recompute the stored figures that changes since the last refresh made stale."""
        PerformanceStorage(self).refresh()

    @api.model
    def _cron_refresh(self):
        """Scheduled refresh, for databases whose reports are read on a read-only replica."""
        self._refresh()

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        kinds = self._measure_kinds()

        def output(name):
            kind = kinds[name]
            if kind == "amount":
                return "data.%s * account_currency_table.rate AS %s"
            if kind == "count":
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
