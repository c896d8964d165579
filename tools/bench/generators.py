"""Generation: one function per table family, in order, on a database with the addon.

Rows are inserted in bulk (``INSERT ... SELECT generate_series``), indexes dropped
before and rebuilt once after; ``bench_step`` records the generators that ran, so
that one added later runs on existing databases.
"""

import time

from .sizes import ADDON

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
               -- the response deadline, as a first-response SLA in clock hours would give
               l.log_date + CASE t.code WHEN 'consultation' THEN 24 WHEN 'complaint' THEN 48
                                        WHEN 'service' THEN 72 END * interval '1 hour',
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
    (
        generate_payments,
        ("account_move", "account_move_line", "account_partial_reconcile"),
    ),
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
    import psycopg2  # noqa: PLC0415

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
