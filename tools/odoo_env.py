"""Locate a Python interpreter that imports Odoo 18.0, or set one up.

Order: ``$ODOO_PYTHON``, then ``python3`` on PATH, then the repository's
ignored ``.venv``. When none imports Odoo 18.0 and the ``.venv`` does not exist
yet, the ``.venv`` is created and Odoo 18.0 Community is installed into it from
Odoo's official nightly source archive (this needs internet access).
"""

import json
import os
import shutil
import subprocess
import sys
import venv

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(REPO, ".venv")
NIGHTLY = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
PROBE = "import odoo.release as r, sys; sys.exit(0 if r.version_info[:2] == (18, 0) else 3)"
HELP = """\
Odoo 18.0 could not be found or installed.
  Tried: $ODOO_PYTHON ({odoo_python}), python3 on PATH, and {venv}.
  {reason}
Point the harness at an existing Odoo 18.0 install with
  ODOO_PYTHON=/path/to/python-that-imports-odoo make test
or install Odoo 18.0 Community into python3 (pip install -e <odoo source>)."""


def _imports_odoo(python):
    if not python or (not shutil.which(python) and not os.path.exists(python)):
        return False
    result = subprocess.run([python, "-c", PROBE], capture_output=True, check=False)
    return result.returncode == 0


def _bootstrap_venv():
    """Create .venv and install Odoo 18.0 into it; return an error text or ''."""
    venv.create(VENV, with_pip=True)
    python = os.path.join(VENV, "bin", "python")
    steps = [
        [python, "-m", "pip", "install", "--upgrade", "pip", "setuptools<81", "wheel"],
        [python, "-m", "pip", "install", NIGHTLY],
    ]
    for step in steps:
        print("+", " ".join(step), flush=True)
        if subprocess.run(step, check=False).returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            return f"Installing Odoo into {VENV} failed (is {NIGHTLY} reachable?)."
    return ""


def odoo_python():
    """Return the path of a python that imports Odoo 18.0, or exit with guidance."""
    explicit = os.environ.get("ODOO_PYTHON")
    if explicit:
        if _imports_odoo(explicit):
            return explicit
        sys.exit(
            HELP.format(
                odoo_python=explicit,
                venv=VENV,
                reason=f"ODOO_PYTHON={explicit} does not import Odoo 18.0.",
            )
        )
    for candidate in ("python3", os.path.join(VENV, "bin", "python")):
        if _imports_odoo(candidate):
            return shutil.which(candidate) or candidate
    reason = "The .venv exists but does not import Odoo 18.0; remove it to rebuild."
    if not os.path.exists(VENV):
        reason = _bootstrap_venv()
        if not reason and _imports_odoo(os.path.join(VENV, "bin", "python")):
            return os.path.join(VENV, "bin", "python")
    sys.exit(HELP.format(odoo_python="unset", venv=VENV, reason=reason))


def odoo_command(python):
    """The argv prefix that starts Odoo's command line with ``python``."""
    return [python, "-m", "odoo"]


if __name__ == "__main__":
    print(odoo_python())


def json_result(cmd, env, what):
    """Run ``cmd`` (an Odoo script of the tools) and return the JSON of its ``RESULT`` line.

    The scripts print their figures on one line so that Odoo's own output can
    share stdout; without that line the output is shown and the run stops.
    """
    out = subprocess.run(cmd, env=dict(env, TZ="UTC"), capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    sys.stderr.write(out.stdout + out.stderr)
    raise SystemExit(f"{what} failed")
