"""The addon's descriptions do not drift apart.

README.md is the reference; the addon's README.rst (the summary shown by Odoo
and package indexes) and the app store page (static/description/index.html)
restate it in short. Every feature README.rst names in bold must be described in
README.md and shown on the app store page.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "crm_customer_info"


def _words(text):
    return re.sub(r"\s+", " ", text).lower()


def _features():
    return re.findall(r"\*\*([^*]+)\*\*", (ADDON / "README.rst").read_text(encoding="utf-8"))


def test_readme_rst_names_features():
    assert len(_features()) >= 8


def test_features_are_in_the_reference_readme():
    reference = _words((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [f for f in _features() if f.lower() not in reference] == []


def test_features_are_on_the_app_store_page():
    page = (ADDON / "static" / "description" / "index.html").read_text(encoding="utf-8")
    text = _words(re.sub(r"<[^>]+>", " ", page))
    assert [f for f in _features() if f.lower() not in text] == []
