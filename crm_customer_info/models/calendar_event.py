from odoo import api, models

from .crm_customer_visit import CALENDAR_SYNC

EVENT_TIME_FIELDS = {"start", "stop", "duration", "allday", "start_date", "stop_date"}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def _get_activity_excluded_models(self):
        """A visit has its own "Customer Visit" activity: no extra meeting activity."""
        return [*super()._get_activity_excluded_models(), "crm.customer.visit"]

    def write(self, values):
        result = super().write(values)
        if EVENT_TIME_FIELDS & values.keys() and not self.env.context.get(CALENDAR_SYNC):
            self.env["crm.customer.visit"]._crm_follow_calendar_events(self)
        return result
