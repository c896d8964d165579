"""Time the SLA job (every 15 minutes) on many open log entries (default 200,000), then roll back.

    python3 tools/bench_sla.py --database DB --entries 200000

Needs a database with crm_customer_info installed and PostgreSQL reachable the
way Odoo is told (``--db-host`` etc., or the PG* environment variables). The
entries and their SLA statuses are inserted with plain SQL (a fixture, not the
code under test), one policy each: 98.5 % are on track, 1 % have reached their
warning time and 0.5 % their deadline. The first run marks those at risk or
failed and creates one activity each; the second run finds nothing to change,
which is what the job does on most of its runs. Nothing is kept: the
transaction is rolled back at the end.
"""

import argparse
import os
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def _insert_fixture(env, count):
    """Insert ``count`` open complaints of one customer, each with one SLA status."""
    company = env.company
    user = env.ref("base.user_admin")
    complaint = env.ref("crm_customer_info.crm_customer_log_type_complaint")
    policy = env["crm.customer.sla.policy"].create(
        {"name": "Benchmark", "response_hours": 4, "resolution_hours": 16}
    )
    partner = env["res.partner"].create({"name": "Benchmark SLA", "is_company": True})
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_customer_log (name, subject, type_id, state, partner_id, user_id,
                                          company_id, log_date, channel, satisfaction,
                                          priority, sla_status, create_date, write_date)
            SELECT 'BENCH-' || n, 'Benchmark ' || n, %(type)s, 'in_progress', %(partner)s,
                   %(user)s, %(company)s, now() - interval '1 hour', 'phone', '0', '0',
                   'on_track', now(), now()
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
            """,
            type=complaint.id,
            partner=partner.id,
            user=user.id,
            company=company.id,
            count=count,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    # every 100th entry at risk, every 200th failed (its warning time passed too)
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_customer_sla_status (log_id, policy_id, company_id, start, status,
                                                 paused_hours, response_deadline,
                                                 response_warn_at, resolution_deadline,
                                                 resolution_warn_at, warning_sent, breach_sent)
            SELECT log.id, %(policy)s, %(company)s, now() - interval '1 hour', 'on_track', 0,
                   CASE WHEN mod(log.id, 200) = 0 THEN now() - interval '5 minutes'
                        ELSE now() + interval '3 hours' END,
                   CASE WHEN mod(log.id, 100) = 0 THEN now() - interval '10 minutes'
                        ELSE now() + interval '2 hours' END,
                   now() + interval '2 days', now() + interval '1 day', FALSE, FALSE
              FROM unnest(%(ids)s::int[]) AS log(id)
            """,
            policy=policy.id,
            company=company.id,
            ids=ids,
        )
    )
    return ids


def _timed_run(env, label):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    env["crm.customer.sla.status"]._cron_sla()
    env.flush_all()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {env.cr.sql_log_count - queries} queries", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--entries", type=int, default=200_000)
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
        ids = _insert_fixture(env, args.entries)
        cr.execute("ANALYZE crm_customer_log")
        cr.execute("ANALYZE crm_customer_sla_status")
        elapsed = time.perf_counter() - started
        print(f"fixture: {len(ids)} open entries with an SLA status in {elapsed:.1f} s")
        _timed_run(env, "first run (at risk and failed: statuses, activities)")
        counts = dict(
            env["crm.customer.sla.status"]._read_group(
                [("log_id", "in", ids)], ["status"], ["__count"]
            )
        )
        print(f"statuses: {counts}")
        _timed_run(env, "second run (nothing to change)")
        cr.rollback()
        print("rolled back")


if __name__ == "__main__":
    main()
