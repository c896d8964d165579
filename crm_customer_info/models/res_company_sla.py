from odoo import api, fields, models

from .integrity import check_range


class ResCompany(models.Model):
    # The SLA feature lives in its own files, apart from the main inheritance.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    crm_sla_warning_share = fields.Float(
        string="SLA Warning (%)",
        default=80.0,
        help="Share of an SLA target's working time after which the responsible user gets a "
        "warning activity.",
    )

    @api.constrains("crm_sla_warning_share")
    def _check_crm_sla_warning_share(self):
        check_range(self, "crm_sla_warning_share", 0, 100)
