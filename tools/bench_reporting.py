"""Benchmark the salesperson performance report on a database with the addon installed.

    python3 tools/bench_reporting.py DATABASE [--year 2025] [--runs 3] [--json OUT]

Measures, as the administrator with every company selected:

- **catch-up**: first, in a child process (so that its memory does not count
  below), the stored figures are brought up to date with the changes pending
  since the last read (after ``make bench`` generated or classified data:
  possibly every month), as the scheduled refresh would, and committed;
- **pivot**: the four grouped reads the pivot view makes for its default grouping
  (salesperson rows, month columns, default measures) over one calendar year;
  wall time of the first run (cold) and the best of ``--runs``;
- **workbook**: the "Export Workbook" file for the same year and all salespeople;
  wall time, file size, peak Python memory while building it (tracemalloc, in a
  second traced run) and the process's peak resident memory (includes Odoo);
- **refresh**: bringing the stored figures up to date after a change touching
  one month and one customer (what the next read after a sale pays);
- **rebuild** (with ``--rebuild``): recomputing every stored figure, as a module
  update does.

Targets from issue 6 for the L database: pivot <= 2 s, workbook <= 15 s and
<= 300 MB. ``bench()`` returns the figures as a dict, for ``make bench``.
Apart from the catch-up, nothing is written to the database.
"""

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
import tracemalloc

import odoo_env
import pgcluster

ADDON = "crm_customer_info"
REPORT = "crm.customer.performance.report"
TARGETS = {"pivot_seconds": 2.0, "workbook_seconds": 15.0, "workbook_peak_mb": 300.0}
# Figures of the year that show how much data the report sums.
VOLUME = (
    "order_count",
    "new_customer_count",
    "lost_customer_count",
    "visit_planned_count",
    "visit_done_count",
    "log_complaint_count",
    "complaint_resolved_count",
    "satisfaction_count",
)


def _max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pivot_reads(report, domain):
    """The grouped reads of the pivot view: total, rows, columns and cells."""
    from lxml import etree  # noqa: PLC0415 (comes with Odoo)

    arch = etree.fromstring(report.get_view(view_type="pivot")["arch"])
    measures = [
        f"{node.get('name')}:sum" for node in arch.iter("field") if node.get("type") == "measure"
    ]
    for groupby in ([], ["user_id"], ["date:month"], ["user_id", "date:month"]):
        report.read_group(domain, [*measures, "__count"], groupby, lazy=False)


def _storage():
    """The storage module of the report (its table names), importable once Odoo is."""
    from odoo.addons.crm_customer_info.report import (  # noqa: PLC0415
        crm_customer_performance_storage,
    )

    return crm_customer_performance_storage


def _stale(env, year):
    """Mark the last month of ``year`` and one of its customers stale, as a change would."""
    from odoo.tools import SQL  # noqa: PLC0415

    storage = _storage()
    env.cr.execute(
        SQL(
            "INSERT INTO %s (company_id, month)"
            " SELECT company_id, max(date) FROM %s"
            " WHERE date BETWEEN %s AND %s GROUP BY company_id ON CONFLICT DO NOTHING",
            SQL.identifier(storage.DIRTY_MONTH_TABLE),
            SQL.identifier(storage.DATA_TABLE),
            f"{year}-01-01",
            f"{year}-12-31",
        )
    )
    env.cr.execute(
        SQL(
            "INSERT INTO %s (company_id, partner_id)"
            " SELECT company_id, partner_id FROM %s"
            " WHERE month BETWEEN %s AND %s LIMIT 1 ON CONFLICT DO NOTHING",
            SQL.identifier(storage.DIRTY_CUSTOMER_TABLE),
            SQL.identifier(storage.FIRST_TABLE),
            f"{year}-01-01",
            f"{year}-12-31",
        )
    )


def _timed(func):
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _catch_up(database):
    """Bring the stored figures of ``database`` up to date and commit; return the seconds."""
    import odoo  # noqa: PLC0415

    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        return _timed(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})[REPORT]._refresh)


def bench(database, year, runs=3, server=None, rebuild=False):
    """Run the benchmark on ``database`` for calendar ``year``; return the figures.

    Times are in seconds, sizes in megabytes (MB) except ``workbook_bytes``.
    """
    # Odoo is imported here, once main() has made sure this interpreter has it.
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415

    server = server or pgcluster.ensure()
    odoo.tools.config.parse_config(
        [
            f"--addons-path={odoo_env.REPO}",
            *server.odoo_args(),
            f"--database={database}",
            "--log-level=warn",
        ]
    )
    with multiprocessing.get_context("fork").Pool(1) as pool:
        catch_up_seconds = pool.apply(_catch_up, (database,))
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        companies = env["res.company"].search([])
        admin.company_ids |= companies
        env = env(user=admin, context={"allowed_company_ids": companies.ids, "tz": admin.tz})
        report = env[REPORT]
        domain = [("date", ">=", f"{year}-01-01"), ("date", "<=", f"{year}-12-31")]
        timings = []
        for _run in range(runs):
            env.invalidate_all()
            started = time.perf_counter()
            _pivot_reads(report, domain)
            timings.append(time.perf_counter() - started)
        rows = report.search_count(domain)
        [volume] = report.read_group(domain, [f"{name}:sum" for name in VOLUME], [], lazy=False)
        export = env["crm.customer.export"].create(
            {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
        )
        rss_before = _max_rss_mb()
        started = time.perf_counter()
        _name, content = export._workbook()
        workbook_seconds = time.perf_counter() - started
        rss_after = _max_rss_mb()
        env.invalidate_all()
        tracemalloc.start()
        export._workbook()
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report = report.sudo()
        _stale(env, year)
        refresh_seconds = _timed(report._refresh)
        rebuild_seconds = None
        if rebuild:
            env.cr.execute(
                f"INSERT INTO {_storage().DIRTY_COMPANY_TABLE} SELECT id FROM res_company"
            )
            rebuild_seconds = _timed(report._refresh)
        cr.rollback()
    return {
        "database": database,
        "year": year,
        "report_rows": rows,
        **{name: volume[name] or 0 for name in VOLUME},
        "catch_up_seconds": catch_up_seconds,
        "pivot_seconds": timings[0],
        "pivot_best_seconds": min(timings),
        "workbook_seconds": workbook_seconds,
        "workbook_bytes": len(content),
        "workbook_python_peak_mb": traced_peak / 2**20,
        "workbook_peak_mb": rss_after,
        "rss_before_workbook_mb": rss_before,
        "refresh_seconds": refresh_seconds,
        "rebuild_seconds": rebuild_seconds,
    }


def _report(figures):
    lines = [
        f"Performance report on {figures['database']}, {figures['year']}: "
        f"{figures['report_rows']} report rows; "
        + ", ".join(f"{name} {figures[name]:,}" for name in VOLUME),
        f"catch-up of pending changes: {figures['catch_up_seconds']:.2f} s",
        f"pivot (4 grouped reads): first {figures['pivot_seconds']:.2f} s, best "
        f"{figures['pivot_best_seconds']:.2f} s (target {TARGETS['pivot_seconds']:.0f} s)",
        f"workbook: {figures['workbook_seconds']:.2f} s, "
        f"{figures['workbook_bytes'] / 1024:.0f} KB, "
        f"Python peak {figures['workbook_python_peak_mb']:.1f} MB, process peak RSS "
        f"{figures['workbook_peak_mb']:.0f} MB ({figures['rss_before_workbook_mb']:.0f} MB "
        f"before) (targets {TARGETS['workbook_seconds']:.0f} s, "
        f"{TARGETS['workbook_peak_mb']:.0f} MB)",
        f"refresh after a change (one month, one customer): {figures['refresh_seconds']:.2f} s",
    ]
    if figures["rebuild_seconds"] is not None:
        lines.append(f"full rebuild of the stored figures: {figures['rebuild_seconds']:.1f} s")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--year", type=int, default=time.localtime().tm_year)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="also time a full rebuild")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    python = odoo_env.odoo_python()
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        sys.exit(subprocess.run([python, *sys.argv], check=False).returncode)
    with pgcluster.running() as server:
        figures = bench(args.database, args.year, args.runs, server, args.rebuild)
    print(_report(figures), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    missed = [key for key, limit in TARGETS.items() if figures[key] > limit]
    if missed:
        print(f"over target: {', '.join(missed)}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
