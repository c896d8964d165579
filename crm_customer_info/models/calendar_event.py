from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_customer_visit import CALENDAR_SYNC

EVENT_TIME_FIELDS = {"start", "stop", "duration", "allday", "start_date", "stop_date"}
# What a visit's event takes from its visit: changed only by who may change the visit.
VISIT_EVENT_FIELDS = EVENT_TIME_FIELDS | {
    "name",
    "user_id",
    "partner_ids",
    "attendee_ids",
    "location",
    "description",
    "active",
}
# The link to the visit: set when the visit creates its event, never by a request.
VISIT_LINK_FIELDS = {"crm_visit_id", "res_model_id", "res_model", "res_id"}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    crm_visit_id = fields.Many2one(
        "crm.customer.visit",
        string="Customer Visit",
        compute="_compute_crm_visit_id",
        store=True,
        index="btree_not_null",
        ondelete="set null",
        help="The visit this event shows; its record rules decide who sees the event.",
    )

    @api.depends("res_model", "res_id")
    def _compute_crm_visit_id(self):
        Visit = self.env["crm.customer.visit"]
        linked = self.filtered(lambda event: event.res_model == Visit._name and event.res_id)
        existing = set(Visit.browse(set(linked.mapped("res_id"))).exists().ids)
        for event in self:
            event.crm_visit_id = (
                event.res_id if event in linked and event.res_id in existing else False
            )

    @api.model
    def _get_activity_excluded_models(self):
        """A visit has its own "Customer Visit" activity: no extra meeting activity."""
        return [*super()._get_activity_excluded_models(), "crm.customer.visit"]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("crm_visit_id" in vals for vals in vals_list):
            self._crm_refuse_link_change()
        return super().create(vals_list)

    def write(self, values):
        if not self.env.su:
            visit_events = self.filtered("crm_visit_id")
            if "crm_visit_id" in values or (visit_events and VISIT_LINK_FIELDS & values.keys()):
                self._crm_refuse_link_change()
            if VISIT_EVENT_FIELDS & values.keys():
                visit_events._crm_check_visit_rights()
        result = super().write(values)
        syncing = self.env.su and self.env.context.get(CALENDAR_SYNC)
        if EVENT_TIME_FIELDS & values.keys() and not syncing:
            self.env["crm.customer.visit"]._crm_follow_calendar_events(self)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_visit_of_others(self):
        if not self.env.su:
            self.filtered("crm_visit_id")._crm_check_visit_rights()

    def _crm_check_visit_rights(self):
        """Refuse changing or deleting the events of visits the user may not change."""
        visits = self.sudo().crm_visit_id.with_env(self.env)
        refused = visits - visits._filtered_access("write")
        if refused:
            events = self.filtered(lambda event: event.crm_visit_id in refused)
            raise AccessError(
                self.env._(
                    "%(events)s shows a customer visit you cannot change: only its salesperson, "
                    "their team leader or a manager can move or delete it.",
                    events=", ".join(events.mapped("name")),
                )
            )

    def _crm_refuse_link_change(self):
        raise UserError(
            self.env._(
                "The link between a calendar event and its customer visit is set by the visit "
                "and cannot be changed."
            )
        )
