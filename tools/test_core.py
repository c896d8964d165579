"""`make test-core`: Odoo's own post_install tests of the apps the addon hooks into.

    python3 tools/test_core.py                     # the CI set, addon installed
    python3 tools/test_core.py --nightly           # the rest of account
    python3 tools/test_core.py --set all           # every post_install test of the six apps
    python3 tools/test_core.py --tags /calendar,-at_install
    python3 tools/test_core.py --without-addon --tags /crm,-at_install   # the proof database
    python3 tools/test_core.py --reuse             # keep and reuse the installed template

A template database is installed with demo data and the addon (or, with
``--without-addon``, the same apps without it: ``contacts, crm, sale_management,
sale_stock, account, calendar, board``), then copied for the test run, so that
the run starts from the state of a fresh install. Odoo runs the post_install
tests of every installed module that the tags select (``-at_install`` keeps the
install-time tests out: they ran when Odoo's own CI installed those apps alone).

Ends with one line ``N passed, N failed, N skipped`` counting the core tests,
and exits non-zero when one failed or Odoo could not run them. The per-class
wall times (set-up included) are written to ``.cache/test-core-classes.txt``.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time

import odoo_env
import pgcluster
from run_tests import SKIPPED, SUMMARY, Count, _drop_database, _free_port, banner

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
CACHE = os.path.join(REPO, ".cache")
# The addon's dependencies, i.e. the same database without the addon.
BARE_MODULES = "contacts,crm,sale_management,sale_stock,account,calendar,board"
MODULES = ("calendar", "crm", "sale", "sale_stock", "stock", "account")
# account's post_install tests (some 800, about 40 minutes here) would double the run:
# every CI run takes from them only the classes on what the addon hooks into (posting
# invoices and refunds, registering payments); `make test-core-nightly` runs the rest.
CI_CLASSES = (
    ("account", "TestAccountMoveOutInvoiceOnchanges"),
    ("account", "TestAccountMoveOutRefundOnchanges"),
    ("account", "TestAccountPaymentRegister"),
    ("account", "TestAccountPayment"),
)
NIGHTLY_MODULES = ("account",)
TAG_SETS = {
    "ci": ",".join(
        [f"/{module}" for module in MODULES if module not in NIGHTLY_MODULES]
        + [f"/{module}:{cls}" for module, cls in CI_CLASSES]
        + ["-at_install"]
    ),
    "nightly": ",".join(
        [f"/{module}" for module in NIGHTLY_MODULES]
        + [f"-/{module}:{cls}" for module, cls in CI_CLASSES]
        + ["-at_install"]
    ),
    "all": ",".join([f"/{module}" for module in MODULES] + ["-at_install"]),
}
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ ")
STARTING = re.compile(r" odoo\.addons\.(\w+)\.tests\.\S+: Starting (\w+)\.")
LOGGED_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
SHOWN = re.compile(
    r" (ERROR|CRITICAL) | odoo\.tests\.stats: |Starting post tests|post-tests in "
    r"|tests when loading database| FAIL: | ERROR: "
)


def filestore(database):
    """Odoo's default file store of ``database`` (attachments: images, reports...)."""
    return os.path.join(os.path.expanduser("~"), ".local", "share", "Odoo", "filestore", database)


def copy_database(server, source, target):
    """``createdb -T`` plus the file store: a copy without it misses every image."""
    drop_database(server, target)
    subprocess.run(["createdb", "-T", source, target], env=server.env(), check=True)
    if os.path.isdir(filestore(source)):
        shutil.copytree(filestore(source), filestore(target))


def drop_database(server, name):
    _drop_database(server, name)
    shutil.rmtree(filestore(name), ignore_errors=True)


def _odoo_base(python, server, database):
    return [
        *odoo_env.odoo_command(python),
        f"--addons-path={REPO}",
        *server.odoo_args(),
        f"--database={database}",
        "--stop-after-init",
        "--max-cron-threads=0",
    ]


def ensure_template(python, server, template, modules, reuse):
    """Install ``modules`` with demo data into ``template`` unless it exists and ``reuse``."""
    if reuse and server.database_exists(template):
        print(f"Reusing {template}", flush=True)
        return
    drop_database(server, template)
    banner(f"installing {modules} with demo data into {template}")
    started = time.time()
    log_path = os.path.join(CACHE, f"{template}-install.log")
    with open(log_path, "w", encoding="utf-8") as log:
        code = subprocess.run(
            [
                *_odoo_base(python, server, template),
                f"--init={modules}",
                "--no-http",
                "--log-level=warn",
            ],
            cwd=REPO,
            env=dict(os.environ, TZ="UTC"),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        ).returncode
    print(f"install took {time.time() - started:.0f}s (log: {log_path})", flush=True)
    if code != 0:
        drop_database(server, template)
        raise SystemExit(f"installing {modules} failed, see {log_path}")


def class_times(lines):
    """Wall seconds per test class from the log's timestamps, set-up included.

    A class's time runs from the end of the previous class's last test (its
    ``setUpClass`` starts then) to the end of its own last test.
    """
    spans, order, previous = {}, [], None
    last_stamp = None
    for line in lines:
        stamp = STAMP.match(line)
        if not stamp:
            continue
        now = time.mktime(time.strptime(stamp[1], "%Y-%m-%d %H:%M:%S"))
        match = STARTING.search(line)
        if match:
            key = f"{match[1]}:{match[2]}"
            if key != previous:
                if key not in spans:
                    order.append(key)
                    spans[key] = [last_stamp or now, now]
                previous = key
        if previous:
            spans[previous][1] = now
        last_stamp = now
    return collections.OrderedDict((key, spans[key][1] - spans[key][0]) for key in order)


def report_times(seconds, times, log_path):
    """Print the run's time per module and its slowest classes; write every class's time."""
    with open(log_path.replace(".log", "-classes.txt"), "w", encoding="utf-8") as out:
        for key, spent in sorted(times.items(), key=lambda item: -item[1]):
            out.write(f"{spent:8.0f}s  {key}\n")
    per_module = collections.Counter()
    for key, spent in times.items():
        per_module[key.split(":")[0]] += spent
    print(f"\nOdoo run took {seconds:.0f}s; full log: {log_path}", flush=True)
    for module, spent in per_module.most_common():
        print(f"  {module}: {spent:.0f}s", flush=True)
    slowest = sorted(times.items(), key=lambda item: -item[1])[:8]
    if slowest:
        print("  slowest classes: " + ", ".join(f"{k} {v:.0f}s" for k, v in slowest), flush=True)


def run_tests(python, server, template, tags, *, keep_copy=False, log_path=None):
    """Copy ``template`` and run the post_install tests selected by ``tags`` on the copy."""
    database = f"{template}_run_{os.getpid()}"
    copy_database(server, template, database)
    log_path = log_path or os.path.join(CACHE, "test-core.log")
    banner(f"Odoo post_install tests ({tags}) on {database}")
    summary, logged_errors, skipped, lines = None, 0, 0, []
    started = time.time()
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [
                    *_odoo_base(python, server, database),
                    "--test-enable",
                    f"--test-tags={tags}",
                    "--http-interface=127.0.0.1",
                    f"--http-port={_free_port()}",
                    "--log-level=info",
                    "--log-handler=odoo.tests.stats:INFO",
                ],
                cwd=REPO,
                env=dict(os.environ, TZ="UTC"),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
            for line in proc.stdout:
                log.write(line)
                lines.append(line)
                if SHOWN.search(line):
                    print(line, end="", flush=True)
                if match := SUMMARY.search(line):
                    summary = tuple(int(group) for group in match.groups())
                elif LOGGED_ERROR.search(line):
                    logged_errors += 1
                if SKIPPED.search(line):
                    skipped += 1
            code = proc.wait()
    finally:
        if not keep_copy:
            drop_database(server, database)
    report_times(time.time() - started, class_times(lines), log_path)
    if summary is None:
        print("Odoo did not report a test summary: the run failed.", flush=True)
        return Count(failed=1)
    failures, errors, total = summary
    failed = failures + errors
    count = Count(total - failed - skipped, failed, skipped)
    if not failed and (code != 0 or logged_errors):
        print(f"Odoo exited with {code} after logging {logged_errors} error line(s).", flush=True)
        count.failed += 1
    return count


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--set",
        choices=sorted(TAG_SETS),
        default="ci",
        help="ci (default): "
        + TAG_SETS["ci"]
        + "\nnightly: "
        + TAG_SETS["nightly"]
        + "\nall: "
        + TAG_SETS["all"],
    )
    parser.add_argument("--nightly", action="store_true", help="the same as --set nightly")
    parser.add_argument("--tags", help="Odoo --test-tags, instead of a set")
    parser.add_argument(
        "--without-addon",
        action="store_true",
        help=f"install {BARE_MODULES} without the addon (to prove a failure is not ours)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the template database when it exists"
    )
    parser.add_argument("--keep", action="store_true", help="keep the copy the tests ran on")
    parser.add_argument("--log", help="Odoo's log (default .cache/test-core.log)")
    args = parser.parse_args()
    tags = args.tags or TAG_SETS["nightly" if args.nightly else args.set]
    python = odoo_env.odoo_python()
    os.makedirs(CACHE, exist_ok=True)
    if args.without_addon:
        template, modules = f"{ADDON}_core_bare_template", BARE_MODULES
    else:
        template, modules = f"{ADDON}_core_template", ADDON
    with pgcluster.running() as server:
        try:
            ensure_template(python, server, template, modules, args.reuse)
            count = run_tests(
                python, server, template, tags, keep_copy=args.keep, log_path=args.log
            )
        finally:
            if not args.reuse:
                drop_database(server, template)
    print()
    print(f"{count.passed} passed, {count.failed} failed, {count.skipped} skipped", flush=True)
    return 1 if count.failed or not count.passed else 0


if __name__ == "__main__":
    sys.exit(main())
