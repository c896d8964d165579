from odoo import api, fields, models

from .integrity import check_range

MAX_RATING_DELAY_DAYS = 90


class ResCompany(models.Model):
    # Customer ratings live in their own files.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    crm_rating_visits = fields.Boolean(
        string="Ask for a Rating after Visits",
        help="E-mail the contact person (else the customer) of each done visit a rating "
        "request, the set number of days after the check-out.",
    )
    crm_rating_visit_days = fields.Integer(
        string="Days after the Visit",
        default=1,
        help="Days between the check-out of a visit and its rating request (0: the next run "
        "of the daily job).",
    )

    @api.constrains("crm_rating_visit_days")
    def _check_crm_rating_visit_days(self):
        check_range(self, "crm_rating_visit_days", 0, MAX_RATING_DELAY_DAYS)
