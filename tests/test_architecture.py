"""The addon's shape: small files, one writer of the partner table.

No Python file of the addon (its tests and translations aside) is longer than
800 lines, so that a model and an engine do not grow into one file again; and
the partner table is written with ``UPDATE res_partner`` only by the partner's
own files (``models/res_partner*.py``, where the bulk writer of company-dependent
values lives), so that no other model maintains the partner's fields.
"""

import re
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "crm_customer_info"
MAX_LINES = 800
UPDATE_PARTNER = re.compile(r"\bUPDATE\s+res_partner\b", re.IGNORECASE)


def _sources():
    for path in sorted(ADDON.rglob("*.py")):
        relative = path.relative_to(ADDON)
        if relative.parts[0] not in {"tests", "i18n"}:
            yield relative, path.read_text(encoding="utf-8")


def test_sources_are_found():
    names = {str(relative) for relative, _text in _sources()}
    assert "models/res_partner.py" in names
    assert not any(name.startswith(("tests/", "i18n/")) for name in names)


def test_no_file_over_800_lines():
    too_long = {
        str(relative): lines
        for relative, text in _sources()
        if (lines := len(text.splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_partner_table_written_only_by_partner_files():
    writers = {
        str(relative)
        for relative, text in _sources()
        if UPDATE_PARTNER.search(text)
        and not (relative.parent == Path("models") and relative.name.startswith("res_partner"))
    }
    assert writers == set()


def test_pattern_finds_partner_updates_only():
    assert UPDATE_PARTNER.search("update  res_partner p SET x = 1")
    assert UPDATE_PARTNER.search('"""\n    UPDATE res_partner\n  SET')
    assert not UPDATE_PARTNER.search("UPDATE res_partner_category SET x = 1")
    assert not UPDATE_PARTNER.search("UPDATE crm_customer_visit SET x = 1")
