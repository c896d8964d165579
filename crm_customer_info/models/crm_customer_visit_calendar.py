"""A visit's reminder activity and calendar event, kept in step with the visit."""

from collections import defaultdict

from odoo import Command, api, models
from odoo.tools import html2plaintext

from ..customer_insight.cadence import shift_to_day
from .crm_customer_visit import CALENDAR_SYNC
from .integrity import server_write


class CrmCustomerVisit(models.Model):
    _inherit = "crm.customer.visit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _crm_sync_activities(self):
        """One "Customer Visit" activity per planned visit, for its salesperson, due on its day.

        Done visits mark their activity done (with the outcome as feedback);
        cancelled and missed visits drop it. Reads and writes in batches.
        """
        activity_type = self.env.ref("crm_customer_info.mail_activity_type_customer_visit")
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        by_visit = existing.grouped("res_id")
        model_id = self.env["ir.model"]._get_id(self._name)
        to_create, updates = [], defaultdict(lambda: Activity)
        to_remove = Activity
        for visit in self:
            activities = by_visit.get(visit.id, Activity)
            if visit.state != "planned":
                if visit.state != "done":
                    to_remove |= activities
                continue
            values = {
                "user_id": visit.user_id.id,
                "date_deadline": visit.visit_date,
                "summary": visit.purpose_id.name or False,
            }
            if not activities:
                to_create.append(
                    {
                        **values,
                        "res_model_id": model_id,
                        "res_id": visit.id,
                        "activity_type_id": activity_type.id,
                    }
                )
                continue
            for activity in activities:
                if (activity.user_id.id, activity.date_deadline, activity.summary or False) != (
                    values["user_id"],
                    values["date_deadline"],
                    values["summary"],
                ):
                    updates[tuple(values.items())] |= activity
        Activity.create(to_create)
        for values, activities in updates.items():
            activities.write(dict(values))
        to_remove.unlink()
        for visit in self.filtered(lambda v: v.state == "done"):
            activities = by_visit.get(visit.id, Activity)
            if activities:
                activities.action_feedback(feedback=html2plaintext(visit.outcome or "").strip())

    # ------------------------------------------------------------------
    # Calendar
    # ------------------------------------------------------------------

    def _crm_event_values(self):
        self.ensure_one()
        attendees = (
            self.user_id.partner_id
            | self.companion_ids.partner_id
            | (self.contact_id or self.partner_id)
        )
        name = self.env._("Visit: %(customer)s", customer=self.partner_id.name)
        if self.purpose_id:
            name = f"{name} ({self.purpose_id.name})"
        return {
            "name": name,
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "user_id": self.user_id.id,
            "partner_ids": [Command.set(attendees.ids)],
            "location": self.location or False,
            "description": self.description or False,
        }

    def _crm_sync_calendar_events(self):
        """Keep one calendar event per planned visit of companies that want them.

        Cancelled visits lose their event; done and missed visits keep it as history.
        Invitations are not e-mailed to the customer's contact.
        """
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(**{CALENDAR_SYNC: True}, no_mail_to_attendees=True)
        )
        planned = self.filtered(lambda v: v.state == "planned" and v.company_id.crm_visit_calendar)
        new = planned.filtered(lambda v: not v.calendar_event_id)
        if new:
            model_id = self.env["ir.model"]._get_id(self._name)
            events = Event.create(
                [
                    {**visit._crm_event_values(), "res_model_id": model_id, "res_id": visit.id}
                    for visit in new
                ]
            )
            for visit, event in zip(new, events, strict=True):
                visit._crm_write_workflow({"calendar_event_id": event.id})
        for visit in planned - new:
            event = visit.calendar_event_id.with_env(Event.env)
            values = visit._crm_event_values()
            current = {
                "name": event.name,
                "start": event.start,
                "stop": event.stop,
                "allday": event.allday,
                "user_id": event.user_id.id,
                "partner_ids": [Command.set(event.partner_ids.ids)],
                "location": event.location or False,
                "description": event.description or False,
            }
            changed = {
                key: value
                for key, value in values.items()
                if (
                    set(value[0][2]) != set(current[key][0][2])
                    if key == "partner_ids"
                    else value != current[key]
                )
            }
            if changed:
                event.write(changed)
        cancelled = self.filtered(lambda v: v.state == "cancelled")
        events = cancelled.calendar_event_id
        if events:
            cancelled._crm_write_workflow({"calendar_event_id": False})
            events.with_env(Event.env).unlink()

    @api.model
    def _crm_follow_calendar_events(self, events):
        """Move planned visits whose calendar event was moved in the calendar.

        The visits are written with the rights of who moved the event: a visit
        they may not change is refused (the event's ``write`` says so first).
        """
        visits = (
            self.sudo()
            .search([("calendar_event_id", "in", events.ids), ("state", "=", "planned")])
            .with_env(self.env)
        )
        with server_write(self._name):
            for visit in visits.with_context(**{CALENDAR_SYNC: True}):
                event = visit.calendar_event_id
                if event.allday:
                    values = {"start": shift_to_day(visit.start, event.start_date, visit._crm_tz())}
                else:
                    values = {"start": event.start, "duration": event.duration or visit.duration}
                if any(visit[key] != value for key, value in values.items()):
                    visit.write(values)
