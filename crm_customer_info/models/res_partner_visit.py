from odoo import api, models

from .integrity import MAX_INTERVAL_DAYS, check_range


# Kept apart from res_partner.py while that file is reworked (issue 11); to be merged there.
class ResPartner(models.Model):
    """Bounds of the customer's visit cadence (the fields are declared in res_partner.py)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.constrains("visit_interval_days")
    def _check_visit_interval_days(self):
        check_range(self, "visit_interval_days", 0, MAX_INTERVAL_DAYS)
