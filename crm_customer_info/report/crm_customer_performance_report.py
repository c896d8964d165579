import pytz

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

# Every source selects these columns, in this order, then the summed measures.
KEY_COLUMNS = ("company_id", "user_id", "team_id", "date")
# Ids are the month number times this, plus the row's rank within its month.
MONTH_ID_FACTOR = 2**32
# Partial covering indexes: the report reads these documents from the index alone.
INDEXES = [
    (
        "crm_customer_perf_sale_order_idx",
        "sale_order",
        "company_id, partner_id, date_order, id",
        "user_id, team_id, amount_untaxed, currency_rate",
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
        "crm_customer_perf_aml_rounding_idx",
        "account_move_line",
        "move_id",
        "",
        "display_type = 'rounding'",
    ),
]


class CrmCustomerPerformanceReport(models.Model):
    """Salesperson performance per company, salesperson, sales team and month.

    Read-only, computed by one SQL query over the business documents: each
    source (new customers, confirmed orders, invoices, payments) selects the
    key columns, the customer served and its own measures, with zeros for the
    measures of other sources; the rows are then summed by customer and by key.
    A feature adds a measure by adding a field, its name in
    :meth:`_summed_measures` and a source in :meth:`_sources`.

    Amounts are in company currency, converted into the current company's
    currency like Odoo's Sales and Invoicing analyses do; months of order dates
    follow the user's time zone, as the grouping of Sales analysis does.
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
        "res.partner": ["commercial_partner_id"],
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

    def init(self):
        for name, table, columns, include, where in INDEXES:
            if not index_exists(self.env.cr, name):
                self.env.cr.execute(
                    SQL(
                        "CREATE INDEX %s ON %s (%s)%s WHERE %s",
                        SQL.identifier(name),
                        SQL.identifier(table),
                        SQL(columns),
                        SQL(" INCLUDE (%s)", SQL(include)) if include else SQL(),
                        SQL(where),
                    )
                )

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    # ------------------------------------------------------------------
    # Measures and sources
    # ------------------------------------------------------------------

    @api.model
    def _summed_measures(self):
        """Measure columns every source selects and the report sums by key, in order."""
        return [
            "new_customer_count",
            "order_count",
            "order_amount",
            "invoiced_amount",
            "collected_amount",
        ]

    @api.model
    def _amount_measures(self):
        """Summed measures that are amounts in company currency."""
        return ["order_amount", "invoiced_amount", "collected_amount"]

    @api.model
    def _measure_specs(self):
        """``(field, column type)`` of the figures the PDF and the workbook show, in order.

        Types are those of ``customer_insight.xlsx.Column``: ``int`` or ``currency``.
        """
        return [
            ("new_customer_count", "int"),
            ("active_customer_count", "int"),
            ("order_count", "int"),
            ("order_amount", "currency"),
            ("invoiced_amount", "currency"),
            ("collected_amount", "currency"),
        ]

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
    def _sources(self):
        """The SELECTs whose rows the report sums; extend to add measures."""
        return [
            self._source_new_customers(),
            self._source_orders(),
            self._source_invoices(),
            self._source_invoice_rounding(),
            self._source_payments(),
        ]

    @api.model
    def _timezone(self):
        """The time zone months of datetimes are taken in: the user's, as grouped reads do."""
        tz = self.env.context.get("tz")
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _local_date(self, column):
        """SQL date of a UTC timestamp column in :meth:`_timezone`."""
        return SQL("timezone(%s, timezone('UTC', %s))::date", self._timezone(), column)

    @api.model
    def _month(self, day):
        return SQL("date_trunc('month', %s)::date", day)

    @api.model
    def _order_amount(self, order):
        """Untaxed order amount in company currency, converted as ``sale.report`` does."""
        return SQL(
            "%(order)s.amount_untaxed / CASE COALESCE(%(order)s.currency_rate, 0)"
            " WHEN 0 THEN 1.0 ELSE %(order)s.currency_rate END",
            order=SQL.identifier(order),
        )

    @api.model
    def _source_new_customers(self):
        """First confirmed order or first posted invoice of each customer in each company.

        The first order of each (company, ordering partner) comes from one ordered
        index scan; contacts are then folded into their commercial partner and
        compared with the first invoice. On the same day the order comes first.
        """
        first_documents = SQL(
            """
            (SELECT DISTINCT ON (doc.company_id, doc.partner_id)
                    doc.company_id, doc.user_id, doc.team_id, doc.day
               FROM (
                    SELECT o.company_id, partner.commercial_partner_id AS partner_id,
                           o.user_id, o.team_id, %(order_day)s AS day, 0 AS kind,
                           o.date_order AS stamp, o.id
                      FROM (SELECT DISTINCT ON (company_id, partner_id)
                                   company_id, partner_id, user_id, team_id, date_order, id
                              FROM sale_order
                             WHERE state = 'sale'
                             ORDER BY company_id, partner_id, date_order, id) AS o
                      JOIN res_partner partner ON partner.id = o.partner_id
                    UNION ALL
                   (SELECT DISTINCT ON (company_id, commercial_partner_id)
                           company_id, commercial_partner_id, invoice_user_id, team_id,
                           invoice_date, 1, NULL::timestamp, id
                      FROM account_move
                     WHERE state = 'posted' AND move_type = 'out_invoice'
                     ORDER BY company_id, commercial_partner_id, invoice_date, id)
               ) AS doc
              ORDER BY doc.company_id, doc.partner_id, doc.day, doc.kind, doc.stamp, doc.id
            ) AS first_document
            """,
            order_day=self._local_date(SQL("o.date_order")),
        )
        return self._source(
            keys={
                "company_id": SQL("first_document.company_id"),
                "user_id": SQL("first_document.user_id"),
                "team_id": SQL("first_document.team_id"),
                "date": self._month(SQL("first_document.day")),
            },
            measures={"new_customer_count": SQL("1")},
            from_clause=first_documents,
        )

    @api.model
    def _source_orders(self):
        return self._source(
            keys={
                "company_id": SQL("so.company_id"),
                "user_id": SQL("so.user_id"),
                "team_id": SQL("so.team_id"),
                "date": self._month(self._local_date(SQL("so.date_order"))),
            },
            customer=SQL("partner.commercial_partner_id"),
            measures={"order_count": SQL("1"), "order_amount": self._order_amount("so")},
            from_clause=SQL("sale_order so JOIN res_partner partner ON partner.id = so.partner_id"),
            where=SQL("so.state = 'sale'"),
        )

    @api.model
    def _invoice_keys(self, move):
        alias = SQL.identifier(move)
        return {
            "company_id": SQL("%s.company_id", alias),
            "user_id": SQL("%s.invoice_user_id", alias),
            "team_id": SQL("%s.team_id", alias),
            "date": self._month(SQL("%s.invoice_date", alias)),
        }

    @api.model
    def _source_invoices(self):
        """Posted customer invoices (serving their customer) and credit notes, untaxed."""
        return self._source(
            keys=self._invoice_keys("move"),
            customer=SQL(
                "CASE WHEN move.move_type = 'out_invoice' THEN move.commercial_partner_id END"
            ),
            measures={"invoiced_amount": SQL("move.amount_untaxed_signed")},
            from_clause=SQL("account_move move"),
            where=SQL("move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')"),
        )

    @api.model
    def _source_invoice_rounding(self):
        """Take cash-rounding lines out again: Invoice analysis counts product lines only."""
        return self._source(
            keys=self._invoice_keys("move"),
            measures={"invoiced_amount": SQL("line.balance")},
            from_clause=SQL(
                "account_move_line line JOIN account_move move ON move.id = line.move_id"
            ),
            where=SQL(
                "line.display_type = 'rounding' AND line.tax_repartition_line_id IS NULL"
                " AND line.parent_state = 'posted'"
                " AND move.move_type IN ('out_invoice', 'out_refund')"
            ),
        )

    @api.model
    def _source_payments(self):
        """Payments and bank statement lines reconciled with posted customer invoices."""
        return self._source(
            keys={**self._invoice_keys("invoice"), "date": self._month(SQL("apr.max_date"))},
            measures={"collected_amount": SQL("apr.amount")},
            from_clause=SQL(
                """account_partial_reconcile apr
                   JOIN account_move_line receivable ON receivable.id = apr.debit_move_id
                   JOIN account_move invoice ON invoice.id = receivable.move_id
                   JOIN account_move_line payment ON payment.id = apr.credit_move_id"""
            ),
            where=SQL(
                "invoice.move_type = 'out_invoice' AND invoice.state = 'posted'"
                " AND (payment.payment_id IS NOT NULL OR payment.statement_line_id IS NOT NULL)"
            ),
        )

    # ------------------------------------------------------------------
    # The query
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        measures = self._summed_measures()
        amounts = set(self._amount_measures())
        keys = SQL(", ").join(SQL.identifier(name) for name in KEY_COLUMNS)
        by_customer = SQL(", ").join(
            SQL("sum(%s) AS %s", SQL.identifier(name), SQL.identifier(name)) for name in measures
        )
        outputs = [
            SQL(
                "r.%s * account_currency_table.rate AS %s"
                if name in amounts
                else "r.%s::integer AS %s"
                if self._fields[name].type == "integer"
                else "r.%s AS %s",
                SQL.identifier(name),
                SQL.identifier(name),
            )
            for name in measures
        ]
        currency_table = self.env["res.currency"]._get_simple_currency_table(self.env.companies)
        # Ids number the rows of each month in key order, before the rows of
        # companies out of reach are dropped: the same row keeps its id whatever
        # companies are selected, and quals on the month still reach the sources.
        return SQL(
            """
            SELECT r.id, r.company_id, r.user_id, r.team_id, r.date,
                   r.active_customer_count, %(outputs)s
              FROM (
                    SELECT (EXTRACT(YEAR FROM date)::bigint * 12 + EXTRACT(MONTH FROM date)::bigint)
                               * %(factor)s
                           + row_number() OVER (
                               PARTITION BY date ORDER BY company_id, user_id, team_id
                           ) AS id,
                           %(keys)s, count(customer_id) AS active_customer_count,
                           %(by_customer)s
                      FROM (
                            SELECT %(keys)s, customer_id, %(by_customer)s
                              FROM (%(sources)s) AS source
                             GROUP BY %(keys)s, customer_id
                      ) AS by_customer
                     GROUP BY %(keys)s
              ) AS r
              JOIN %(currency_table)s ON account_currency_table.company_id = r.company_id
            """,
            factor=MONTH_ID_FACTOR,
            outputs=SQL(", ").join(outputs),
            keys=keys,
            by_customer=by_customer,
            sources=SQL(" UNION ALL ").join(self._sources()),
            currency_table=currency_table,
        )

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
        is the name, ``no_salesperson`` for unassigned documents.
        """
        fnames = [fname for fname, _kind in self._measure_specs()]
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
                collection_rate=row["collected_amount"] / row["invoiced_amount"]
                if row["invoiced_amount"]
                else None,
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
