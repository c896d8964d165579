"""18.0.1.1.0: duplicate keys follow the library's new normalizers.

Phone keys now come from libphonenumber (trunk prefixes, ``(0)``, ``00``), name
keys drop dotted legal forms and names that are only a legal form, and e-mail
keys ignore invisible characters: recompute the stored keys of every partner,
in batches, so that old and new keys compare.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)
KEYS = ("dedup_vat", "dedup_email", "dedup_name", "dedup_phone", "dedup_mobile")
BATCH = 10_000


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Partner = env["res.partner"].with_context(active_test=False)
    ids = Partner.search([], order="id").ids
    for start in range(0, len(ids), BATCH):
        partners = Partner.browse(ids[start : start + BATCH])
        for fname in KEYS:
            env.add_to_compute(Partner._fields[fname], partners)
        partners.flush_recordset(list(KEYS))
        env.invalidate_all()
    _logger.info("Duplicate keys recomputed for %s partners", len(ids))
