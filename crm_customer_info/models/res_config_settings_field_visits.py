from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # Field visits (geolocated check-in) live in their own files.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    crm_visit_radius_m = fields.Integer(related="company_id.crm_visit_radius_m", readonly=False)
    crm_visit_geo_policy = fields.Selection(
        related="company_id.crm_visit_geo_policy", readonly=False
    )
