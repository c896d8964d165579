from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_visit_reminder_hours = fields.Integer(
        string="Visit Reminder (hours before)",
        help="How many hours before a visit you are reminded; 0 uses the company's setting.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "crm_visit_reminder_hours"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "crm_visit_reminder_hours"]
