"""Orchestration: databases, measuring processes, tables, README."""

import argparse
import os
import re
import subprocess
import time

import bench_core
import odoo_env
import pgcluster

from . import __doc__ as DESCRIPTION
from .generators import generate
from .measures import MEASURES, measure_main
from .sizes import ADDON, NAIVE_CUSTOMERS, README, REPO, SIZES, TEMPLATE

PACKAGE = os.path.dirname(os.path.abspath(__file__))


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
        print(
            f"Generated {', '.join(generated)} in {time.time() - started:.0f}s",
            flush=True,
        )
    return generated


def _measure(python, server, what, database, count=0):
    extra = ["--count", str(count)] if count else []
    return odoo_env.json_result(
        [python, PACKAGE, "--measure", what, "--database", database, *extra],
        server.env(),
        f"measuring {what} on {database}",
    )


def _bench_reporting(python, server, database):
    """Time the performance report (pivot, workbook) of last year with bench_reporting.py."""
    year = time.localtime().tm_year - 1
    script = os.path.join(os.path.dirname(PACKAGE), "bench_reporting.py")
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
        size, run, floor, naive = (
            row["size"],
            row["run"],
            row["floor"],
            row.get("naive"),
        )
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


def visits_table(rows):
    """The visit cadence job's timings as a Markdown table."""
    lines = [
        "| size | customers with a done visit | overdue | first run (s / queries) "
        "| second run, nothing to change (s / queries) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        visits = row["visits"]
        lines.append(
            f"| {row['size'].key} | {visits['customers']:,} | {visits['overdue']:,} "
            f"| {visits['seconds']:.2f} / {visits['queries']} "
            f"| {visits['second_seconds']:.2f} / {visits['second_queries']} |"
        )
    return "\n".join(lines)


def plans_table(rows):
    """The visit plan job's timings as a Markdown table."""
    lines = [
        "| size | customers with a plan | visits planned (8 weeks) | first run (s / queries) "
        "| per plan (ms) | second run, nothing to plan (s / queries) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        plans = row["plans"]
        lines.append(
            f"| {row['size'].key} | {plans['plans']:,} | {plans['visits']:,} "
            f"| {plans['seconds']:.2f} / {plans['queries']:,} "
            f"| {1000 * plans['seconds'] / plans['plans']:.1f} "
            f"| {plans['second_seconds']:.2f} / {plans['second_queries']:,} |"
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
    print(
        "  credit check: " + confirm_table([(size, (off, on))]).splitlines()[-1],
        flush=True,
    )
    return size, (off, on)


# what --only selects, in the order they run
STEPS = {
    "confirm": "action_confirm of 1,000 orders, credit check off and on",
    "run": "the nightly classification run of all customers",
    "floor": "the bare SQL of the same aggregates and one bulk upsert",
    "naive": "per-customer ORM sums and writes (sizes up to 2,000 customers)",
    "install": "the install hook on the history (numbering, first classification)",
    "reporting": "the performance report (tools/bench_reporting.py)",
    "visits": "the visit cadence job on as many extra customers as the size has",
    "plans": "the visit plan job: one plan per extra customer (--plans), one horizon",
    "core": "the core flows with and without the addon (tools/bench_core.py)",
}


def _steps(text):
    """The steps named in ``--only`` (comma-separated), all when empty."""
    if not text:
        return set(STEPS)
    steps = {step.strip() for step in text.split(",") if step.strip()}
    unknown = steps - set(STEPS)
    if unknown:
        raise SystemExit(
            f"--only: unknown {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}"
        )
    return steps


def _parser():
    parser = argparse.ArgumentParser(
        prog="tools/bench",
        description=DESCRIPTION,
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument("--sizes", default="S,L", help="comma-separated sizes: S, L (default both)")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; best kept")
    parser.add_argument("--no-update", action="store_true", help="skip upgrading the addon first")
    parser.add_argument("--readme", action="store_true", help="write the tables into README.md")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated measures, default all:\n"
        + "\n".join(f"  {name}: {text}" for name, text in STEPS.items()),
    )
    parser.add_argument("--only-confirm", action="store_true", help="the same as --only confirm")
    parser.add_argument(
        "--prefix", default=f"{ADDON}_bench", help="database names: PREFIX_s, PREFIX_l"
    )
    parser.add_argument(
        "--core-n",
        type=int,
        default=1000,
        help="documents per core flow with / without the addon (tools/bench_core.py); 0 skips",
    )
    parser.add_argument(
        "--plans",
        type=int,
        default=0,
        help="customers with a visit plan for --only plans (default: the size's customers)",
    )
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def _bench_size(python, server, size, database, *, steps, args, generated):
    """The per-database measures of ``steps`` on ``database``; return its row."""
    row = {"size": size}
    if "confirm" in steps:
        row["confirm"] = _bench_confirm(python, server, size, database, args.repeat)[1]
    if "run" in steps:
        if generated:
            first = _measure(python, server, "run", database)
            print(f"  first run after generation: {first['seconds']:.2f}s", flush=True)
        row["run"] = _best(python, server, "run", database, args.repeat)
    if "floor" in steps:
        row["floor"] = _best(python, server, "floor", database, args.repeat)
    if "naive" in steps and size.customers <= NAIVE_CUSTOMERS:
        row["naive"] = _measure(python, server, "naive", database)
    if {"run", "floor"} <= steps:
        print(table([row]).splitlines()[-1], flush=True)
    if "install" in steps:
        row["backfill"] = _measure_backfill(python, server, database)
        print("  install hook: " + backfill_table([row]).splitlines()[-1], flush=True)
    if "reporting" in steps:
        _bench_reporting(python, server, database)
    if "visits" in steps:
        row["visits"] = _best(python, server, "visits", database, args.repeat)
        print("  visit cadence: " + visits_table([row]).splitlines()[-1], flush=True)
    if "plans" in steps:  # once: the fixture and the visits it plans are the cost
        row["plans"] = _measure(python, server, "plans", database, args.plans)
        print("  visit plans: " + plans_table([row]).splitlines()[-1], flush=True)
    return row


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.measure:
        measure_main(args.measure, args.database, args.count)
        return 0
    steps = {"confirm"} if args.only_confirm else _steps(args.only)
    python = odoo_env.odoo_python()
    sizes = [SIZES[key.strip().upper()] for key in args.sizes.split(",")]
    rows = []
    core = None
    with pgcluster.running() as server:
        if steps - {"core"}:
            for size in sizes:
                database = size.database(args.prefix)
                generated = ensure_database(
                    python,
                    server,
                    size,
                    database,
                    rebuild=args.rebuild,
                    update=not args.no_update,
                )
                print(f"Measuring {database}...", flush=True)
                rows.append(
                    _bench_size(
                        python, server, size, database, steps=steps, args=args, generated=generated
                    )
                )
        if "core" in steps and args.core_n:
            core = bench_core.run(python, server, args.core_n)
    return _report(args, steps, rows, core)


def _report(args, steps, rows, core):
    """Print the tables of a run and, with ``--readme``, write them into README.md."""
    tables = []  # (README marker or None, text)
    if "confirm" in steps:
        tables.append((None, confirm_table([(row["size"], row["confirm"]) for row in rows])))
    if {"run", "floor"} <= steps:
        tables.append(("bench", table(rows)))
    if "install" in steps:
        tables.append(("bench-install", backfill_table(rows)))
    if "visits" in steps:
        tables.append(("bench-visits", visits_table(rows)))
    if "plans" in steps:
        tables.append(("bench-plans", plans_table(rows)))
    if core:
        tables.append(("bench-core", bench_core.table(core)))
    for _marker, text in tables:
        print()
        print(text)
    if args.readme:
        for marker, text in tables:
            if marker:
                write_readme(text, marker)
        print("README.md updated")
    return 0
