"""Storage engine of the salesperson performance report: the stored figures.

The report model (``crm_customer_performance_report.py``) declares the measures
and the SQL sources that compute them; this plain class keeps their sums per
company and month in ``DATA_TABLE`` up to date: it creates the covering indexes,
the storage tables and the statement-level triggers that mark the months (and
customers) a change of a source table makes stale, and recomputes the stale
slices before a read (:meth:`PerformanceStorage.refresh`). :func:`drop_storage`
removes it all (upgrade and uninstall). It is an engine beside the model, not a
model: it holds no records and is called by the report only.
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from odoo import SUPERUSER_ID, fields
from odoo.tools import SQL
from odoo.tools.sql import index_exists

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


class Watch(NamedTuple):
    """What a change of a source table makes stale, as statement-level triggers.

    After an insert, a delete or an update of one of ``columns`` of ``table``
    (``events`` among ``INSERT``, ``UPDATE``, ``DELETE``), ``touched(rows)`` is
    run on the rows before (deletes, updates) and after the change (inserts,
    updates), ``rows`` being the SQL of the transition table. It returns a
    SELECT (``SQL``) of ``company_id``, ``moment`` (a date, or a UTC datetime)
    and ``customer_id`` (a commercial partner, or NULL): the months around each
    moment become stale, and the first documents of each customer. ``touched``
    may be ``None`` when the trigger only runs its own SQL on updates.
    """

    table: str
    columns: list
    touched: object
    events: tuple


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
    (
        "crm_customer_perf_credit_event_idx",
        "crm_customer_credit_event",
        "company_id, date",
        "user_id, team_id, action",
        "",
    ),
]


class PerformanceStorage:
    """The stored figures of ``crm.customer.performance.report``.

    :param report: the report model (an empty recordset); its measures
        (``_summed_measures``), sources (``_sources``) and watches (``_watches``,
        ``_time_watches``, ``_company_settings``) say what to store and when it
        becomes stale.
    """

    def __init__(self, report):
        self.report = report
        self.env = report.env
        self.cr = report.env.cr

    def build(self):
        """Indexes, storage tables and triggers, then every figure computed afresh."""
        cr = self.cr
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
        kinds = self.report._measure_kinds()
        measures = SQL(", ").join(
            SQL(
                "%s %s NOT NULL DEFAULT 0",
                SQL.identifier(name),
                SQL("bigint" if kinds[name] == "count" else "numeric"),
            )
            for name in self.report._summed_measures()
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
                CREATE TABLE %(dirty_month)s (company_id integer, month date);
                CREATE TABLE %(dirty_customer)s (company_id integer, partner_id integer);
                CREATE TABLE %(dirty_company)s (company_id integer);
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
        for watch in self.report._watches():
            per_table[watch.table] += 1
            suffix = f"_{per_table[watch.table]}" if per_table[watch.table] > 1 else ""
            self.create_trigger(f"{TRIGGER_PREFIX}{watch.table}{suffix}", watch)
        # The time zone of a company's address sets the months of its orders.
        self.create_trigger(
            f"{TRIGGER_PREFIX}company_tz",
            Watch("res_partner", ["tz"], None, ("UPDATE",)),
            on_update=SQL(
                """INSERT INTO %s (company_id)
                   SELECT company.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                     JOIN res_company company ON company.partner_id = n.id
                    WHERE o.tz IS DISTINCT FROM n.tz;""",
                SQL.identifier(DIRTY_COMPANY_TABLE),
            ),
        )
        # Company settings the figures depend on.
        settings = self.report._company_settings()
        self.create_trigger(
            f"{TRIGGER_PREFIX}company_settings",
            Watch("res_company", settings, None, ("UPDATE",)),
            on_update=SQL(
                """INSERT INTO %s (company_id)
                   SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE (%s) IS DISTINCT FROM (%s);""",
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
        self.refresh()

    def mark_stale(self, changes):
        """SQL marking stale what ``changes`` (a SELECT of ``company_id``, ``moment`` and
        ``customer_id``, see :meth:`CrmCustomerPerformanceReport._watches`) touches: the
        months around each moment, whatever the time zone, and the first documents of each customer.

        The marks are only ever inserted, never updated, and may repeat: concurrent
        writers then never wait for nor conflict with each other, and a refresh deletes
        only the marks its snapshot sees, so a change committed after it began keeps
        its own mark for the next refresh.
        """
        return SQL(
            """
            INSERT INTO %(dirty_month)s (company_id, month)
            SELECT DISTINCT t.company_id, date_trunc('month', t.moment::timestamp + shift)::date
              FROM (%(changes)s) t,
                   (VALUES (interval '-14 hours'), (interval '14 hours')) AS around(shift)
             WHERE t.company_id IS NOT NULL AND t.moment IS NOT NULL;
            INSERT INTO %(dirty_customer)s (company_id, partner_id)
            SELECT DISTINCT t.company_id, t.customer_id::integer FROM (%(changes)s) t
             WHERE t.company_id IS NOT NULL AND t.customer_id IS NOT NULL;
            """,
            dirty_month=SQL.identifier(DIRTY_MONTH_TABLE),
            dirty_customer=SQL.identifier(DIRTY_CUSTOMER_TABLE),
            changes=changes,
        )

    def create_trigger(self, name, watch, on_update=None):
        """Statement-level triggers for ``watch``, a ``Watch`` of the report's ``_watches``.

        One PL/pgSQL function ``name`` and one trigger per event, each with its
        transition tables: a change of many rows costs one set-based insert.
        ``on_update`` is extra SQL for updates, with ``old_rows`` and ``new_rows``.
        """
        cr = self.cr
        table, columns, touched, events = watch

        def mark(rows):
            if not touched:
                return SQL("NULL;")
            return self.mark_stale(touched(rows))

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

    def company_scope(self, company_id, months=None, now=None):
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

    def take_dirty(self, table, columns):
        """Remove and return the distinct rows of a dirty table that this transaction sees."""
        self.cr.execute(
            SQL(
                "DELETE FROM %s RETURNING %s",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        return set(self.cr.fetchall())

    def refresh(self):
        """Recompute the stored figures that changes since the last refresh made stale.

        Runs in the current transaction, in three steps: companies to recompute
        entirely, customers whose first document may have moved (their old and
        new months become stale), then the stale months of each company. Months
        that the passing of time changed since the last refresh (see
        :meth:`CrmCustomerPerformanceReport._time_watches`) are stale too.
        """
        self.env.flush_all()
        cr = self.cr
        now = fields.Datetime.now()
        clock = SQL.identifier(CLOCK_TABLE)
        passed = SQL(" UNION ALL ").join(
            self.report._time_watches(SQL("(SELECT checked_at FROM %s)", clock), now)
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
        cr.execute(self.mark_stale(passed))
        cr.execute(SQL("UPDATE %s SET checked_at = GREATEST(checked_at, %s)", clock, now))
        whole = {company for (company,) in self.take_dirty(DIRTY_COMPANY_TABLE, ["company_id"])}
        customers = defaultdict(list)
        for company, partner in self.take_dirty(DIRTY_CUSTOMER_TABLE, ["company_id", "partner_id"]):
            customers[company].append(partner)
        months = defaultdict(set)
        for company, month in self.take_dirty(DIRTY_MONTH_TABLE, ["company_id", "month"]):
            months[company].add(month)
        for company in whole:
            self.refresh_company(self.company_scope(company, now=now))
        for company, partners in customers.items():
            if company not in whole:
                months[company] |= self.refreshfirst_documents(company, partners)
        for company, stale in months.items():
            if company not in whole and stale:
                self.refresh_company(self.company_scope(company, stale, now))
        self.report.invalidate_model()

    def refreshfirst_documents(self, company, customers):
        """Recompute the first documents of ``customers``; return the months they left or
        entered."""
        cr = self.cr
        scope = self.company_scope(company)
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
                self.first_documents(scope, customers),
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

    def refresh_company(self, scope):
        """Recompute the stored rows of ``scope`` (a company, all or some of its months)."""
        cr = self.cr
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
                    self.first_documents(scope),
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
        measures = [SQL.identifier(name) for name in self.report._summed_measures()]
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
                sources=SQL(" UNION ALL ").join(self.report._sources(scope)),
                # a row whose every figure adds up to zero is not stored
                any_figure=SQL(" OR ").join(SQL("sum(%s) != 0", name) for name in measures),
            )
        )

    def first_documents(self, scope, customers=None):
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
