from odoo import api, fields, models

from .integrity import check_range

# A check-in radius of at most 100 km.
MAX_RADIUS_M = 100_000


class ResCompany(models.Model):
    # Field visits (geolocated check-in) live in their own files.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    crm_visit_radius_m = fields.Integer(
        string="Check-in Radius (m)",
        default=500,
        help="A visit on site is checked in within this distance, in metres, of the customer's "
        "geolocated address.",
    )
    crm_visit_geo_policy = fields.Selection(
        [
            ("record", "Record only"),
            ("warn", "Warn"),
            ("refuse", "Refuse"),
        ],
        string="Check-in Farther Away",
        default="record",
        required=True,
        help="What happens when a salesperson checks in to an on-site visit farther than the "
        "radius from the customer, or without a position: record it (flagged off site), "
        "record it and warn the salesperson, or refuse the check-in (a team leader can "
        "override it with a reason).",
    )

    @api.constrains("crm_visit_radius_m")
    def _check_crm_visit_radius(self):
        check_range(self, "crm_visit_radius_m", 0, MAX_RADIUS_M, strict_low=True)
