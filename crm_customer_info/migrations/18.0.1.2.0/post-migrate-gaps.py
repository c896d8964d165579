"""18.0.1.2.0, visit gaps: levels get minimum and maximum days between visits.

The new level columns stay empty (0): every level keeps its behaviour, overdue
after its visit interval. The customers' new "Overdue After" date is filled
here, a fixed number of queries per company, so that the overdue filter finds
the same customers as before the upgrade.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._crm_refresh_visit_dates()
    _logger.info("Visit gaps: the customers' overdue dates filled in")
