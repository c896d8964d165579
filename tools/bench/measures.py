"""Measurements, each in a fresh Odoo process (``python3 tools/bench --measure NAME``).

Every measure takes an Odoo environment on the size's database and returns a
dict of figures (``seconds`` at least); all but ``forget`` roll back.
"""

import json
import time

import pgcluster

from .sizes import NAIVE_CUSTOMERS, REPO


def _odoo_env(database):
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    server = pgcluster.ensure()
    config.parse_config(
        [
            f"--addons-path={REPO}",
            *server.odoo_args(),
            f"--database={database}",
            "--log-level=warn",
        ]
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
        "SELECT partner_id FROM bench_customer ORDER BY idx LIMIT %s",
        (NAIVE_CUSTOMERS,),
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


def _insert_visit_customers(env, count):
    """Insert ``count`` level-A customers of the admin user, each with one done visit.

    A fixture in plain SQL, not the code under test: visited 10 to 99 days ago,
    so that with level A's 30-day interval two thirds are overdue.
    """
    from odoo.tools import SQL  # noqa: PLC0415

    company = env.company
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, autopost_bills,
                                     company_id, user_id, level_id, create_date, write_date)
            SELECT 'Visit Bench ' || n, 'Visit Bench ' || n, TRUE, TRUE, 'ask', NULL, %(user)s,
                   jsonb_build_object(%(key)s, %(level)s), now() - interval '2 years', now()
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
            """,
            user=env.ref("base.user_admin").id,
            key=str(company.id),
            level=env.ref("crm_customer_info.crm_customer_level_a").id,
            count=count,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%(ids)s::int[])",
            ids=ids,
        )
    )
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
            user=env.ref("base.user_admin").id,
            company=company.id,
            ids=ids,
        )
    )
    return ids


def _timed_cadence(env):
    from odoo import sql_db  # noqa: PLC0415

    env.invalidate_all()
    queries = sql_db.sql_counter
    started = time.perf_counter()
    env["crm.customer.visit"]._cron_visit_cadence()
    env.flush_all()
    return time.perf_counter() - started, sql_db.sql_counter - queries


def measure_visits(env):
    """The visit cadence job on as many extra customers as the size has (rolled back).

    The first run writes every customer's dates and creates one activity per
    overdue customer; the second finds nothing to change.
    """
    env.cr.execute("SELECT count(*) FROM bench_customer")  # the size's customers
    ids = _insert_visit_customers(env, env.cr.fetchone()[0])
    seconds, queries = _timed_cadence(env)
    overdue = env["res.partner"].search_count([("id", "in", ids), ("visit_overdue", "=", True)])
    second_seconds, second_queries = _timed_cadence(env)
    env.cr.rollback()
    return {
        "seconds": seconds,
        "queries": queries,
        "second_seconds": second_seconds,
        "second_queries": second_queries,
        "customers": len(ids),
        "overdue": overdue,
    }


def _insert_plan_customers(env, count):
    """Insert ``count`` level-A customers (as the cadence fixture) and one plan each.

    A fixture in plain SQL, not the code under test. A third of the plans repeat
    every two weeks on a weekday, a third monthly on a day, a third at the level's
    interval (30 days); all started a year ago, without an end.
    """
    from odoo.tools import SQL  # noqa: PLC0415

    ids = _insert_visit_customers(env, count)
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_customer_visit_plan (name, active, company_id, partner_id, user_id,
                                                 rule_type, interval, weekday, month_day,
                                                 planned_hour, duration, date_start, count,
                                                 create_uid, write_uid, create_date, write_date)
            SELECT 'Plan Bench ' || p.id, TRUE, %(company)s, p.id, %(user)s,
                   (ARRAY['weekly', 'monthly', 'level'])[1 + mod(p.id, 3)],
                   CASE WHEN mod(p.id, 3) = 0 THEN 2 ELSE 1 END,
                   mod(p.id, 5)::text, 1 + mod(p.id, 28), 9.0, 1.0,
                   now()::date - 365, 0, 1, 1, now(), now()
              FROM unnest(%(ids)s::int[]) AS p(id)
            """,
            company=env.company.id,
            user=env.ref("base.user_admin").id,
            ids=ids,
        )
    )
    env.cr.execute("ANALYZE crm_customer_visit_plan")
    return ids


def _timed_plan_job(env):
    from odoo import sql_db  # noqa: PLC0415

    env.invalidate_all()
    queries = sql_db.sql_counter
    started = time.perf_counter()
    visits = env["crm.customer.visit.plan"]._cron_generate_visits()
    env.flush_all()
    return time.perf_counter() - started, sql_db.sql_counter - queries, len(visits)


def measure_plans(env, count=None):
    """The visit plan job: ``count`` customers with one plan each (default: as many as
    the size has), one horizon (8 weeks), run twice (the second plans nothing); rolled back.
    """
    if not count:
        env.cr.execute("SELECT count(*) FROM bench_customer")  # the size's customers
        count = env.cr.fetchone()[0]
    ids = _insert_plan_customers(env, count)
    seconds, queries, visits = _timed_plan_job(env)
    second_seconds, second_queries, second_visits = _timed_plan_job(env)
    env.cr.rollback()
    return {
        "plans": len(ids),
        "seconds": seconds,
        "queries": queries,
        "visits": visits,
        "second_seconds": second_seconds,
        "second_queries": second_queries,
        "second_visits": second_visits,
    }


MEASURES = {
    "run": measure_run,
    "floor": measure_floor,
    "naive": measure_naive,
    "confirm_off": measure_confirm_off,
    "confirm_on": measure_confirm_on,
    "forget": measure_forget,
    "backfill": measure_backfill,
    "visits": measure_visits,
    "plans": measure_plans,
}


def measure_main(what, database, count=None):
    env = _odoo_env(database)
    baseline = _peak_rss_mib()
    try:
        result = MEASURES[what](env, count) if count else MEASURES[what](env)
    finally:
        env.cr.close()
    result.update(peak_rss_mib=_peak_rss_mib(), baseline_rss_mib=baseline)
    print("RESULT " + json.dumps(result), flush=True)
