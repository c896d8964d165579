from collections import defaultdict

from odoo import Command, api, fields, models
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


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _subscribe_partner(self):
        """The attendees of visits' events follow their event, as in Odoo, in one batch.

        Odoo subscribes each distinct set of attendees apart (a few queries per
        customer); the visits' own sync (the plan job creates weeks of them) subscribes
        every event's attendees at once, with the same default subtypes.
        """
        if not (self.env.su and self.env.context.get(CALENDAR_SYNC)):
            return super()._subscribe_partner()
        wanted = defaultdict(set)  # event id: its new attendees' partner ids
        for attendee in self:
            if attendee.partner_id and attendee.partner_id != self.env.user.partner_id:
                wanted[attendee.event_id.id].add(attendee.partner_id.id)
        if not wanted:
            return None
        partner_ids = set().union(*wanted.values())
        Followers = self.env["mail.followers"].sudo().with_context(default_partner_id=False)
        for _fid, res_id, partner_id, _sids in Followers._get_subscription_data(
            [("calendar.event", list(wanted))], list(partner_ids)
        ):
            wanted[res_id].discard(partner_id)
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            "calendar.event"
        )
        active = self.env["res.partner"].sudo().search([("id", "in", list(partner_ids))])
        customers = set(active.filtered("partner_share").ids)
        active_ids = set(active.ids)  # archived partners do not follow, as in Odoo
        Followers.create(
            [
                {
                    "res_model": "calendar.event",
                    "res_id": event_id,
                    "partner_id": partner_id,
                    "subtype_ids": [
                        Command.set(external.ids if partner_id in customers else default.ids)
                    ],
                }
                for event_id, partners in wanted.items()
                for partner_id in sorted(partners & active_ids)
            ]
        )
        return None
