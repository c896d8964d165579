"""What the harness needs besides Odoo and PostgreSQL, so that a fresh machine just works.

Python packages are declared once, as extras in pyproject.toml, and installed
with pip into the Python that runs Odoo when missing: a new user should not meet
``No module named ruff``. System programs need root, so they are only reported,
with the Debian packages that provide them (``.ci/run`` installs those in CI).
"""

import os
import shutil
import subprocess
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip has carried tomli since 21.2
    from pip._vendor import tomli as tomllib

import odoo_env

PYPROJECT = os.path.join(odoo_env.REPO, "pyproject.toml")
# Run by the target python, which may not be this one: prints the requirements it lacks.
PROBE = """
import importlib.metadata as metadata, sys
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for line in sys.argv[1:]:
    requirement = Requirement(line)
    try:
        version = metadata.version(requirement.name)
    except metadata.PackageNotFoundError:
        version = None
    if version is None or not requirement.specifier.contains(version, prereleases=True):
        print(line)
"""


def requirements(*extras):
    """The library's own requirements and those of pyproject.toml's ``extras``, without repeats."""
    with open(PYPROJECT, "rb") as file:
        project = tomllib.load(file)["project"]
    declared = project["optional-dependencies"]
    lines = [*project["dependencies"], *(line for extra in extras for line in declared[extra])]
    return list(dict.fromkeys(lines))


def install_missing(python, *extras):
    """Install into ``python`` what it lacks of ``extras``; exit with the command on failure."""
    wanted = requirements(*extras)
    probe = subprocess.run(
        [python, "-c", PROBE, *wanted], capture_output=True, text=True, check=False
    )
    missing = probe.stdout.splitlines() if probe.returncode == 0 else wanted
    if not missing:
        return
    print(
        f"Installing into {python} (pyproject.toml extras {', '.join(extras)}): "
        + " ".join(missing),
        flush=True,
    )
    command = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *missing]
    if subprocess.run(command, check=False).returncode != 0:
        sys.exit("Installing them failed; install them yourself:\n  " + " ".join(command))


def _has_cjk_font():
    if not shutil.which("fc-list"):
        return False
    fonts = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return bool(fonts.stdout.strip())


def missing_pdf_packages(testing=False):
    """Debian packages real PDF printing lacks: wkhtmltopdf renders Odoo's reports,
    a CJK font keeps Chinese names in them, and the PDF test reads them with pdftotext."""
    missing = [] if shutil.which("wkhtmltopdf") else ["wkhtmltopdf"]
    if not _has_cjk_font():
        missing.append("fonts-noto-cjk")
    if testing and not shutil.which("pdftotext"):
        missing.append("poppler-utils")
    return missing


def missing_tour_packages():
    """Debian packages the browser tours lack: Odoo drives Chromium."""
    return [] if shutil.which("chromium") or shutil.which("google-chrome") else ["chromium"]
