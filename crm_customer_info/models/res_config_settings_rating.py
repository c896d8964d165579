from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # Customer ratings live in their own files.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    crm_rating_visits = fields.Boolean(related="company_id.crm_rating_visits", readonly=False)
    crm_rating_visit_days = fields.Integer(
        related="company_id.crm_rating_visit_days", readonly=False
    )
