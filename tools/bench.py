"""`make bench`: time one classification run of every customer on big synthetic databases.

    python3 tools/bench.py                 # sizes S and L, databases reused when present
    python3 tools/bench.py --sizes S       # one size
    python3 tools/bench.py --rebuild       # generate the databases again
    python3 tools/bench.py --readme        # also write the table into README.md
    python3 tools/bench.py --prefix my_bench  # databases my_bench_s, my_bench_l

Each size has its own database, ``crm_customer_info_bench_<size>``, copied from a
template database with the addon installed (no demo data) and filled with bulk
``INSERT ... SELECT generate_series`` statements: customers (some with a contact
person who places orders), confirmed sale orders (some in EUR), posted invoices
and refunds with their receivable lines, and payments reconciled with most
invoices (some late, some partial), salespeople (users spread over the sales
teams, each with its share of the customers, orders and invoices), customer
visits (planned, done on time or late, missed, cancelled, some rated) and log
entries of every type (complaints with response deadlines, resolved late or
still open). Only the rows and columns the reports read are written, but valid
enough for Odoo's ORM to read them. The databases are kept for later runs (and
for other benchmarks); the table ``bench_customer`` maps customer numbers 1..N
to partners and salespeople, and ``bench_step`` records the generators that
ran: a generator added later runs on the existing databases at the next
``make bench`` (after the addon's update, which creates the tables it fills).

For each size it first times ``action_confirm`` of 1,000 quotations of bench
customers with the credit check off and on (every credit rule enabled, thresholds no
customer breaks; rolled back; ``--only-confirm`` stops there). Then it reports, from
fresh processes: the classification run of all
customers as the nightly cron does it (wall time, SQL queries, peak memory of the
process), and the floor measured on the same database: the bare SQL reading the
same aggregates plus one bulk upsert of as many result rows. On size S it also
times the naive approach (per-customer ORM sums over ``sale_order_ids`` and
``invoice_ids`` and one write per customer) on its 2,000 customers. It times the
install hook on a copy of the database cleared of customer numbers, levels and
classification rows (as a database with history is when the addon's install
reaches its hook): numbering every customer in the order of its first document,
then the first classification run. Then it
times the salesperson performance report of last year on each database
(``tools/bench_reporting.py``: the pivot's default grouping and the workbook).
Last, the core flows with and without the addon (``tools/bench_core.py``:
confirming ``--core-n`` sale orders, posting their invoices, registering their
payments, and the query counts of one confirmation and one posting).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass

import bench_core
import odoo_env
import pgcluster

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
TEMPLATE = f"{ADDON}_bench_template"
README = os.path.join(REPO, "README.md")
NAIVE_CUSTOMERS = 2_000


@dataclass(frozen=True)
class Size:
    key: str
    customers: int
    orders: int
    invoices: int
    salespeople: int
    visits: int
    logs: int

    def database(self, prefix=f"{ADDON}_bench"):
        """The size's database: ``<prefix>_<size>``."""
        return f"{prefix}_{self.key.lower()}"


SIZES = {
    "S": Size(
        "S",
        customers=2_000,
        orders=20_000,
        invoices=20_000,
        salespeople=10,
        visits=4_000,
        logs=4_000,
    ),
    "L": Size(
        "L",
        customers=100_000,
        orders=1_000_000,
        invoices=1_000_000,
        salespeople=100,
        visits=200_000,
        logs=200_000,
    ),
}


# ----------------------------------------------------------------------------
# Generation: one function per table family, in order. Later benchmarks append
# their own (visits, logs...) to GENERATORS.
# ----------------------------------------------------------------------------


def _context(cur):
    """Ids the generated rows refer to: company, currencies, journals, receivable account."""
    cur.execute("SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1")
    company, currency = cur.fetchone()
    cur.execute("UPDATE res_currency SET active = TRUE WHERE name = 'EUR' RETURNING id")
    eur = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO res_currency_rate (name, rate, currency_id, company_id, create_date,"
        " write_date) VALUES ('2000-01-01', 2.0, %s, %s, now(), now()) ON CONFLICT DO NOTHING",
        (eur, company),
    )
    journals = {}
    for kind in ("sale", "bank"):
        cur.execute(
            "SELECT id FROM account_journal WHERE type = %s AND company_id = %s"
            " ORDER BY id LIMIT 1",
            (kind, company),
        )
        journals[kind] = cur.fetchone()[0]
    cur.execute(
        "SELECT a.id FROM account_account a"
        " JOIN account_account_res_company_rel r ON r.account_account_id = a.id"
        " WHERE a.account_type = 'asset_receivable' AND r.res_company_id = %s"
        " ORDER BY a.id LIMIT 1",
        (company,),
    )
    receivable = cur.fetchone()[0]
    return {
        "company": company,
        "company_key": str(company),
        "currency": currency,
        "eur": eur,
        "sale_journal": journals["sale"],
        "bank_journal": journals["bank"],
        "receivable": receivable,
    }


def generate_customers(cur, size, ctx):
    """Customers (companies) numbered in the company, every tenth with a contact person."""
    cur.execute(
        "CREATE TABLE bench_customer (idx int PRIMARY KEY, partner_id int NOT NULL, contact_id int)"
    )
    cur.execute(
        """
        WITH new AS (
            INSERT INTO res_partner (name, complete_name, ref, active, is_company, type,
                                     customer_rank, supplier_rank, autopost_bills, lang,
                                     customer_number, create_uid, write_uid, create_date,
                                     write_date)
            SELECT 'Bench Customer ' || i, 'Bench Customer ' || i, 'BENCH-' || i, TRUE, TRUE,
                   'contact', 1, 0, 'ask', 'en_US',
                   jsonb_build_object(%(company_key)s, 'B' || lpad(i::text, 7, '0')),
                   1, 1, now(), now()
              FROM generate_series(1, %(count)s) AS i
            RETURNING id, ref
        )
        INSERT INTO bench_customer (idx, partner_id)
        SELECT substr(ref, 7)::int, id FROM new
        """,
        {**ctx, "count": size.customers},
    )
    cur.execute(
        "UPDATE res_partner p SET commercial_partner_id = p.id"
        " FROM bench_customer c WHERE c.partner_id = p.id"
    )
    cur.execute(
        """
        WITH new AS (
            INSERT INTO res_partner (name, complete_name, ref, active, is_company, type,
                                     parent_id, commercial_partner_id, customer_rank,
                                     supplier_rank, autopost_bills, lang,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Buyer ' || c.idx, 'Bench Customer ' || c.idx || ', Buyer ' || c.idx,
                   'BENCH-C-' || c.idx, TRUE, FALSE, 'contact', c.partner_id, c.partner_id,
                   0, 0, 'ask', 'en_US', 1, 1, now(), now()
              FROM bench_customer c WHERE c.idx %% 10 = 0
            RETURNING id, ref
        )
        UPDATE bench_customer c SET contact_id = new.id
          FROM new WHERE c.idx = substr(new.ref, 9)::int
        """,
        ctx,
    )


# A customer number 1..N drawn with a skew: low numbers buy much more (Pareto-like).
_SKEWED_CUSTOMER = "1 + floor(%(customers)s * power(random(), 2))::int"


def generate_orders(cur, size, ctx):
    """Confirmed sale orders over the last two years; 5 % in EUR, 30 % of a contact's orders."""
    cur.execute(
        f"""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, state, date_order, amount_untaxed, amount_tax,
                                amount_total, currency_id, currency_rate, picking_policy,
                                create_uid, write_uid, create_date, write_date)
        SELECT 'BS' || lpad(s.g::text, 8, '0'),
               CASE WHEN c.contact_id IS NOT NULL AND s.r2 < 0.3 THEN c.contact_id
                    ELSE c.partner_id END,
               c.partner_id, c.partner_id, %(company)s, 'sale', s.day, s.amount, 0, s.amount,
               CASE WHEN s.r1 < 0.05 THEN %(eur)s ELSE %(currency)s END,
               CASE WHEN s.r1 < 0.05 THEN 2.0 ELSE 1.0 END,
               'direct', 1, 1, s.day, s.day
          FROM (SELECT g, {_SKEWED_CUSTOMER} AS idx, random() AS r1, random() AS r2,
                       now() - random() * interval '730 days' AS day,
                       round((20 + 2000 * power(random(), 3))::numeric, 2) AS amount
                  FROM generate_series(1, %(orders)s) AS g) s
          JOIN bench_customer c ON c.idx = s.idx
        """,
        {**ctx, "customers": size.customers, "orders": size.orders},
    )


def generate_invoices(cur, size, ctx):
    """Posted invoices (5 % refunds, 5 % in EUR), due in 30 days, each with its receivable line."""
    cur.execute(
        f"""
        WITH src AS (
            SELECT g, c.partner_id, (current_date - floor(random() * 730)::int) AS day,
                   random() < 0.05 AS refund, random() < 0.05 AS eur,
                   round((20 + 2000 * power(random(), 3))::numeric, 2) AS amount
              FROM (SELECT g, {_SKEWED_CUSTOMER} AS idx
                      FROM generate_series(1, %(invoices)s) AS g) s
              JOIN bench_customer c ON c.idx = s.idx
        ), moves AS (
            INSERT INTO account_move (name, ref, move_type, state, journal_id, company_id,
                                      currency_id, partner_id, commercial_partner_id, date,
                                      invoice_date, invoice_date_due, amount_untaxed, amount_tax,
                                      amount_total, amount_residual, amount_untaxed_signed,
                                      amount_untaxed_in_currency_signed, amount_total_signed,
                                      amount_total_in_currency_signed, amount_residual_signed,
                                      payment_state, auto_post, create_uid, write_uid,
                                      create_date, write_date)
            SELECT CASE WHEN refund THEN 'BRINV/' ELSE 'BINV/' END || lpad(g::text, 8, '0'),
                   'BENCH', CASE WHEN refund THEN 'out_refund' ELSE 'out_invoice' END, 'posted',
                   %(sale_journal)s, %(company)s,
                   CASE WHEN eur THEN %(eur)s ELSE %(currency)s END, partner_id, partner_id,
                   day, day, day + 30, amount, 0, amount, amount,
                   sign * amount / rate, sign * amount, sign * amount / rate, sign * amount,
                   sign * amount / rate, 'not_paid', 'no', 1, 1, day, day
              FROM (SELECT *, CASE WHEN refund THEN -1 ELSE 1 END AS sign,
                           CASE WHEN eur THEN 2.0 ELSE 1.0 END AS rate FROM src) v
            RETURNING id, journal_id, company_id, currency_id, partner_id, date,
                      invoice_date_due, amount_total_signed, amount_total_in_currency_signed
        )
        INSERT INTO account_move_line (move_id, journal_id, company_id, company_currency_id,
                                       currency_id, account_id, partner_id, name, display_type,
                                       date, date_maturity, parent_state, debit, credit, balance,
                                       amount_currency, amount_residual,
                                       amount_residual_currency, reconciled, create_uid,
                                       write_uid, create_date, write_date)
        SELECT id, journal_id, company_id, %(currency)s, currency_id, %(receivable)s, partner_id,
               'BENCH', 'payment_term', date, invoice_date_due, 'posted',
               GREATEST(amount_total_signed, 0), GREATEST(-amount_total_signed, 0),
               amount_total_signed, amount_total_in_currency_signed, amount_total_signed,
               amount_total_in_currency_signed, FALSE, 1, 1, date, date
          FROM moves
        """,
        {**ctx, "customers": size.customers, "invoices": size.invoices},
    )


def generate_payments(cur, size, ctx):
    """Payments reconciled with 85 % of the invoices due: mostly on time, some late or partial.

    Every seventh customer pays late by habit. A payment is a bank-journal move
    with a receivable credit line, matched to the invoice line by a partial
    reconciliation; the invoices' residual amounts and payment states follow.
    """
    cur.execute(
        """
        CREATE TEMP TABLE bench_pay AS
        SELECT l.id AS line_id, l.partner_id, l.currency_id,
               LEAST(current_date, l.date_maturity + x.late) AS day,
               CASE WHEN x.r < 0.1 THEN round(l.balance / 2, 2) ELSE l.balance END AS amount,
               CASE WHEN x.r < 0.1 THEN round(l.amount_currency / 2, 2)
                    ELSE l.amount_currency END AS amount_currency
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id AND m.move_type = 'out_invoice'
          JOIN bench_customer c ON c.partner_id = l.partner_id
          CROSS JOIN LATERAL (
              SELECT random() AS r, random() AS pick,
                     floor(CASE WHEN c.idx %% 7 = 0 THEN 90 * random()
                                ELSE 20 * power(random(), 3) - 5 END)::int AS late
          ) x
         WHERE l.name = 'BENCH' AND l.date_maturity + x.late <= current_date AND x.pick < 0.85
        """,
        ctx,
    )
    cur.execute(
        "CREATE TEMP TABLE bench_pay_move (line_id int PRIMARY KEY, move_id int, pay_line_id int)"
    )
    cur.execute(
        """
        WITH moves AS (
            INSERT INTO account_move (name, ref, move_type, state, journal_id, company_id,
                                      currency_id, partner_id, commercial_partner_id, date,
                                      amount_total, amount_total_signed, auto_post,
                                      create_uid, write_uid, create_date, write_date)
            SELECT 'BPAY/' || lpad(line_id::text, 9, '0'), 'BENCH-PAY-' || line_id, 'entry',
                   'posted', %(bank_journal)s, %(company)s, currency_id, partner_id, partner_id,
                   day, amount, amount, 'no', 1, 1, day, day
              FROM bench_pay
            RETURNING id, ref
        )
        INSERT INTO bench_pay_move (line_id, move_id) SELECT substr(ref, 11)::int, id FROM moves
        """,
        ctx,
    )
    cur.execute(
        """
        WITH lines AS (
            INSERT INTO account_move_line (move_id, journal_id, company_id, company_currency_id,
                                           currency_id, account_id, partner_id, name,
                                           display_type, date, date_maturity, parent_state, debit,
                                           credit, balance, amount_currency, amount_residual,
                                           amount_residual_currency, reconciled, create_uid,
                                           write_uid, create_date, write_date)
            SELECT pm.move_id, %(bank_journal)s, %(company)s, %(currency)s, p.currency_id,
                   %(receivable)s, p.partner_id, 'BENCH-PAY', 'payment_term', p.day, p.day,
                   'posted', 0, p.amount, -p.amount, -p.amount_currency, 0, 0, TRUE, 1, 1,
                   p.day, p.day
              FROM bench_pay p JOIN bench_pay_move pm ON pm.line_id = p.line_id
            RETURNING id, move_id
        )
        UPDATE bench_pay_move pm SET pay_line_id = lines.id FROM lines
         WHERE lines.move_id = pm.move_id
        """,
        ctx,
    )
    cur.execute(
        """
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                               debit_amount_currency, credit_amount_currency,
                                               debit_currency_id, credit_currency_id,
                                               company_id, max_date, create_uid, write_uid,
                                               create_date, write_date)
        SELECT p.line_id, pm.pay_line_id, p.amount, p.amount_currency, p.amount_currency,
               p.currency_id, p.currency_id, %(company)s, p.day, 1, 1, p.day, p.day
          FROM bench_pay p JOIN bench_pay_move pm ON pm.line_id = p.line_id
        """,
        ctx,
    )
    cur.execute(
        """
        UPDATE account_move_line l
           SET amount_residual = l.balance - p.amount,
               amount_residual_currency = l.amount_currency - p.amount_currency,
               reconciled = l.balance = p.amount
          FROM bench_pay p WHERE p.line_id = l.id
        """
    )
    cur.execute(
        """
        UPDATE account_move m
           SET amount_residual = l.amount_residual_currency,
               amount_residual_signed = l.amount_residual,
               payment_state = CASE WHEN l.reconciled THEN 'paid' ELSE 'partial' END
          FROM account_move_line l JOIN bench_pay p ON p.line_id = l.id
         WHERE m.id = l.move_id
        """
    )


def generate_salespeople(cur, size, ctx):
    """Salespeople (users of the addon's User group) spread over the company's sales teams.

    Customer ``i`` belongs to salesperson ``1 + i mod N`` and to that salesperson's
    team: the customer, its contact, its orders and its invoices and refunds.
    """
    cur.execute("CREATE TABLE bench_salesperson (n int PRIMARY KEY, user_id int, team_id int)")
    cur.execute(
        """
        WITH partners AS (
            INSERT INTO res_partner (name, complete_name, ref, email, active, is_company, type,
                                     customer_rank, supplier_rank, autopost_bills, lang,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Salesperson ' || n, 'Bench Salesperson ' || n, 'BENCH-S-' || n,
                   'bench.salesperson.' || n || '@example.com', TRUE, FALSE, 'contact', 0, 0,
                   'ask', 'en_US', 1, 1, now(), now()
              FROM generate_series(1, %(salespeople)s) AS n
            RETURNING id, ref
        ), users AS (
            INSERT INTO res_users (login, partner_id, company_id, active, share,
                                   notification_type, create_uid, write_uid, create_date,
                                   write_date)
            SELECT 'bench.salesperson.' || substr(ref, 9), id, %(company)s, TRUE, FALSE,
                   'email', 1, 1, now(), now()
              FROM partners
            RETURNING id, login
        )
        INSERT INTO bench_salesperson (n, user_id, team_id)
        SELECT substr(u.login, 19)::int, u.id, t.id
          FROM users u
          JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k,
                       count(*) OVER () AS teams
                  FROM crm_team WHERE active AND (company_id IS NULL OR company_id = %(company)s)
               ) t ON t.k = substr(u.login, 19)::int %% t.teams
        """,
        {**ctx, "salespeople": size.salespeople},
    )
    cur.execute(
        "UPDATE res_partner p SET commercial_partner_id = p.id"
        " FROM res_users u JOIN bench_salesperson s ON s.user_id = u.id WHERE p.id = u.partner_id"
    )
    cur.execute(
        "INSERT INTO res_company_users_rel (cid, user_id)"
        " SELECT %(company)s, user_id FROM bench_salesperson",
        ctx,
    )
    # The User group and every group it implies, as the ORM would grant them.
    cur.execute(
        """
        WITH RECURSIVE granted(gid) AS (
            SELECT res_id FROM ir_model_data
             WHERE module = %(addon)s AND name = 'group_crm_customer_user'
            UNION
            SELECT r.hid FROM res_groups_implied_rel r JOIN granted g ON g.gid = r.gid
        )
        INSERT INTO res_groups_users_rel (gid, uid)
        SELECT g.gid, s.user_id FROM granted g CROSS JOIN bench_salesperson s
        """,
        {"addon": ADDON},
    )
    cur.execute(
        "INSERT INTO crm_team_member (crm_team_id, user_id, active, create_uid, write_uid,"
        " create_date, write_date) SELECT team_id, user_id, TRUE, 1, 1, now(), now()"
        " FROM bench_salesperson"
    )
    cur.execute(
        "UPDATE res_users u SET sale_team_id = s.team_id"
        " FROM bench_salesperson s WHERE s.user_id = u.id"
    )
    cur.execute("ALTER TABLE bench_customer ADD COLUMN user_id int, ADD COLUMN team_id int")
    cur.execute(
        "UPDATE bench_customer c SET user_id = s.user_id, team_id = s.team_id"
        " FROM bench_salesperson s WHERE s.n = 1 + c.idx %% %(salespeople)s",
        {"salespeople": size.salespeople},
    )
    cur.execute(
        "UPDATE res_partner p SET user_id = c.user_id, team_id = c.team_id"
        " FROM bench_customer c WHERE p.id IN (c.partner_id, c.contact_id)"
    )
    cur.execute(
        "UPDATE sale_order o SET user_id = c.user_id, team_id = c.team_id"
        " FROM bench_customer c WHERE o.partner_invoice_id = c.partner_id"
    )
    cur.execute(
        "UPDATE account_move m SET invoice_user_id = c.user_id, team_id = c.team_id"
        " FROM bench_customer c WHERE m.commercial_partner_id = c.partner_id"
        " AND m.move_type IN ('out_invoice', 'out_refund')"
    )


# A visit's or log entry's moment: any working hour (UTC) of the last two years.
_PAST_MOMENT = (
    "date_trunc('hour', now()) - floor(random() * 730) * interval '1 day'"
    " - floor(random() * 9) * interval '1 hour'"
)
# A rating of 1 to 5 stars (mostly 4 and 5) from a random number in [0, 1).
_RATING = "(ARRAY['1', '2', '3', '3', '4', '4', '4', '5', '5', '5'])[1 + floor({} * 10)::int]"


def generate_visits(cur, size, ctx):
    """Customer visits of the last two years and the next month, by the customer's salesperson.

    Customers who buy more are visited more. Past visits: 80 % done (two thirds
    of them rated, one in ten checked in a day late or more), 12 % missed, 8 %
    cancelled; visits to come (one in 25) are planned.
    """
    rating = _RATING.format("(v.r4 / 0.67)")
    cur.execute(
        f"""
        INSERT INTO crm_customer_visit (name, partner_id, user_id, team_id, company_id, method,
                                        state, start, duration, stop, visit_date, check_in,
                                        check_out, actual_duration, satisfaction, create_uid,
                                        write_uid, create_date, write_date)
        SELECT 'BVIS/' || lpad(v.g::text, 8, '0'), c.partner_id, c.user_id, c.team_id,
               %(company)s, v.method, v.state, v.start, 1.0, v.start + interval '1 hour',
               COALESCE(v.check_in, v.start)::date, v.check_in, v.check_in + interval '1 hour',
               CASE WHEN v.check_in IS NULL THEN 0 ELSE 1 END,
               CASE WHEN v.state = 'done' AND v.r4 < 0.67 THEN {rating} ELSE '0' END,
               1, 1, v.start - interval '7 days', COALESCE(v.check_in, v.start)
          FROM (SELECT s.*,
                       CASE WHEN s.state = 'done' THEN LEAST(now(), s.start + CASE
                            WHEN s.r2 < 0.1 THEN (1 + floor(s.r2 * 100)) * interval '1 day'
                            ELSE floor(s.r2 * 60) * interval '1 minute' END)
                       END AS check_in
                  FROM (SELECT g, idx, r2, r3, r4, start,
                               (ARRAY['on_site', 'on_site', 'phone', 'video', 'premises'])
                                   [1 + floor(r3 * 5)::int] AS method,
                               CASE WHEN start > now() THEN 'planned'
                                    WHEN r1 < 0.8 THEN 'done'
                                    WHEN r1 < 0.92 THEN 'missed'
                                    ELSE 'cancelled' END AS state
                          FROM (SELECT g, {_SKEWED_CUSTOMER} AS idx, random() AS r1,
                                       random() AS r2, random() AS r3, random() AS r4,
                                       CASE WHEN g %% 25 = 0
                                            THEN date_trunc('hour', now())
                                                 + (1 + floor(random() * 30)) * interval '1 day'
                                            ELSE {_PAST_MOMENT} END AS start
                                  FROM generate_series(1, %(visits)s) AS g) r
                       ) s
               ) v
          JOIN bench_customer c ON c.idx = v.idx
        """,
        {**ctx, "visits": size.visits, "customers": size.customers},
    )


def generate_logs(cur, size, ctx):
    """Log entries of every type over the last two years, by the customer's salesperson.

    Types: 30 % consultations, 20 % complaints, 25 % contacts, 15 % services, 10 %
    feedback. Entries older than a week are 85 % resolved or closed (in 1 to 120
    hours, so complaints are resolved after their deadline now and then), 10 %
    still in progress and 5 % cancelled; newer ones are open. One in three is rated.
    The response deadline follows the type's response time, as the ORM computes it.
    """
    rating = _RATING.format("(l.r4 / 0.33)")
    cur.execute(
        f"""
        INSERT INTO crm_customer_log (name, subject, type_id, partner_id, user_id, team_id,
                                      company_id, log_date, state, channel, satisfaction,
                                      resolved_on, resolved_by_id, resolution_hours, deadline,
                                      create_uid, write_uid, create_date, write_date)
        SELECT 'BLOG/' || lpad(l.g::text, 8, '0'), 'Bench entry ' || l.g, t.id, c.partner_id,
               c.user_id, c.team_id, %(company)s, l.log_date, l.state,
               (ARRAY['phone', 'visit', 'email', 'im', 'walk_in', 'other'])
                   [1 + floor(l.r5 * 6)::int],
               CASE WHEN l.r4 < 0.33 THEN {rating} ELSE '0' END,
               l.log_date + l.hours * interval '1 hour',
               CASE WHEN l.hours IS NOT NULL THEN c.user_id END, COALESCE(l.hours, 0),
               l.log_date + NULLIF(t.response_hours, 0) * interval '1 hour',
               1, 1, l.log_date, COALESCE(l.log_date + l.hours * interval '1 hour', l.log_date)
          FROM (SELECT s.*,
                       CASE WHEN s.state IN ('resolved', 'closed')
                            THEN 1 + floor(120 * power(s.r3, 2)) END AS hours
                  FROM (SELECT g, idx, r3, r4, r5, log_date,
                               CASE WHEN r1 < 0.30 THEN 'consultation'
                                    WHEN r1 < 0.50 THEN 'complaint'
                                    WHEN r1 < 0.75 THEN 'contact'
                                    WHEN r1 < 0.90 THEN 'service'
                                    ELSE 'feedback' END AS code,
                               CASE WHEN log_date > now() - interval '7 days'
                                    THEN CASE WHEN r2 < 0.5 THEN 'new' ELSE 'in_progress' END
                                    WHEN r2 < 0.75 THEN 'resolved'
                                    WHEN r2 < 0.85 THEN 'closed'
                                    WHEN r2 < 0.95 THEN 'in_progress'
                                    ELSE 'cancelled' END AS state
                          FROM (SELECT g, {_SKEWED_CUSTOMER} AS idx, random() AS r1,
                                       random() AS r2, random() AS r3, random() AS r4,
                                       random() AS r5, {_PAST_MOMENT} AS log_date
                                  FROM generate_series(1, %(logs)s) AS g) r
                       ) s
               ) l
          JOIN crm_customer_log_type t ON t.code = l.code AND t.company_id IS NULL
          JOIN bench_customer c ON c.idx = l.idx
        """,
        {**ctx, "logs": size.logs, "customers": size.customers},
    )


# Each generator with the tables it fills or updates, in order. A database made
# before a generator existed gets it at the next run (see ``generate``).
GENERATORS = [
    (generate_customers, ("res_partner",)),
    (generate_orders, ("sale_order",)),
    (generate_invoices, ("account_move", "account_move_line")),
    (generate_payments, ("account_move", "account_move_line", "account_partial_reconcile")),
    (generate_salespeople, ("res_partner", "sale_order", "account_move")),
    (generate_visits, ("crm_customer_visit",)),
    (generate_logs, ("crm_customer_log",)),
]


def _drop_indexes(cur, tables):
    """Drop the indexes (not the constraints) of ``tables``; return their definitions.

    Rows filled in bulk are indexed once at the end instead of row by row.
    """
    cur.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        (sorted(tables),),
    )
    indexes = cur.fetchall()
    for name, _definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes]


def _pending(cur):
    """The generators that have not run on this database yet, in order."""
    cur.execute("SELECT to_regclass('bench_step') IS NOT NULL, to_regclass('bench_customer')")
    has_steps, has_customers = cur.fetchone()
    if not has_steps:
        cur.execute("CREATE TABLE bench_step (name varchar PRIMARY KEY, done_at timestamp)")
        if has_customers:
            # made before bench_step existed, by the first four generators
            cur.execute(
                "INSERT INTO bench_step (name, done_at) SELECT unnest(%s), now()",
                ([generator.__name__ for generator, _tables in GENERATORS[:4]],),
            )
    cur.execute("SELECT name FROM bench_step")
    done = {name for (name,) in cur.fetchall()}
    return [(gen, tables) for gen, tables in GENERATORS if gen.__name__ not in done]


def generate(server, size, database):
    """Run the generators that have not run on ``database`` yet; return their names."""
    import psycopg2  # noqa: PLC0415 (Odoo's dependency, only needed here)

    connection = psycopg2.connect(
        dbname=database, host=server.host, port=server.port, user=server.user,
        password=server.password or None,
    )  # fmt: skip
    try:
        with connection, connection.cursor() as cur:
            pending = _pending(cur)
            if not pending:
                return []
            print(f"Generating {database}...", flush=True)
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("SET work_mem = '256MB'")
            # reproducible data: one seed per first pending generator
            cur.execute("SELECT setseed(%s)", (0.42 - 0.01 * (len(GENERATORS) - len(pending)),))
            ctx = _context(cur)
            indexes = _drop_indexes(cur, {table for _gen, tables in pending for table in tables})
            for generator, _tables in pending:
                started = time.time()
                generator(cur, size, ctx)
                cur.execute(
                    "INSERT INTO bench_step (name, done_at) VALUES (%s, now())",
                    (generator.__name__,),
                )
                print(f"  {generator.__name__}: {time.time() - started:.0f}s", flush=True)
            started = time.time()
            for definition in indexes:
                cur.execute(definition)
            print(f"  {len(indexes)} indexes: {time.time() - started:.0f}s", flush=True)
        connection.autocommit = True
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        connection.close()
    return [generator.__name__ for generator, _tables in pending]


# ----------------------------------------------------------------------------
# Measurements, each in a fresh Odoo process (python3 tools/bench.py --measure ...)
# ----------------------------------------------------------------------------


def _odoo_env(database):
    import odoo  # noqa: PLC0415 (only in measuring processes)
    from odoo.tools import config  # noqa: PLC0415

    server = pgcluster.ensure()
    config.parse_config(
        [f"--addons-path={REPO}", *server.odoo_args(), f"--database={database}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def _peak_rss_mib():
    import resource  # noqa: PLC0415

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_run(env):
    """The nightly run: every customer, batches committed as the cron does."""
    from odoo import sql_db  # noqa: PLC0415

    model = env["crm.customer.classification"]
    company = env.company
    queries = sql_db.sql_counter
    started = time.perf_counter()
    stats = model._classify_company(company, commit=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "queries": sql_db.sql_counter - queries, **stats}


def measure_floor(env):
    """Bare SQL reading the same aggregates, then one bulk upsert of as many rows (rolled back)."""
    from odoo import fields  # noqa: PLC0415

    from odoo.addons.crm_customer_info.models.crm_customer_classification_run import (  # noqa: PLC0415
        ClassificationRun,
    )

    model = env["crm.customer.classification"]
    company = env.company
    cr = env.cr
    today = fields.Date.context_today(model)
    started = time.perf_counter()
    settings = company._crm_classification_settings()
    run = ClassificationRun(model, company, settings, today, now=fields.Datetime.now())
    queries = run.queries()
    rows = {}
    for name, query in queries.items():
        cr.execute(query)
        rows[name] = {row[0]: row[1:] for row in cr.fetchall()}
    cr.execute(run.customer_query(set().union(*rows.values()), 0.0))
    customers = cr.fetchall()
    invoices = rows["invoices"]
    empty = dict.fromkeys(name for name, _type in run.result_columns())
    values = []
    for partner_id, *_state in customers:
        invoice = invoices.get(partner_id)
        values.append(
            {
                **empty,
                "partner_id": partner_id,
                "frequency": invoice[4] if invoice else 0,
                "monetary": invoice[5] if invoice else 0.0,
                "reasons": [],
            }
        )
    cr.execute(run.upsert_query(values))
    cr.fetchall()
    seconds = time.perf_counter() - started
    cr.rollback()
    return {"seconds": seconds, "customers": len(values)}


def measure_naive(env):
    """What many modules do: per customer, ORM sums over its orders and invoices, one write each."""
    from datetime import timedelta  # noqa: PLC0415

    from odoo import fields, sql_db  # noqa: PLC0415

    partner_model = env["res.partner"].with_context(tracking_disable=True)
    levels = {level.code: level for level in env["crm.customer.level"].search([])}
    since = fields.Datetime.now() - timedelta(days=365)
    env.cr.execute(
        "SELECT partner_id FROM bench_customer ORDER BY idx LIMIT %s", (NAIVE_CUSTOMERS,)
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    queries = sql_db.sql_counter
    started = time.perf_counter()
    for partner_id in partner_ids:
        partner = partner_model.browse(partner_id)
        orders = partner.sale_order_ids.filtered(
            lambda order: order.state == "sale" and order.date_order >= since
        )
        invoices = partner.invoice_ids.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type in ("out_invoice", "out_refund")
                and move.invoice_date >= since.date()
            )
        )
        revenue = sum(invoices.mapped("amount_untaxed_signed"))
        ordered = sum(orders.mapped("amount_untaxed"))
        code = "A" if revenue > 50_000 else "B" if revenue > 10_000 else "C" if ordered else "D"
        partner.write({"level_id": levels[code].id})
    env.flush_all()
    seconds = time.perf_counter() - started
    env.cr.rollback()
    return {
        "seconds": seconds,
        "queries": sql_db.sql_counter - queries,
        "customers": len(partner_ids),
    }


CONFIRM_ORDERS = 1_000


def _confirm_orders(env, count):
    """``count`` one-line quotations, one per bench customer (created, not measured)."""
    product = env["product.product"].create({"name": "Bench Credit Product", "list_price": 100})
    env.cr.execute("SELECT partner_id FROM bench_customer ORDER BY idx LIMIT %s", (count,))
    partner_ids = [row[0] for row in env.cr.fetchall()]
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner_id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
            for partner_id in partner_ids
        ]
    )
    env.flush_all()
    return orders


def _timed_confirm(env, orders):
    from odoo import sql_db  # noqa: PLC0415

    env.invalidate_all()
    queries = sql_db.sql_counter
    started = time.perf_counter()
    orders.action_confirm()
    env.flush_all()
    return time.perf_counter() - started, sql_db.sql_counter - queries


def _measure_confirm(env, check):
    """``action_confirm`` of 1,000 quotations, with the credit check ``check`` (rolled back).

    With the check on, every rule is enabled (credit limit with a limit on every customer,
    rating D, overdue days) with thresholds no customer breaks, so both runs confirm the
    same orders and the difference is the cost of the check. Each run is its own process
    on the same database state; the check alone is timed too (it only reads).
    """
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    company = env.company
    warm_up = 20
    orders = _confirm_orders(env, CONFIRM_ORDERS + warm_up)
    env.cr.execute(
        "UPDATE res_partner SET credit_limit = jsonb_build_object(%s, 1e12::float8)"
        " WHERE id IN (SELECT partner_id FROM bench_customer)",
        (str(company.id),),
    )
    company.write(
        {
            "crm_credit_hold_limit": check,
            "crm_credit_hold_overdue": check,
            "crm_credit_hold_overdue_days": 36_500,
            "crm_credit_hold_rating": "D" if check else False,
        }
    )
    orders[-warm_up:].action_confirm()  # warm the caches
    orders = orders[:-warm_up]
    env.invalidate_all()
    started = time.perf_counter()
    held = orders._crm_credit_breaches()
    check_seconds = time.perf_counter() - started
    seconds, queries = _timed_confirm(env, orders)
    confirmed = len(orders.filtered(lambda order: order.state == "sale"))
    env.cr.rollback()
    return {
        "seconds": seconds,
        "queries": queries,
        "check_seconds": check_seconds,
        "orders": len(orders),
        "confirmed": confirmed,
        "held": len(held),
    }


def measure_confirm_off(env):
    """``action_confirm`` of 1,000 quotations, credit check off."""
    return _measure_confirm(env, False)


def measure_confirm_on(env):
    """``action_confirm`` of 1,000 quotations, credit check on."""
    return _measure_confirm(env, True)


def measure_forget(env):
    """Prepare a copy of a benchmark database for the install hook (committed): clear what the
    addon wrote on the company's customers, as if it had just been installed on that history:
    their numbers, levels, classification rows and level history."""
    company = env.company
    cr = env.cr
    key = str(company.id)
    for column in ("customer_number", "level_id", "classification_id"):
        cr.execute(
            f"UPDATE res_partner SET {column} = {column} - %(key)s WHERE {column} ? %(key)s",
            {"key": key},
        )
    cr.execute("DELETE FROM crm_customer_classification WHERE company_id = %s", (company.id,))
    cr.execute("DELETE FROM crm_customer_level_history WHERE company_id = %s", (company.id,))
    cr.commit()
    return {"seconds": 0.0}


def measure_backfill(env):
    """The install hook on a database prepared by :func:`measure_forget` (rolled back).

    ``res.company._crm_adopt_history`` in its two steps, as at install:
    numbering every customer with orders or invoices in the order of its first
    document, then the first classification run (every customer gets a level).
    """
    from odoo import sql_db  # noqa: PLC0415

    company = env.company
    queries = sql_db.sql_counter
    started = time.perf_counter()
    numbered = company._crm_number_existing_customers()[company]
    numbering = time.perf_counter() - started
    run = env["crm.customer.classification"]._classify_company(company)
    env.flush_all()
    seconds = time.perf_counter() - started
    queries = sql_db.sql_counter - queries
    env.cr.rollback()
    return {
        "seconds": seconds,
        "numbering_seconds": numbering,
        "classification_seconds": seconds - numbering,
        "numbered": numbered,
        "customers": run["customers"],
        "changes": run["changes"],
        "queries": queries,
    }


MEASURES = {
    "run": measure_run,
    "floor": measure_floor,
    "naive": measure_naive,
    "confirm_off": measure_confirm_off,
    "confirm_on": measure_confirm_on,
    "forget": measure_forget,
    "backfill": measure_backfill,
}


def measure_main(what, database):
    env = _odoo_env(database)
    baseline = _peak_rss_mib()
    try:
        result = MEASURES[what](env)
    finally:
        env.cr.close()
    result.update(peak_rss_mib=_peak_rss_mib(), baseline_rss_mib=baseline)
    print("RESULT " + json.dumps(result), flush=True)


# ----------------------------------------------------------------------------
# Orchestration
# ----------------------------------------------------------------------------


def _odoo(python, server, database, *args):
    cmd = [
        *odoo_env.odoo_command(python),
        f"--addons-path={REPO}",
        *server.odoo_args(),
        f"--database={database}",
        "--log-level=warn",
        "--stop-after-init",
        "--no-http",
        *args,
    ]
    subprocess.run(cmd, check=True, env=dict(os.environ, TZ="UTC"))


def ensure_database(python, server, size, database, *, rebuild=False, update=True):
    """Create ``database`` from the template when missing (or ``rebuild``), update the addon,
    then run the generators it has not had yet. Returns the names of those generators."""
    if rebuild:
        subprocess.run(["dropdb", "--if-exists", database], env=server.env(), check=True)
    created = not server.database_exists(database)
    if created:
        if not server.database_exists(TEMPLATE):
            print(f"Creating {TEMPLATE} (the addon without demo data)...", flush=True)
            _odoo(python, server, TEMPLATE, f"--init={ADDON}", "--without-demo=all")
        subprocess.run(["createdb", "-T", TEMPLATE, database], env=server.env(), check=True)
    try:
        # also on a new copy: the template may predate tables that generators fill
        if created or update:
            print(f"Upgrading {ADDON} in {database}...", flush=True)
            _odoo(python, server, database, f"--update={ADDON}")
        started = time.time()
        generated = generate(server, size, database)
    except BaseException:
        if created:
            subprocess.run(["dropdb", "--if-exists", database], env=server.env(), check=False)
        raise
    if generated:
        print(f"Generated {', '.join(generated)} in {time.time() - started:.0f}s", flush=True)
    return generated


def _measure(python, server, what, database):
    cmd = [python, os.path.abspath(__file__), "--measure", what, "--database", database]
    out = subprocess.run(
        cmd, env=dict(server.env(), TZ="UTC"), capture_output=True, text=True, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    sys.stderr.write(out.stdout + out.stderr)
    raise SystemExit(f"measuring {what} on {database} failed")


def _bench_reporting(python, server, database):
    """Time the performance report (pivot, workbook) of last year with bench_reporting.py."""
    year = time.localtime().tm_year - 1
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_reporting.py")
    subprocess.run(
        [python, script, database, "--year", str(year)],
        env=dict(server.env(), TZ="UTC"),
        check=False,
    )


def _measure_backfill(python, server, database):
    """Time the install hook on a copy of ``database`` without the addon's customer data.

    The copy is cleared of customer numbers, levels and classification rows and
    vacuumed, as a database with history is when the addon's install reaches
    its hook; the copy is dropped afterwards.
    """
    copy = f"{database}_install"
    subprocess.run(["dropdb", "--if-exists", copy], env=server.env(), check=True)
    subprocess.run(["createdb", "-T", database, copy], env=server.env(), check=True)
    try:
        _measure(python, server, "forget", copy)
        subprocess.run(["vacuumdb", "--analyze", "--quiet", copy], env=server.env(), check=True)
        return _measure(python, server, "backfill", copy)
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], env=server.env(), check=False)


def _best(python, server, what, database, repeat):
    results = [_measure(python, server, what, database) for _attempt in range(repeat)]
    return min(results, key=lambda result: result["seconds"])


def table(rows):
    """The results as a Markdown table."""
    lines = [
        "| size | customers | orders | invoices | run (s) | floor (s) | run / floor "
        "| SQL queries | peak memory (MiB) | naive, 2,000 customers (s / queries) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        size, run, floor, naive = row["size"], row["run"], row["floor"], row.get("naive")
        naive_text = f"{naive['seconds']:.1f} / {naive['queries']:,}" if naive else "–"
        lines.append(
            f"| {size.key} | {run['customers']:,} | {size.orders:,} | {size.invoices:,} "
            f"| {run['seconds']:.2f} | {floor['seconds']:.2f} "
            f"| {run['seconds'] / floor['seconds']:.2f} | {run['queries']} "
            f"| {run['peak_rss_mib']:.0f} | {naive_text} |"
        )
    return "\n".join(lines)


def confirm_table(rows):
    """The credit check's cost on ``action_confirm`` as a Markdown table."""
    lines = [
        "| size | orders | check off (s) | check on (s) | on / off | the check alone (s) "
        "| SQL queries off / on |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, (off, on) in rows:
        lines.append(
            f"| {size.key} | {on['orders']:,} | {off['seconds']:.2f} | {on['seconds']:.2f} "
            f"| {on['seconds'] / off['seconds']:.2f} | {on['check_seconds']:.2f} "
            f"| {off['queries']:,} / {on['queries']:,} |"
        )
    return "\n".join(lines)


def backfill_table(rows):
    """The install hook's timings as a Markdown table."""
    lines = [
        "| size | customers numbered | numbering (s) | first classification (s) "
        "| hook total (s) | SQL queries | peak memory (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        backfill = row["backfill"]
        lines.append(
            f"| {row['size'].key} | {backfill['numbered']:,} "
            f"| {backfill['numbering_seconds']:.2f} | {backfill['classification_seconds']:.2f} "
            f"| {backfill['seconds']:.2f} | {backfill['queries']} "
            f"| {backfill['peak_rss_mib']:.0f} |"
        )
    return "\n".join(lines)


def write_readme(text, marker="bench"):
    """Replace the text between ``<!-- marker:start -->`` and ``<!-- marker:end -->``."""
    with open(README, encoding="utf-8") as handle:
        content = handle.read()
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(\n<!-- {marker}:end -->)", re.DOTALL)
    if not pattern.search(content):
        raise SystemExit(
            f"README.md has no <!-- {marker}:start --> / <!-- {marker}:end --> markers"
        )
    with open(README, "w", encoding="utf-8") as handle:
        handle.write(pattern.sub(lambda match: match[1] + text + match[2], content))


def _bench_confirm(python, server, size, database, repeat):
    """``action_confirm`` of 1,000 orders with the credit check off and on; prints its row."""
    runs = {"confirm_off": [], "confirm_on": []}
    for _attempt in range(repeat):  # alternated, so that neither always runs first
        for what, results in runs.items():
            results.append(_measure(python, server, what, database))
    off, on = (min(results, key=lambda r: r["seconds"]) for results in runs.values())
    print("  credit check: " + confirm_table([(size, (off, on))]).splitlines()[-1], flush=True)
    return size, (off, on)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="S,L", help="comma-separated sizes: S, L (default both)")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; best kept")
    parser.add_argument("--no-update", action="store_true", help="skip upgrading the addon first")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument(
        "--only-confirm",
        action="store_true",
        help="only time action_confirm of 1,000 orders with the credit check off and on",
    )
    parser.add_argument(
        "--prefix", default=f"{ADDON}_bench", help="database names: PREFIX_s, PREFIX_l"
    )
    parser.add_argument(
        "--core-n",
        type=int,
        default=1000,
        help="documents per core flow with / without the addon (tools/bench_core.py); 0 skips",
    )
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_main(args.measure, args.database)
        return 0
    python = odoo_env.odoo_python()
    sizes = [SIZES[key.strip().upper()] for key in args.sizes.split(",")]
    rows = []
    confirms = []
    with pgcluster.running() as server:
        for size in sizes:
            database = size.database(args.prefix)
            generated = ensure_database(
                python, server, size, database, rebuild=args.rebuild, update=not args.no_update
            )
            print(f"Measuring {database}...", flush=True)
            confirms.append(_bench_confirm(python, server, size, database, args.repeat))
            if args.only_confirm:
                continue
            row = {"size": size}
            if generated:
                first = _measure(python, server, "run", database)
                print(f"  first run after generation: {first['seconds']:.2f}s", flush=True)
            row["run"] = _best(python, server, "run", database, args.repeat)
            row["floor"] = _best(python, server, "floor", database, args.repeat)
            if size.customers <= NAIVE_CUSTOMERS:
                row["naive"] = _measure(python, server, "naive", database)
            row["backfill"] = _measure_backfill(python, server, database)
            rows.append(row)
            print(table([row]).splitlines()[-1], flush=True)
            print(
                "  install hook: " + backfill_table([row]).splitlines()[-1],
                flush=True,
            )
            _bench_reporting(python, server, database)
        core = None
        if args.core_n and not args.only_confirm:
            core = bench_core.run(python, server, args.core_n)
    return _report(args, rows, confirms, core)


def _report(args, rows, confirms, core):
    """Print the tables of a run and, with ``--readme``, write them into README.md."""
    print()
    print(confirm_table(confirms))
    if args.only_confirm:
        return 0
    text = table(rows)
    print()
    print(text)
    print()
    print(backfill_table(rows))
    if core:
        print()
        print(bench_core.table(core))
    if args.readme:
        write_readme(text)
        write_readme(backfill_table(rows), "bench-install")
        if core:
            write_readme(bench_core.table(core), "bench-core")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
