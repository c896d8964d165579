"""The addon's descriptions do not drift apart.

README.md is the reference; the addon's README.rst (the summary shown by Odoo
and package indexes) and the app store page (static/description/index.html)
restate it in short. Each feature README.md describes under *What it does* is
named by README.rst and by the app store page; every feature README.rst names in
bold is described in README.md and shown on the app store page; and the app
store page shows the screenshots README.md shows, no more, no fewer.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "crm_customer_info"
DESCRIPTION = ADDON / "static" / "description"

# paragraphs of *What it does* that are not features a user works with
NOT_FEATURES = {"security", "languages", "demo data"}


def _words(text):
    return re.sub(r"\s+", " ", text).lower()


def _reference():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _rst():
    return (ADDON / "README.rst").read_text(encoding="utf-8")


def _page():
    return (DESCRIPTION / "index.html").read_text(encoding="utf-8")


def _page_text():
    return _words(re.sub(r"<[^>]+>", " ", _page()))


def _features():
    return re.findall(r"\*\*([^*]+)\*\*", _rst())


def _reference_features():
    """The bold heads of the paragraphs of README.md's *What it does* section."""
    section = _reference().split("\n## What it does\n", 1)[1].split("\n## ", 1)[0]
    heads = re.findall(r"^\*\*([^*]+)\*\*", section, re.MULTILINE)
    return [head for head in heads if head.lower() not in NOT_FEATURES]


def test_readme_rst_names_features():
    assert len(_features()) >= 8


def test_features_are_in_the_reference_readme():
    reference = _words(_reference())
    assert [f for f in _features() if f.lower() not in reference] == []


def test_features_are_on_the_app_store_page():
    text = _page_text()
    assert [f for f in _features() if f.lower() not in text] == []


def test_reference_features_are_found():
    assert len(_reference_features()) >= 6


def test_reference_features_are_in_the_readme_rst():
    rst = _words(_rst())
    assert [f for f in _reference_features() if f.lower() not in rst] == []


def test_reference_features_are_on_the_app_store_page():
    text = _page_text()
    assert [f for f in _reference_features() if f.lower() not in text] == []


def test_app_store_page_shows_the_reference_screenshots():
    prefix = "crm_customer_info/static/description/"
    shown_by_readme = set(re.findall(re.escape(prefix) + r"([\w.-]+\.png)", _reference()))
    shown_by_page = set(re.findall(r'<img src="([\w.-]+\.png)"', _page()))
    assert shown_by_readme
    assert shown_by_page == shown_by_readme


def test_screenshots_exist():
    shown = set(re.findall(r'<img src="([\w.-]+\.png)"', _page()))
    assert [name for name in sorted(shown) if not (DESCRIPTION / name).is_file()] == []
