"""18.0.1.1.0: duplicate keys follow the library's new normalizers; old customers numbered.

Phone keys now come from libphonenumber (trunk prefixes, ``(0)``, ``00``), name
keys drop dotted legal forms and names that are only a legal form, and e-mail
keys ignore invisible characters: recompute the stored keys of every partner,
in batches, so that old and new keys compare.

Customers that bought before the addon was first installed had no number (an
install now numbers them): number them as the install does, oldest first.
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
    companies = env["res.company"].search([])  # pylint: disable=no-search-all
    for company, count in companies._crm_number_existing_customers().items():
        _logger.info("%s: %s customers of the history numbered", company.name, count)
