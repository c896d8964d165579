"""`make pot`: regenerate the addon's .pot from the code and merge it into every .po.

Installs (or upgrades) the addon with demo data in a scratch database kept
for the next run, exports the template with Odoo, then updates each
``i18n/*.po`` with gettext's msgmerge: new terms appear untranslated, obsolete
ones are dropped, existing translations are kept.
"""

import ast
import glob
import os
import shutil
import subprocess
import sys

import odoo_env
import pgcluster

ADDON = "crm_customer_info"
DATABASE = os.environ.get("I18N_DATABASE", f"{ADDON}_i18n")
I18N = os.path.join(odoo_env.REPO, ADDON, "i18n")


def _po_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def append_manifest_terms(pot):
    """Add the app's name and summary, which Odoo exports only for its own modules."""
    with open(os.path.join(odoo_env.REPO, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    with open(pot, "a", encoding="utf-8") as f:
        for key in ("shortdesc", "summary"):
            text = manifest["name" if key == "shortdesc" else key]
            f.write(
                f"\n#. module: {ADDON}\n"
                f"#: model:ir.module.module,{key}:base.module_{ADDON}\n"
                f"msgid {_po_string(text)}\n"
                'msgstr ""\n'
            )


def main():
    for tool in ("msgmerge", "msgattrib"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: install gettext (Debian: apt-get install gettext).")
    python = odoo_env.odoo_python()
    pot = os.path.join(I18N, f"{ADDON}.pot")
    with pgcluster.running() as server:
        base = [
            *odoo_env.odoo_command(python),
            f"--addons-path={odoo_env.REPO}",
            *server.odoo_args(),
            f"--database={DATABASE}",
            "--log-level=warn",
        ]
        env = dict(os.environ, TZ="UTC")
        install = f"--update={ADDON}" if server.database_exists(DATABASE) else f"--init={ADDON}"
        subprocess.run([*base, install, "--stop-after-init"], env=env, check=True)
        subprocess.run([*base, f"--i18n-export={pot}", f"--modules={ADDON}"], env=env, check=True)
    append_manifest_terms(pot)
    for po in sorted(glob.glob(os.path.join(I18N, "*.po"))):
        subprocess.run(
            ["msgmerge", "--quiet", "--update", "--no-fuzzy-matching", "--backup=none", po, pot],
            check=True,
        )
        subprocess.run(["msgattrib", "--no-obsolete", "--output-file", po, po], check=True)
        print(f"merged {os.path.relpath(po, odoo_env.REPO)}")
    print(f"wrote {os.path.relpath(pot, odoo_env.REPO)}")


if __name__ == "__main__":
    main()
