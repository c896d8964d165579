"""Time the visit cadence cron on many customers (default 100,000), then roll back.

    python3 tools/benchmark_visits.py --database dev_visits --customers 100000

Needs a database with crm_customer_info installed and PostgreSQL reachable the
way Odoo is told (``--db-host`` etc., or the PG* environment variables). The
customers and their done visits are inserted with plain SQL (a fixture, not
the code under test); two thirds were last visited long ago and are overdue.
The first cron run writes every customer's dates and creates one activity per
overdue customer; the second run finds nothing to change. Nothing is kept:
the transaction is rolled back at the end.
"""

import argparse
import os
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def _insert_fixture(env, count):
    """Insert ``count`` level-A customers of the admin user, each with one done visit."""
    company = env.company
    level = env.ref("crm_customer_info.crm_customer_level_a")
    user = env.ref("base.user_admin")
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, autopost_bills,
                                     company_id, user_id, level_id, create_date, write_date)
            SELECT 'Benchmark ' || n, 'Benchmark ' || n, TRUE, TRUE, 'ask', NULL, %(user)s,
                   jsonb_build_object(%(key)s, %(level)s), now() - interval '2 years', now()
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
            """,
            user=user.id,
            key=str(company.id),
            level=level.id,
            count=count,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    # Visited 10 to 99 days ago: with a 30-day interval, two thirds are overdue.
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_customer_visit (name, partner_id, user_id, company_id, method, state,
                                            start, duration, visit_date, check_in, check_out)
            SELECT 'BENCH-' || p.id, p.id, %(user)s, %(company)s, 'on_site', 'done',
                   d, 1.0, d::date, d, d + interval '1 hour'
              FROM unnest(%(ids)s::int[]) AS p(id),
                   LATERAL (SELECT now()::date - (10 + mod(p.id, 90)) + time '02:00' AS d) AS day
            """,
            user=user.id,
            company=company.id,
            ids=ids,
        )
    )
    return ids


def _timed_run(env, label):
    Visit = env["crm.customer.visit"]
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    Visit._cron_visit_cadence()
    env.flush_all()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {env.cr.sql_log_count - queries} queries", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db-host", default=os.environ.get("PGHOST"))
    parser.add_argument("--db-port", default=os.environ.get("PGPORT"))
    parser.add_argument("--db-user", default=os.environ.get("PGUSER", "odoo"))
    args = parser.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    addons = [os.path.join(os.path.dirname(odoo.__file__), "addons"), repo]
    options = [
        f"--database={args.database}",
        f"--db_user={args.db_user}",
        f"--addons-path={','.join(addons)}",
    ]
    if args.db_host:
        options.append(f"--db_host={args.db_host}")
    if args.db_port:
        options.append(f"--db_port={args.db_port}")
    odoo.tools.config.parse_config(options)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        ids = _insert_fixture(env, args.customers)
        elapsed = time.perf_counter() - started
        print(f"fixture: {len(ids)} customers with a done visit in {elapsed:.1f} s")
        _timed_run(env, "first run (writes dates, creates activities)")
        overdue = env["res.partner"].search_count([("id", "in", ids), ("visit_overdue", "=", True)])
        activities = env["mail.activity"].search_count(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", ids),
                (
                    "activity_type_id",
                    "=",
                    env.ref("crm_customer_info.mail_activity_type_visit_overdue").id,
                ),
            ]
        )
        print(f"overdue customers: {overdue}, overdue activities: {activities}")
        _timed_run(env, "second run (nothing to change)")
        cr.rollback()
        print("rolled back")


if __name__ == "__main__":
    main()
