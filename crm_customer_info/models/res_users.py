from odoo import api, fields, models

from .integrity import MAX_LEAD_HOURS, check_range


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_visit_reminder_hours = fields.Integer(
        string="Visit Reminder (hours before)",
        help="How many hours before a visit you are reminded; 0 uses the company's setting.",
    )

    @api.constrains("crm_visit_reminder_hours")
    def _check_crm_visit_reminder_hours(self):
        check_range(self, "crm_visit_reminder_hours", 0, MAX_LEAD_HOURS)

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "crm_visit_reminder_hours"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "crm_visit_reminder_hours"]
