from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # The SLA feature lives in its own files, apart from the main inheritance.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    crm_sla_warning_share = fields.Float(related="company_id.crm_sla_warning_share", readonly=False)
