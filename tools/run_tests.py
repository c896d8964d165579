"""`make test`: lint, library tests, then the addon's Odoo tests on a throw-away database.

Ends with one line ``N passed, N failed, N skipped`` counting every test run,
and exits non-zero when anything failed, including a step that could not run.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import install_cycle
import odoo_env
import pgcluster
import prerequisites

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
CACHE = os.path.join(REPO, ".cache")
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIPPED = re.compile(r" (?:INFO|WARNING) \S+ \S+: skipped ")
LOGGED_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
SHOWN = re.compile(
    r" (WARNING|ERROR|CRITICAL) | odoo\.addons\.crm_customer_info\.| odoo\.tests\.| post-tests "
    r"|Starting post tests|tests when loading database"
)

# The pyproject.toml extra each step needs in the Python that runs Odoo (see prerequisites).
EXTRAS = {"lint": "lint", "lib": "test", "odoo": "odoo"}


@dataclass
class Count:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped


def banner(text):
    print(f"\n=== {text} ===", flush=True)


def run_lint(python):
    """ruff (lint + format) and pylint-odoo; each tool that complains counts one failure.

    Clean linters are not tests, so they add nothing to the passed count.
    """
    banner("lint")
    count = Count()
    checks = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        ("pylint-odoo", [python, "-m", "pylint", "--rcfile=.pylintrc", ADDON]),
    ]
    for name, cmd in checks:
        ok = subprocess.run(cmd, cwd=REPO, check=False).returncode == 0
        print(f"{name}: {'ok' if ok else 'FAILED'}", flush=True)
        count.failed += not ok
    return count


def run_library_tests(python):
    banner("library tests (pytest tests/)")
    os.makedirs(CACHE, exist_ok=True)
    report = os.path.join(CACHE, "pytest-library.xml")
    if os.path.exists(report):
        os.remove(report)
    cmd = [python, "-m", "pytest", "tests", "-q", f"--junitxml={report}"]
    code = subprocess.run(cmd, cwd=REPO, check=False).returncode
    if not os.path.exists(report):
        print("pytest produced no report", flush=True)
        return Count(failed=1)
    suite = ET.parse(report).getroot()
    suite = suite.find("testsuite") if suite.tag == "testsuites" else suite
    total, skipped = int(suite.get("tests")), int(suite.get("skipped"))
    failed = int(suite.get("failures")) + int(suite.get("errors"))
    count = Count(total - failed - skipped, failed, skipped)
    if code not in (0, 1) and not failed:
        count.failed += 1
    return count


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drop_database(server, name):
    subprocess.run(
        ["dropdb", "--if-exists", name], env=server.env(), check=False, capture_output=True
    )


def system_packages_present():
    """Warn about Debian packages whose tests will skip; False when CI requires them.

    The browser tours need Chromium (``REQUIRE_TOURS``), the real PDF rendering
    wkhtmltopdf, a CJK font and pdftotext (``REQUIRE_PDF``).
    """
    present = True
    for variable, what, missing in (
        ("REQUIRE_TOURS", "browser tours", prerequisites.missing_tour_packages()),
        ("REQUIRE_PDF", "PDF printing tests", prerequisites.missing_pdf_packages(testing=True)),
    ):
        if not missing:
            continue
        fix = f"apt-get install {' '.join(missing)}"
        if os.environ.get(variable):
            print(f"FAILED: {variable} is set (CI) and {what} lacks: {fix}", flush=True)
            present = False
        else:
            print(f"WARNING: {what} will be skipped; to run them: {fix}", flush=True)
    return present


def run_odoo_tests(python, test_tags):
    """Install the addon with demo data in a fresh database and run its tests.

    Then, on the same database, upgrade, uninstall and reinstall it (install_cycle).
    """
    banner(f"Odoo tests ({test_tags}) on a fresh database")
    if not system_packages_present():
        return Count(failed=1)
    database = f"{ADDON}_test_{os.getpid()}"
    log_path = os.path.join(CACHE, "odoo-tests.log")
    os.makedirs(CACHE, exist_ok=True)
    with pgcluster.running() as server:
        _drop_database(server, database)
        cmd = [
            *odoo_env.odoo_command(python),
            f"--addons-path={REPO}",
            *server.odoo_args(),
            f"--database={database}",
            f"--init={ADDON}",
            "--test-enable",
            f"--test-tags={test_tags}",
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            f"--http-port={_free_port()}",
            "--max-cron-threads=0",
            "--log-level=info",
        ]
        env = dict(os.environ, TZ="UTC")
        summary, logged_errors, skipped, cycle = None, 0, 0, (0, 0)
        started = time.time()
        try:
            with open(log_path, "w", encoding="utf-8") as log:
                proc = subprocess.Popen(
                    cmd,
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    errors="replace",
                )
                for line in proc.stdout:
                    log.write(line)
                    if SHOWN.search(line):
                        print(line, end="", flush=True)
                    if match := SUMMARY.search(line):
                        summary = tuple(int(g) for g in match.groups())
                    elif LOGGED_ERROR.search(line):
                        logged_errors += 1
                    if SKIPPED.search(line):
                        skipped += 1
                code = proc.wait()
            if summary is not None:
                banner("install cycle: upgrade, uninstall, reinstall")
                cycle = install_cycle.run(
                    python, server, database, os.path.join(CACHE, "install-cycle.log")
                )
        finally:
            _drop_database(server, database)
    print(f"Odoo run took {time.time() - started:.0f}s; full log: {log_path}", flush=True)
    if summary is None:
        print("Odoo did not report a test summary: the install or the run failed.", flush=True)
        return Count(failed=1)
    failures, errors, total = summary
    failed = failures + errors
    count = Count(total - failed - skipped + cycle[0], failed + cycle[1], skipped)
    if not failed and (code != 0 or logged_errors):
        print(
            f"Odoo exited with {code} after logging {logged_errors} error line(s) outside tests.",
            flush=True,
        )
        count.failed += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", choices=["lint", "lib", "odoo"], help="run one step instead of all three"
    )
    parser.add_argument(
        "--tags", default=f"/{ADDON}", help="Odoo --test-tags (default: every test of the addon)"
    )
    args = parser.parse_args()
    python = odoo_env.odoo_python()
    steps = [args.only] if args.only else ["lint", "lib", "odoo"]
    prerequisites.install_missing(python, *(EXTRAS[step] for step in steps))
    total = Count()
    if "lint" in steps:
        total.add(run_lint(python))
    if "lib" in steps:
        total.add(run_library_tests(python))
    if "odoo" in steps:
        total.add(run_odoo_tests(python, args.tags))
    print()
    print(f"{total.passed} passed, {total.failed} failed, {total.skipped} skipped", flush=True)
    # Lint alone counts no tests; any other run that counts none has failed to run them.
    ran_nothing = args.only != "lint" and not total.passed
    return 1 if total.failed or ran_nothing else 0


if __name__ == "__main__":
    sys.exit(main())
