"""Core Odoo flows with and without the addon: confirm orders, post invoices, register payments.

    python3 tools/bench_core.py              # N = 1,000 documents per flow
    python3 tools/bench_core.py --n 200      # smaller run
    python3 tools/bench_core.py --readme     # also write the table into README.md

Called by ``make bench`` (tools/bench) too. Two template databases, the
addon's dependencies without demo data with and without the addon
(``crm_customer_info_bench_core_with`` / ``..._without``), are installed once and
kept. Each run copies both and, in one fresh process per copy, generates the
same data through the ORM (N/5 customers, one goods product invoiced on order,
N draft sale orders of one line) and then times, document by document as users
do it, with every write flushed:

1. ``sale.order.action_confirm`` of the N orders (deliveries created by sale_stock);
2. ``account.move.action_post`` of their N invoices (created untimed, one per order);
3. the *Register Payment* wizard (``account.payment.register``) on each invoice.

It also counts the SQL queries of one more ``action_confirm`` and one more
``action_post`` (warm caches, as ``assertQueryCount`` does), and the time spent
in PL/pgSQL functions (the addon's triggers). The two copies are measured side
by side, at the same time, ``--repeat`` times: the table keeps each variant's
best time and the median of the pairs' ratios with / without (goal: at most
1.15).
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time

import odoo_env
import pgcluster
import test_core

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
BARE_MODULES = "contacts,crm,sale_management,sale_stock,account,calendar,board"
VARIANTS = {"with": ADDON, "without": BARE_MODULES}
FLOWS = (
    ("confirm", "confirm sale orders"),
    ("post", "post invoices"),
    ("pay", "register payments"),
)


def template(variant):
    return f"{ADDON}_bench_core_{variant}"


# ----------------------------------------------------------------------------
# Measuring process
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
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})


def _generate(env, count):
    """N/5 customers, one product invoiced on order, N + 2 draft orders (2 for query counts)."""
    customers = env["res.partner"].create(
        [
            {"name": f"Core Bench Customer {i}", "email": f"core{i}@bench.example.com"}
            for i in range(max(count // 5, 1))
        ]
    )
    product = env["product.product"].create(
        {
            "name": "Core Bench Product",
            "type": "consu",
            "list_price": 100.0,
            "invoice_policy": "order",
        }
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[i % len(customers)].id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1 + i % 5}),
                ],
            }
            for i in range(count + 2)
        ]
    )
    env.flush_all()
    env.cr.commit()
    return orders


def _timed(env, records, action):
    from odoo import sql_db  # noqa: PLC0415

    queries = sql_db.sql_counter
    started = time.perf_counter()
    for record in records:
        action(record)
        env.flush_all()
    seconds = time.perf_counter() - started
    queries = sql_db.sql_counter - queries
    # time spent in PL/pgSQL functions (the addon's triggers), this transaction
    env.cr.execute(
        "SELECT funcname, calls, total_time FROM pg_stat_xact_user_functions"
        " ORDER BY total_time DESC LIMIT 5"
    )
    functions = env.cr.fetchall()
    env.cr.commit()
    return seconds, queries, functions


def _count(env, record, action):
    from odoo import sql_db  # noqa: PLC0415

    env.invalidate_all()
    queries = sql_db.sql_counter
    action(record)
    env.flush_all()
    return sql_db.sql_counter - queries


def _pay(invoice):
    wizard = (
        invoice.env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=invoice.ids)
        .create({})
    )
    wizard._create_payments()


def measure(database, count):
    env = _odoo_env(database)
    try:
        result = {}
        orders = _generate(env, count)
        timed, extra = orders[:count], orders[count:]
        confirm = lambda order: order.action_confirm()  # noqa: E731
        post = lambda move: move.action_post()  # noqa: E731
        with contextlib.suppress(Exception), env.cr.savepoint():  # superuser only
            env.cr.execute("SET track_functions = 'pl'")
        result["confirm"], result["confirm_queries"], result["confirm_functions"] = _timed(
            env, timed, confirm
        )
        confirm(extra[0])
        result["confirm_one_queries"] = _count(env, extra[1], confirm)
        env.cr.commit()
        invoices = orders._create_invoices(grouped=True)
        env.flush_all()
        env.cr.commit()
        by_order = {move.invoice_line_ids.sale_line_ids.order_id.id: move for move in invoices}
        timed_invoices = env["account.move"].concat(*(by_order[order.id] for order in timed))
        extra_invoices = env["account.move"].concat(*(by_order[order.id] for order in extra))
        result["post"], result["post_queries"], result["post_functions"] = _timed(
            env, timed_invoices, post
        )
        post(extra_invoices[0])
        result["post_one_queries"] = _count(env, extra_invoices[1], post)
        env.cr.commit()
        result["pay"], result["pay_queries"], result["pay_functions"] = _timed(
            env, timed_invoices, _pay
        )
        paid = timed_invoices.filtered(lambda move: move.payment_state in ("paid", "in_payment"))
        result["paid"] = len(paid)
        result["count"] = count
    finally:
        env.cr.close()
    print("RESULT " + json.dumps(result), flush=True)


# ----------------------------------------------------------------------------
# Orchestration
# ----------------------------------------------------------------------------


def _drop(server, database):
    subprocess.run(
        ["dropdb", "--if-exists", database], env=server.env(), check=False, capture_output=True
    )


def ensure_templates(python, server, rebuild=False):
    for variant, modules in VARIANTS.items():
        name = template(variant)
        if rebuild:
            _drop(server, name)
        if server.database_exists(name):
            continue
        print(f"Creating {name} ({modules}, no demo data)...", flush=True)
        subprocess.run(
            [
                *odoo_env.odoo_command(python),
                f"--addons-path={REPO}",
                *server.odoo_args(),
                f"--database={name}",
                f"--init={modules}",
                "--without-demo=all",
                "--log-level=warn",
                "--stop-after-init",
                "--no-http",
                "--max-cron-threads=0",
            ],
            check=True,
            env=dict(os.environ, TZ="UTC"),
        )


def _measure_pair(python, server, count):
    """Both variants at the same time, one process each: they share whatever else loads
    the machine, so their ratio is fairer than that of two runs one after the other."""
    procs = {}
    for variant in VARIANTS:
        database = f"{template(variant)}_run"
        test_core.copy_database(server, template(variant), database)
        procs[variant] = subprocess.Popen(
            [python, os.path.abspath(__file__), "--measure", database, "--n", str(count)],
            env=dict(server.env(), TZ="UTC"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for variant, proc in procs.items():
        out, err = proc.communicate()
        test_core.drop_database(server, f"{template(variant)}_run")
        for line in out.splitlines():
            if line.startswith("RESULT "):
                results[variant] = json.loads(line[len("RESULT ") :])
        if variant not in results:
            sys.stderr.write(out + err)
            raise SystemExit(f"measuring the core flows {variant} the addon failed")
    return results


def _show(variant, result):
    print(
        f"  {variant:>7}: "
        + ", ".join(f"{key} {result[key]:.1f}s" for key, _label in FLOWS)
        + f"; queries of one: confirm {result['confirm_one_queries']},"
        f" post {result['post_one_queries']}",
        flush=True,
    )
    for key, label in FLOWS:
        spent = sum(row[2] for row in result.get(f"{key}_functions", []))
        if spent:
            top = ", ".join(
                f"{name} {calls} calls {ms / 1000:.2f}s"
                for name, calls, ms in result[f"{key}_functions"][:3]
            )
            print(f"           {label}: {spent / 1000:.2f}s in PL/pgSQL ({top})", flush=True)


def run(python, server, count=1000, repeat=3, rebuild=False):
    """``repeat`` pairs (with and without the addon, side by side); per flow the best time
    of each variant and the median of the pairs' ratios."""
    ensure_templates(python, server, rebuild=rebuild)
    best, ratios = {}, {key: [] for key, _label in FLOWS}
    for attempt in range(repeat):
        print(
            f"Core flows, {count:,} documents, with and without the addon"
            f" (pair {attempt + 1} of {repeat})...",
            flush=True,
        )
        results = _measure_pair(python, server, count)
        for variant, result in results.items():
            _show(variant, result)
            kept = best.setdefault(variant, result)
            for key, _label in FLOWS:
                if result[key] < kept[key]:
                    kept[key], kept[f"{key}_queries"] = result[key], result[f"{key}_queries"]
        for key, _label in FLOWS:
            ratios[key].append(results["with"][key] / results["without"][key])
    best["ratio"] = {key: statistics.median(values) for key, values in ratios.items()}
    best["pairs"] = repeat
    return best


def table(best):
    count = best["with"]["count"]
    lines = [
        f"| core flow, {count:,} documents | without the addon (s) | with the addon (s) "
        f"| ratio (median of {best['pairs']} pairs) | SQL queries without / with |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in FLOWS:
        without, with_ = best["without"], best["with"]
        lines.append(
            f"| {label} | {without[key]:.1f} | {with_[key]:.1f} "
            f"| {best['ratio'][key]:.2f}× "
            f"| {without[f'{key}_queries']:,} / {with_[f'{key}_queries']:,} |"
        )
    for key, label in (
        ("confirm", "`sale.order.action_confirm`"),
        ("post", "`account.move.action_post`"),
    ):
        lines.append(
            f"| queries of one {label} | | | "
            f"| {best['without'][f'{key}_one_queries']} / {best['with'][f'{key}_one_queries']} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="documents per flow (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs measured (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="install the templates again")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.n)
        return 0
    python = odoo_env.odoo_python()
    with pgcluster.running() as server:
        best = run(python, server, args.n, args.repeat, args.rebuild)
    text = table(best)
    print()
    print(text)
    if args.readme:
        import bench  # noqa: PLC0415

        bench.write_readme(text, "bench-core")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
