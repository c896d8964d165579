"""Upgrade, uninstall and reinstall the addon on a database that has it installed.

Used by ``make test`` on its throw-away database (Odoo's and the addon's demo
data: sales, stock and accounting records) once the Odoo tests are done. Each
check is one test in the final count:

1. upgrading the addon keeps every record of its models and every customer number;
2. uninstalling leaves nothing behind: no external ids of its own models, views,
   menus, actions, rules, groups or access rights, no menus pointing at removed
   actions, scheduled actions on its models, tables, columns, triggers or
   functions of the addon;
3. installing it again works, with its demo data.

``upgrade_from(ref)`` checks an upgrade from an older version of the addon: it
installs the addon as it was at a git ref (by default the last commit before
the manifest's version last changed, i.e. the previous version) in a fresh
database with demo data, then upgrades it to the working tree, which runs the
migration scripts, and checks that every record and customer number is kept.
"""

import os
import re
import subprocess
import tempfile

import odoo_env

ADDON = "crm_customer_info"
PREFIX = "crm_customer"
MODELS = "crm.customer"
# Odoo's uninstall tries to delete every record the addon created and logs a failed
# DELETE for business records still used by other apps' documents, then keeps them.
KEPT_IN_USE = re.compile(r" ERROR .* odoo\.sql_db: bad query: b'DELETE FROM ")

# Rows of every stored (non-transient) model of the addon; report storage is derived data.
COUNT_RECORDS = f"""
SELECT string_agg(
         format('%s=%s', t, (xpath('/row/c/text()', query_to_xml(
             format('SELECT count(*) AS c FROM %I', t), false, true, '')))[1]::text),
         ',' ORDER BY t)
  FROM (SELECT replace(model, '.', '_') AS t FROM ir_model
         WHERE model LIKE '{MODELS}.%' AND NOT transient) AS models
 WHERE EXISTS (SELECT 1 FROM information_schema.tables
                WHERE table_name = t AND table_type = 'BASE TABLE')
"""
COUNT_NUMBERS = "SELECT count(*) FROM res_partner WHERE customer_number IS NOT NULL"
NUMBERS = "SELECT id || ' ' || customer_number FROM res_partner WHERE customer_number IS NOT NULL"
LEFTOVERS = {
    # Business records of other apps (e.g. a demo product with done stock moves) are
    # kept by Odoo while documents use them; everything of the addon's own must go.
    "external ids": f"SELECT count(*) FROM ir_model_data WHERE module = '{ADDON}'"
    f" AND (model LIKE '{MODELS}.%' OR model LIKE 'ir.%' OR model = 'res.groups')",
    "models": f"SELECT count(*) FROM ir_model WHERE model LIKE '{MODELS}.%'",
    "tables": f"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    f" AND table_name LIKE '{PREFIX}%'",
    "partner columns": "SELECT count(*) FROM information_schema.columns"
    " WHERE table_name = 'res_partner' AND column_name IN"
    " ('customer_number', 'level_id', 'region_id', 'dedup_name', 'classification_id')",
    "triggers": "SELECT count(*) FROM information_schema.triggers"
    f" WHERE trigger_name LIKE '{PREFIX}%'",
    "functions": f"SELECT count(*) FROM pg_proc WHERE proname LIKE '{PREFIX}%'",
    "scheduled actions": "SELECT count(*) FROM ir_cron c"
    " JOIN ir_act_server a ON a.id = c.ir_actions_server_id"
    f" JOIN ir_model m ON m.id = a.model_id WHERE m.model LIKE '{MODELS}.%'",
    "menus without action": "SELECT count(*) FROM ir_ui_menu m WHERE m.action LIKE 'ir.actions.%'"
    " AND NOT EXISTS (SELECT 1 FROM ir_actions a"
    " WHERE a.id = split_part(m.action, ',', 2)::int)",
}

# Leftover kinds the installed addon must have (menus without action: none, ever).
PRESENT = set(LEFTOVERS) - {"menus without action"}


class Cycle:
    def __init__(self, python, server, database, log, addons_path=odoo_env.REPO):
        self.command = odoo_env.odoo_command(python)
        self.options = [
            f"--addons-path={addons_path}",
            *server.odoo_args(),
            f"--database={database}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
        self.server = server
        self.database = database
        self.log = log

    def sql(self, query):
        out = subprocess.run(
            ["psql", "-d", self.database, "-Atc", query],
            env=self.server.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    def odoo(self, *args, subcommand=(), stdin=None, tolerated=None):
        """Run Odoo; True when it exits 0 without logging an error (but ``tolerated`` ones)."""
        result = subprocess.run(
            [*self.command, *subcommand, *self.options, *args],
            input=stdin,
            env=dict(os.environ, TZ="UTC"),
            capture_output=True,
            text=True,
            check=False,
        )
        self.log.write(result.stdout + result.stderr)
        logged = any(
            f" {level} " in line and not (tolerated and tolerated.search(line))
            for line in (result.stdout + result.stderr).splitlines()
            for level in ("ERROR", "CRITICAL")
        )
        return result.returncode == 0 and not logged

    def snapshot(self):
        return self.sql(COUNT_RECORDS), self.sql(COUNT_NUMBERS)

    def check_upgrade(self):
        before = self.snapshot()
        ok = self.odoo(f"--update={ADDON}", "--stop-after-init")
        after = self.snapshot()
        return ok and before == after, f"records before {before}, after {after}"

    def check_uninstall(self):
        # Every kind of leftover exists before, so that its absence after means something.
        before = {name: int(self.sql(query)) for name, query in LEFTOVERS.items()}
        missing = [name for name, count in before.items() if not count and name in PRESENT]
        if missing:
            return False, f"nothing to uninstall for {missing}: the check is out of date"
        script = f"env.ref('base.module_{ADDON}').button_immediate_uninstall()\nenv.cr.commit()\n"
        ok = self.odoo(subcommand=["shell"], stdin=script, tolerated=KEPT_IN_USE)
        state = self.sql(f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")
        left = {name: int(self.sql(query)) for name, query in LEFTOVERS.items()}
        dirty = {name: count for name, count in left.items() if count}
        if dirty.get("external ids"):
            names = "string_agg(model || '.' || name, ' ')"
            dirty["external ids"] = self.sql(LEFTOVERS["external ids"].replace("count(*)", names))
        return ok and state == "uninstalled" and not dirty, f"state {state}, left {dirty}"

    def check_reinstall(self):
        ok = self.odoo(f"--init={ADDON}", "--stop-after-init")
        state = self.sql(f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")
        return ok and state == "installed", f"state {state}"


def run(python, server, database, log_path):
    """Run the three checks in order; return (passed, failed)."""
    passed = failed = 0
    with open(log_path, "w", encoding="utf-8") as log:
        cycle = Cycle(python, server, database, log)
        for name, check in (
            ("upgrade keeps every record", cycle.check_upgrade),
            ("uninstall leaves nothing behind", cycle.check_uninstall),
            ("reinstall works", cycle.check_reinstall),
        ):
            ok, detail = check()
            print(f"{name}: {'ok' if ok else 'FAILED'} ({detail})", flush=True)
            passed += ok
            failed += not ok
            if not ok:
                print(f"see {log_path}", flush=True)
                break
    return passed, failed


def _git(*args):
    return subprocess.run(
        ["git", *args], cwd=odoo_env.REPO, capture_output=True, text=True, check=False
    )


def previous_version_ref():
    """The last commit before the manifest's version last changed, or None (no history)."""
    manifest = f"{ADDON}/__manifest__.py"
    bump = _git("log", "-1", "--format=%H", "-G", '"version"', "--", manifest).stdout.strip()
    if not bump or _git("rev-parse", "--verify", "--quiet", f"{bump}^").returncode:
        return None
    return f"{bump}^"


def _counts(records):
    """``model=count,...`` (``COUNT_RECORDS``) as a dict."""
    pairs = (item.split("=") for item in records.split(",") if item)
    return {model: int(count) for model, count in pairs}


def _kept(before, after):
    """Every model counted before still has at least as many records after."""
    counts = _counts(after)
    return all(counts.get(model, -1) >= count for model, count in _counts(before).items())


def upgrade_from(python, server, database, ref, log_path):
    """Install the addon of ``ref`` with demo data, then upgrade it: (passed, failed)."""
    with tempfile.TemporaryDirectory() as old, open(log_path, "w", encoding="utf-8") as log:
        archive = subprocess.run(
            ["git", "archive", ref, ADDON], cwd=odoo_env.REPO, capture_output=True, check=False
        )
        if archive.returncode:
            print(f"upgrade from {ref}: FAILED (git archive: {archive.stderr.decode()})")
            return 0, 1
        subprocess.run(["tar", "-x", "-C", old], input=archive.stdout, check=True)
        installed = Cycle(python, server, database, log, addons_path=old).odoo(
            f"--init={ADDON}", "--stop-after-init"
        )
        if not installed:
            print(f"upgrade from {ref}: FAILED (installing that version failed, see {log_path})")
            return 0, 1
        cycle = Cycle(python, server, database, log)
        before, numbers = cycle.sql(COUNT_RECORDS), cycle.sql(NUMBERS).splitlines()
        ok = cycle.odoo(f"--update={ADDON}", "--stop-after-init")
        after, numbers_after = cycle.sql(COUNT_RECORDS), cycle.sql(NUMBERS).splitlines()
        version = cycle.sql(f"SELECT latest_version FROM ir_module_module WHERE name = '{ADDON}'")
    # migrations may add models and number more customers, and an upgrade loads the demo
    # records a new version adds (new demo files); never drop a record or a number
    lost = set(numbers) - set(numbers_after)
    kept = _kept(before, after)
    ok = ok and kept and not lost
    detail = (
        f"now {version}; records before {before}, after {after}; "
        f"numbers {len(numbers)} then {len(numbers_after)}, {len(lost)} changed or lost"
    )
    print(f"upgrade from {ref}: {'ok' if ok else 'FAILED'} ({detail})", flush=True)
    return int(ok), int(not ok)
