"""`make demo`: serve the addon with demo data at http://127.0.0.1:8069 (admin / admin).

Creates the database on first run (demo data, addon installed) and upgrades the
addon on later runs. Ctrl-C stops Odoo, and the private PostgreSQL cluster if
this command started it.
"""

import os
import subprocess
import sys

import odoo_env
import pgcluster
import prerequisites

DATABASE = "crm_customer_info_demo"
ADDON = "crm_customer_info"
PORT = os.environ.get("ODOO_PORT", "8069")


def main():
    python = odoo_env.odoo_python()
    prerequisites.install_missing(python, "odoo")
    if missing := prerequisites.missing_pdf_packages():
        print(
            "WARNING: printed reports come out as HTML or without their Chinese text; "
            f"for real PDFs: apt-get install {' '.join(missing)}",
            flush=True,
        )
    with pgcluster.running() as server:
        base = [
            *odoo_env.odoo_command(python),
            f"--addons-path={odoo_env.REPO}",
            *server.odoo_args(),
            f"--database={DATABASE}",
            f"--db-filter=^{DATABASE}$",
        ]
        env = dict(os.environ, TZ="UTC")
        if server.database_exists(DATABASE):
            serve = [*base, f"--update={ADDON}"]
        else:
            print(f"Creating {DATABASE} with demo data (a few minutes)...", flush=True)
            init = [*base, f"--init={ADDON}", "--load-language=zh_CN", "--stop-after-init"]
            subprocess.run(init, env=env, check=True)
            serve = base
        serve += ["--http-interface=127.0.0.1", f"--http-port={PORT}"]
        print(f"Serving http://127.0.0.1:{PORT} (login admin / admin); Ctrl-C stops.", flush=True)
        try:
            return subprocess.run(serve, env=env, check=False).returncode
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
