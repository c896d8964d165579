"""`make load`: concurrent salespeople over JSON-RPC against Odoo's multi-process server.

    python3 tools/load.py                          # 20 salespeople, 120 s
    python3 tools/load.py --users 5 --seconds 30   # a short run
    python3 tools/load.py --rebuild                # install the demo template again

A demo database (demo data, the addon installed) is kept as a template,
``crm_customer_info_load_template``, and copied to ``crm_customer_info_load``
for every run. On the copy, through the ORM, N salespeople are created
(``load_sales_<i>`` / password ``load``; Sales *Own Documents*, Invoicing and
the addon's *User: Own Customers*) with five customers each, plus one product
invoiced on order. Then Odoo is started on that database with ``--workers 4
--max-cron-threads 1``, listening on 127.0.0.1 only (a free port), and each
salesperson logs in (``/web/session/authenticate``) and, for ``--seconds``
seconds at most (and at most ``--max-rounds`` rounds), repeats over
``/web/dataset/call_kw``:

- ``customers``: the customer list (``web_search_read``) and a customer form
  (``web_read``);
- ``visit``: plan a visit, check in, check out, record the outcome (the *Done*
  wizard);
- ``complaint``: log a complaint, write its resolution, resolve it;
- ``order``: create and confirm an order, invoice it (``sale.advance.payment.inv``),
  post the invoice;
- ``pivot``: the performance pivot (``read_group`` by salesperson and month).

Meanwhile a manager (admin) classifies every customer and refreshes the
performance figures in a loop (the scheduled actions, *Run Manually*).

Reported: requests per second, p50 / p95 / max latency of each action's calls,
errors, and the serialization failures, deadlocks and lock waits over 1 s in
the PostgreSQL log (``log_lock_waits`` and ``deadlock_timeout = 1s`` are set on
the database; on the harness's private cluster ``log_line_prefix`` is set with
``ALTER SYSTEM`` to name the database, so that other databases' lines are left
out; on another server the log is not read). Last, the stored performance
figures are compared with a full rebuild (``crm.customer.performance.report``:
all companies recomputed).
Exits non-zero on any error, deadlock or difference.
"""

import argparse
import collections
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import odoo_env
import pgcluster
import test_core

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
TEMPLATE = f"{ADDON}_load_template"
DATABASE = f"{ADDON}_load"
CACHE = os.path.join(REPO, ".cache")
PASSWORD = "load"
READS = ("customers", "pivot")
PG_PROBLEMS = {
    "serialization failures": re.compile(r"could not serialize access"),
    "deadlocks": re.compile(r"deadlock detected"),
    "lock waits > 1 s": re.compile(r"still waiting for \w+Lock"),
}
# Odoo's own counters (res.partner._increase_rank) take their row with NOWAIT in a
# savepoint and skip the increment on conflict: expected, not a failed request.
SKIPPED_BY_ODOO = re.compile(r"FOR NO KEY UPDATE NOWAIT")


def pg_problems(text, database):
    """Count the problems of ``database``'s entries in a PostgreSQL log, and name the
    statement of each serialization failure. An entry is a prefixed line and its
    indented continuation lines (the statement)."""
    entries = []
    for line in text.splitlines():
        if line[:1].isspace() and entries:
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    entries = [entry for entry in entries if f"db={database} " in entry]
    counts = dict.fromkeys([*PG_PROBLEMS, "serialization failures Odoo skips"], 0)
    statements = []
    for i, entry in enumerate(entries):
        for name, pattern in PG_PROBLEMS.items():
            if pattern.search(entry):
                statement = entries[i + 1] if i + 1 < len(entries) else ""
                skipped = name == "serialization failures" and SKIPPED_BY_ODOO.search(statement)
                counts["serialization failures Odoo skips" if skipped else name] += 1
                if name == "serialization failures" and not skipped:
                    statements.append(statement.partition("STATEMENT:")[2].strip()[:120])
    return counts, statements


# ----------------------------------------------------------------------------
# Setup (in a separate process, through the ORM)
# ----------------------------------------------------------------------------


def setup_main(database, users):
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    server = pgcluster.ensure()
    config.parse_config(
        [f"--addons-path={REPO}", *server.odoo_args(), f"--database={database}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        groups = [
            env.ref("sales_team.group_sale_salesman").id,
            env.ref("account.group_account_invoice").id,
            env.ref(f"{ADDON}.group_crm_customer_user").id,
        ]
        salespeople = env["res.users"].create(
            [
                {
                    "name": f"Load Salesperson {i}",
                    "login": f"load_sales_{i}",
                    "password": PASSWORD,
                    "groups_id": [(6, 0, groups)],
                }
                for i in range(users)
            ]
        )
        for user in salespeople:
            env["res.partner"].create(
                [
                    {
                        "name": f"{user.name} Customer {j}",
                        "is_company": True,
                        "user_id": user.id,
                        "email": f"{user.login}.{j}@load.example.com",
                    }
                    for j in range(5)
                ]
            )
        product = env["product.product"].create(
            {"name": "Load Product", "type": "consu", "list_price": 50, "invoice_policy": "order"}
        )
        complaint = env.ref(f"{ADDON}.crm_customer_log_type_complaint")
        refresh_cron = env.ref(f"{ADDON}.crm_customer_performance_cron_refresh")
        cr.execute(f"ALTER DATABASE {database} SET log_lock_waits = on")
        cr.execute(f"ALTER DATABASE {database} SET deadlock_timeout = '1s'")
        info = {
            "product": product.id,
            "complaint": complaint.id,
            "refresh_cron": refresh_cron.id,
        }
    print("RESULT " + json.dumps(info), flush=True)


def check_main(database):
    """Stored performance figures vs a full rebuild (rolled back)."""
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    server = pgcluster.ensure()
    config.parse_config(
        [f"--addons-path={REPO}", *server.odoo_args(), f"--database={database}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    storage = sys.modules[f"odoo.addons.{ADDON}.report.crm_customer_performance_storage"]
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        report = env["crm.customer.performance.report"]
        table = storage.DATA_TABLE
        measures = ["active_customer_count", *report._summed_measures()]
        snapshot = (
            f"SELECT company_id, user_id, team_id, date, {', '.join(measures)} FROM {table}"
            f" ORDER BY company_id, user_id NULLS FIRST, team_id NULLS FIRST, date"
        )
        report._refresh()
        cr.execute(snapshot)
        stored = cr.fetchall()
        cr.execute(f"INSERT INTO {storage.DIRTY_COMPANY_TABLE} SELECT id FROM res_company")
        report._refresh()
        cr.execute(snapshot)
        rebuilt = cr.fetchall()
        cr.rollback()
    differ = sorted(set(stored) ^ set(rebuilt))
    print(
        "RESULT "
        + json.dumps(
            {"rows": len(stored), "rebuilt_rows": len(rebuilt), "differ": differ[:10]}, default=str
        ),
        flush=True,
    )


# ----------------------------------------------------------------------------
# JSON-RPC clients
# ----------------------------------------------------------------------------


class RpcError(Exception):
    pass


class Client:
    def __init__(self, url, database, login, password):
        self.url, self.database = url, database
        self.cookies = ""
        self.uid = None
        self.context = {}
        self._authenticate(login, password)

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
        request = urllib.request.Request(
            self.url + path,
            data=body.encode(),
            headers={"Content-Type": "application/json", "Cookie": self.cookies},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            cookie = response.headers.get("Set-Cookie")
            if cookie:
                self.cookies = cookie.split(";", 1)[0]
            payload = json.loads(response.read())
        if payload.get("error"):
            data = payload["error"].get("data", {})
            raise RpcError(f"{data.get('name')}: {data.get('message')}")
        return payload["result"]

    def _authenticate(self, login, password):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.database, "login": login, "password": password},
        )
        self.uid = result["uid"]
        self.context = result.get("user_context", {})

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self._post(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.samples = []

    def timed(self, action, client, model, method, *args, **kwargs):
        started = time.perf_counter()
        try:
            return client.call(model, method, *args, **kwargs)
        except Exception as exc:
            with self.lock:
                self.errors[action] += 1
                if len(self.samples) < 20:
                    self.samples.append(f"{action} {model}.{method}: {exc}")
            raise
        finally:
            with self.lock:
                self.latency[action].append(time.perf_counter() - started)


def _customers(stats, client, _info):
    spec = {"display_name": {}, "email": {}, "phone": {}, "user_id": {"fields": {}}}
    page = stats.timed(
        "customers",
        client,
        "res.partner",
        "web_search_read",
        specification=spec,
        domain=[("user_id", "=", client.uid)],
        limit=80,
    )
    records = page["records"]
    form = {
        "display_name": {},
        "email": {},
        "customer_number": {},
        "level_id": {"fields": {"display_name": {}}},
        "region_id": {"fields": {"display_name": {}}},
    }
    stats.timed("customers", client, "res.partner", "web_read", [records[0]["id"]], form)
    return [record["id"] for record in records]


def _visit(stats, client, _info, partner):
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    visit = stats.timed(
        "visit",
        client,
        "crm.customer.visit",
        "create",
        [{"partner_id": partner, "start": now, "user_id": client.uid}],
    )[0]
    stats.timed("visit", client, "crm.customer.visit", "action_check_in", [visit])
    stats.timed("visit", client, "crm.customer.visit", "action_check_out", [visit])
    context = dict(client.context, default_visit_id=visit)
    wizard = stats.timed(
        "visit",
        client,
        "crm.customer.visit.done",
        "create",
        [{"visit_id": visit, "outcome": "<p>Load test</p>", "satisfaction": "4"}],
        context=context,
    )[0]
    stats.timed(
        "visit", client, "crm.customer.visit.done", "action_confirm", [wizard], context=context
    )


def _complaint(stats, client, info, partner):
    log = stats.timed(
        "complaint",
        client,
        "crm.customer.log",
        "create",
        [{"partner_id": partner, "type_id": info["complaint"], "subject": "Load complaint"}],
    )[0]
    stats.timed("complaint", client, "crm.customer.log", "write", [log], {"resolution": "Done."})
    stats.timed("complaint", client, "crm.customer.log", "action_resolve", [log])


def _order(stats, client, info, partner):
    order = stats.timed(
        "order",
        client,
        "sale.order",
        "create",
        [
            {
                "partner_id": partner,
                "order_line": [[0, 0, {"product_id": info["product"], "product_uom_qty": 2}]],
            }
        ],
    )[0]
    stats.timed("order", client, "sale.order", "action_confirm", [order])
    context = dict(client.context, active_model="sale.order", active_ids=[order], active_id=order)
    wizard = stats.timed(
        "order",
        client,
        "sale.advance.payment.inv",
        "create",
        [{"advance_payment_method": "delivered"}],
        context=context,
    )[0]
    action = stats.timed(
        "order", client, "sale.advance.payment.inv", "create_invoices", [wizard], context=context
    )
    stats.timed("order", client, "account.move", "action_post", [action["res_id"]])


def _pivot(stats, client, _info):
    stats.timed(
        "pivot",
        client,
        "crm.customer.performance.report",
        "read_group",
        [],
        ["order_amount:sum", "invoiced_amount:sum", "visit_done_count:sum"],
        ["user_id", "date:month"],
        lazy=False,
    )


def salesperson(url, stats, info, index, *, deadline, max_rounds):
    rng = random.Random(index)
    try:
        client = Client(url, DATABASE, f"load_sales_{index}", PASSWORD)
    except Exception as exc:
        with stats.lock:
            stats.errors["login"] += 1
            stats.samples.append(f"login {index}: {exc}")
        return
    for _round in range(max_rounds):
        if time.time() >= deadline:
            return
        try:
            partners = _customers(stats, client, info)
            partner = rng.choice(partners)
            for step in rng.sample([_visit, _complaint, _order], 3):
                if time.time() >= deadline:
                    return
                step(stats, client, info, partner)
            _pivot(stats, client, info)
        except Exception:  # counted by Stats.timed; the salesperson goes on
            time.sleep(0.5)


def manager(url, stats, info, deadline, stop):
    """Admin classifies every customer (*Classify All Customers*) and runs the scheduled
    refresh of the performance figures (*Run Manually*), every 10 s."""
    client = Client(url, DATABASE, "admin", "admin")
    for _round in range(1000):
        if time.time() >= deadline or stop.is_set():
            return
        calls = (
            ("classify", "crm.customer.classification", "action_classify_all", []),
            ("refresh", "ir.cron", "method_direct_trigger", [[info["refresh_cron"]]]),
        )
        for key, model, method, args in calls:
            with contextlib.suppress(Exception):  # counted by Stats.timed
                stats.timed(f"manager {key}", client, model, method, *args)
        stop.wait(10)


# ----------------------------------------------------------------------------
# Orchestration
# ----------------------------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_json(python, args, server):
    return odoo_env.json_result([python, os.path.abspath(__file__), *args], server.env(), args[0])


def prepare(python, server, users, rebuild, template=TEMPLATE):
    env = server.env()
    if rebuild:
        subprocess.run(["dropdb", "--if-exists", template], env=env, check=True)
    if not server.database_exists(template):
        print(f"Installing {ADDON} with demo data into {template}...", flush=True)
        subprocess.run(
            [
                *odoo_env.odoo_command(python),
                f"--addons-path={REPO}",
                *server.odoo_args(),
                f"--database={template}",
                f"--init={ADDON}",
                "--stop-after-init",
                "--no-http",
                "--max-cron-threads=0",
                "--log-level=warn",
            ],
            env=dict(os.environ, TZ="UTC"),
            check=True,
        )
    test_core.copy_database(server, template, DATABASE)
    return _run_json(python, ["--setup", str(users)], server)


def _wait_up(url, proc, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("Odoo stopped before answering")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("Odoo did not answer in time")


def pg_log_path(server):
    """The private cluster's log, its lines prefixed with the database name; None elsewhere."""
    if server.datadir:
        subprocess.run(
            [
                "psql",
                "-q",
                "-c",
                "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '",
                "-c",
                "SELECT pg_reload_conf()",
            ],
            env=server.env(),
            check=True,
            capture_output=True,
        )
        path = os.path.join(os.path.dirname(server.datadir), "server.log")
        if os.path.exists(path):
            return path
    return None


def report(stats, seconds, pg_counts, check):
    lines = [
        "| action | calls | p50 (s) | p95 (s) | max (s) | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = 0
    for action in sorted(stats.latency):
        values = sorted(stats.latency[action])
        total += len(values)

        def pct(q, values=values):
            return values[min(len(values) - 1, int(q * len(values)))]

        lines.append(
            f"| {action} | {len(values)} | {pct(0.5):.2f} | {pct(0.95):.2f} | {values[-1]:.2f} "
            f"| {stats.errors[action]} |"
        )
    lines.append("")
    lines.append(
        f"{total} requests in {seconds:.0f} s: {total / seconds:.1f} requests/s; "
        f"errors: {sum(stats.errors.values())}"
    )
    lines.append(
        "PostgreSQL log: "
        + (
            ", ".join(f"{count} {name}" for name, count in pg_counts.items())
            if pg_counts is not None
            else "not available (server not started by the harness)"
        )
    )
    lines.append(
        f"stored performance figures vs full rebuild: {check['rows']} rows stored,"
        f" {check['rebuilt_rows']} rebuilt, {len(check['differ'])} differing"
    )
    return "\n".join(lines)


def main():  # noqa: PLR0915
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent salespeople")
    parser.add_argument("--seconds", type=int, default=120, help="length of the run")
    parser.add_argument("--max-rounds", type=int, default=1000, help="rounds per salesperson")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true", help="install the template again")
    parser.add_argument(
        "--template",
        default=TEMPLATE,
        help=f"demo database copied for the run (default {TEMPLATE})",
    )
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup is not None:
        setup_main(DATABASE, args.setup)
        return 0
    if args.check:
        check_main(DATABASE)
        return 0
    python = odoo_env.odoo_python()
    os.makedirs(CACHE, exist_ok=True)
    with pgcluster.running() as server:
        info = prepare(python, server, args.users, args.rebuild, args.template)
        log_path = pg_log_path(server)
        log_offset = os.path.getsize(log_path) if log_path else 0
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        odoo_log = os.path.join(CACHE, "load-odoo.log")
        with open(odoo_log, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [
                    *odoo_env.odoo_command(python),
                    f"--addons-path={REPO}",
                    *server.odoo_args(),
                    f"--database={DATABASE}",
                    f"--db-filter=^{DATABASE}$",
                    f"--workers={args.workers}",
                    "--max-cron-threads=1",
                    "--http-interface=127.0.0.1",
                    f"--http-port={port}",
                    "--limit-time-real=300",
                    "--limit-time-cpu=120",
                    "--limit-memory-soft=2147483648",
                    "--log-level=warn",
                ],
                env=dict(os.environ, TZ="UTC"),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_up(url, proc)
            stats = Stats()
            print(
                f"Odoo up on {url} (--workers {args.workers}); {args.users} salespeople for "
                f"{args.seconds} s",
                flush=True,
            )
            started = time.time()
            deadline = started + args.seconds
            stop = threading.Event()
            threads = [threading.Thread(target=manager, args=(url, stats, info, deadline, stop))]
            threads += [
                threading.Thread(
                    target=salesperson,
                    args=(url, stats, info, i),
                    kwargs={"deadline": deadline, "max_rounds": args.max_rounds},
                )
                for i in range(args.users)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 300)
            stop.set()
            seconds = time.time() - started
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        pg_counts, pg_statements = None, []
        if log_path:
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                handle.seek(log_offset)
                text = handle.read()
            pg_counts, pg_statements = pg_problems(text, DATABASE)
        check = _run_json(python, ["--check"], server)
    print()
    print(report(stats, seconds, pg_counts, check))
    for sample in stats.samples:
        print("  error:", sample)
    for statement in pg_statements:
        print("  serialization failure (the request is retried by Odoo):", statement)
    print(f"Odoo log: {odoo_log}")
    failed = sum(stats.errors.values()) or (pg_counts and pg_counts["deadlocks"]) or check["differ"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
