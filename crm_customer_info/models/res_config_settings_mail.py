from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    crm_mail_new_sender = fields.Selection(related="company_id.crm_mail_new_sender", readonly=False)
