import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..customer_insight.cadence import (
    effective_interval,
    gap_intervals,
    local_date,
    missed_cutoff,
    next_due_date,
    planning_day,
    reminder_due,
    shift_to_day,
    to_utc,
)
from .constants import SATISFACTION
from .integrity import (
    MAX_LEAD_HOURS,
    MAX_VISIT_HOURS,
    check_client_values,
    check_dates,
    check_range,
    is_server_write,
    server_write,
)

_logger = logging.getLogger(__name__)

# Context key set while visits and their calendar events update each other; honoured
# only for the superuser and inside the visit's own methods (``server_write``).
CALENDAR_SYNC = "crm_visit_calendar_sync"
# Context key: the caller decides about the next visit itself (the "Done" wizard).
NO_AUTOPLAN = "crm_visit_no_autoplan"
# Fields only the visit's own methods write (buttons, wizards, jobs, calendar sync), with
# the only value a request may create a visit with (None: no value).
SERVER_FIELDS = {
    "state": "planned",
    "stop": None,
    "visit_date": None,
    "actual_duration": None,
    "calendar_event_id": None,
    "next_visit_id": None,
    "reminder_sent": None,
}
# Local hour (9:00) of visits planned without a time.
DEFAULT_VISIT_HOUR = 9.0

ACTIVITY_FIELDS = {"state", "user_id", "start", "check_in", "purpose_id"}
CALENDAR_FIELDS = {
    "state",
    "start",
    "duration",
    "user_id",
    "partner_id",
    "contact_id",
    "companion_ids",
    "location",
    "purpose_id",
    "description",
}
CADENCE_FIELDS = {"state", "partner_id", "company_id", "start", "check_in", "user_id"}


class CrmCustomerVisit(models.Model):
    """A salesperson's visit to a customer: planned, then done, missed or cancelled."""

    _name = "crm.customer.visit"
    _description = "Customer Visit"
    _inherit = ["crm.customer.numbered.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(string="Number")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False), "
        "('company_id', 'in', [company_id, False])]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        tracking=True,
        ondelete="set null",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    start = fields.Datetime(
        string="Planned Start",
        required=True,
        tracking=True,
        default=lambda self: self._crm_default_start(),
    )
    duration = fields.Float(default=1.0)
    stop = fields.Datetime(string="Planned End", compute="_compute_stop", store=True)
    visit_date = fields.Date(
        string="Visit Day",
        compute="_compute_visit_date",
        store=True,
        index=True,
        help="Day of the visit in the salesperson's time zone: the check-in day once done.",
    )
    method = fields.Selection(
        [
            ("on_site", "On Site"),
            ("phone", "Phone"),
            ("video", "Video Call"),
            ("premises", "At Our Premises"),
        ],
        required=True,
        default="on_site",
        tracking=True,
    )
    purpose_id = fields.Many2one(
        "crm.customer.visit.purpose",
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env["crm.customer.visit.purpose"].search([], limit=1),
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    location = fields.Char(compute="_compute_location", store=True, readonly=False)
    description = fields.Html(string="Agenda")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        tracking=True,
        index=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    companion_ids = fields.Many2many(
        "res.users",
        "crm_customer_visit_companion_rel",
        "visit_id",
        "user_id",
        string="Companions",
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    opportunity_ids = fields.Many2many(
        "crm.lead",
        "crm_customer_visit_crm_lead_rel",
        "visit_id",
        "lead_id",
        string="Opportunities",
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    product_ids = fields.Many2many(
        "product.product",
        "crm_customer_visit_product_rel",
        "visit_id",
        "product_id",
        string="Products Discussed",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="planned",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    check_in = fields.Datetime(tracking=True, copy=False)
    check_out = fields.Datetime(tracking=True, copy=False)
    actual_duration = fields.Float(compute="_compute_actual_duration", store=True)
    outcome = fields.Html(copy=False)
    follow_up = fields.Html(string="Next Steps", copy=False)
    satisfaction = fields.Selection(SATISFACTION, default="0", copy=False, tracking=True)
    cancel_reason = fields.Text(tracking=True, copy=False)
    next_visit_id = fields.Many2one(
        "crm.customer.visit", readonly=True, copy=False, ondelete="set null"
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, ondelete="set null"
    )
    reminder_sent = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    @api.model
    def _crm_default_start(self, partner=None):
        """9:00 on the customer's next due day (not before tomorrow), in the user's time zone."""
        partner = partner or self.env["res.partner"].browse(
            self.env.context.get("default_partner_id")
        )
        due = partner.next_visit_due_date or None if partner else None
        day = planning_day(due, fields.Date.context_today(self))
        tz = (partner.user_id if partner else self.env.user).tz or self.env.user.tz
        return to_utc(day, DEFAULT_VISIT_HOUR, tz or "")

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = (
                f"{visit.name} - {visit.partner_id.name}" if visit.partner_id else visit.name
            )

    @api.depends("start", "duration")
    def _compute_stop(self):
        for visit in self:
            try:
                visit.stop = visit.start and visit.start + timedelta(hours=visit.duration)
            except (OverflowError, ValueError):
                visit.stop = False  # out of bounds: the constraints explain it

    def _crm_tz(self):
        """Time zone name of the visit: the salesperson's, else the company's."""
        return self.user_id.tz or self.company_id.partner_id.tz or ""

    @api.depends("start", "check_in", "state", "user_id.tz", "company_id.partner_id.tz")
    def _compute_visit_date(self):
        for visit in self:
            moment = visit.check_in if visit.state == "done" and visit.check_in else visit.start
            try:
                visit.visit_date = moment and local_date(moment, visit._crm_tz())
            except (OverflowError, ValueError):
                visit.visit_date = False  # out of bounds: the constraints explain it

    @api.depends("check_in", "check_out")
    def _compute_actual_duration(self):
        for visit in self:
            visit.actual_duration = (
                (visit.check_out - visit.check_in).total_seconds() / 3600
                if visit.check_in and visit.check_out
                else 0.0
            )

    @api.depends("partner_id", "contact_id", "method", "company_id")
    def _compute_location(self):
        for visit in self:
            if visit.method == "on_site":
                place = visit.contact_id if visit.contact_id.street else visit.partner_id
            elif visit.method == "premises":
                place = visit.company_id.partner_id
            else:
                place = self.env["res.partner"]
            address = place._display_address(without_company=True) if place else ""
            lines = (line.strip(" ,") for line in address.splitlines())
            visit.location = ", ".join(line for line in lines if line) or False

    @api.depends("partner_id")
    def _compute_user_id(self):
        for visit in self:
            visit.user_id = visit.partner_id.user_id or visit.user_id or self.env.user

    @api.depends("user_id", "partner_id")
    def _compute_team_id(self):
        for visit in self:
            visit.team_id = visit.user_id.sale_team_id or visit.partner_id.team_id

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("duration")
    def _check_duration(self):
        if any(visit.duration <= 0 for visit in self):
            raise ValidationError(self.env._("A visit must last longer than zero minutes."))
        check_range(self, "duration", 0, MAX_VISIT_HOURS, strict_low=True)

    @api.constrains("start", "check_in", "check_out")
    def _check_dates(self):
        check_dates(self, "start", "check_in", "check_out")

    @api.constrains("check_in", "check_out", "state")
    def _check_actual_times(self):
        now = fields.Datetime.now()
        for visit in self:
            if visit.check_in and visit.check_in > now:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: check-in cannot be in the future.", visit=visit.name
                    )
                )
            if visit.check_out and not visit.check_in:
                raise ValidationError(
                    self.env._("Visit %(visit)s: check in before checking out.", visit=visit.name)
                )
            if visit.check_in and visit.check_out and visit.check_out < visit.check_in:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: check-out cannot be before check-in.", visit=visit.name
                    )
                )
            if visit.state == "done" and not (visit.check_out and visit.check_out <= now):
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: a done visit needs its check-in and check-out, "
                        "not in the future.",
                        visit=visit.name,
                    )
                )

    @api.constrains("state", "cancel_reason")
    def _check_cancel_reason(self):
        for visit in self:
            if visit.state == "cancelled" and not (visit.cancel_reason or "").strip():
                raise ValidationError(
                    self.env._("Visit %(visit)s: say why it is cancelled.", visit=visit.name)
                )

    @api.constrains("partner_id", "contact_id", "company_id")
    def _check_customer(self):
        for visit in self:
            customer = visit.partner_id
            if customer != customer.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: visit the company %(company)s, not its contact "
                        "%(contact)s (choose the contact as contact person).",
                        visit=visit.name,
                        company=customer.commercial_partner_id.name,
                        contact=customer.name,
                    )
                )
            if customer.company_id and customer.company_id != visit.company_id:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: %(customer)s is a customer of %(company)s only.",
                        visit=visit.name,
                        customer=customer.name,
                        company=customer.company_id.name,
                    )
                )
            if visit.contact_id and visit.contact_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: %(contact)s does not belong to %(customer)s.",
                        visit=visit.name,
                        contact=visit.contact_id.name,
                        customer=customer.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self = check_client_values(self, vals_list, SERVER_FIELDS)  # noqa: PLW0642
        visits = super().create(vals_list)
        visits._crm_sync_activities()
        visits._crm_sync_calendar_events()
        self._crm_refresh_customers(visits._crm_customer_keys())
        return visits

    def write(self, vals):
        check_client_values(self, vals, SERVER_FIELDS)
        if "start" in vals and "reminder_sent" not in vals:
            vals = {**vals, "reminder_sent": False}
        customers_before = self._crm_customer_keys() if CADENCE_FIELDS & vals.keys() else set()
        result = super().write(vals)
        if ACTIVITY_FIELDS & vals.keys():
            self._crm_sync_activities()
        if CALENDAR_FIELDS & vals.keys() and not self._crm_calendar_syncing():
            self._crm_sync_calendar_events()
        if vals.get("state") == "done" and not self.env.context.get(NO_AUTOPLAN):
            self.filtered(
                lambda v: v.company_id.crm_visit_planning == "auto"
            )._crm_plan_next_visits()
        if CADENCE_FIELDS & vals.keys():
            self._crm_refresh_customers(customers_before | self._crm_customer_keys())
        return result

    # Handover: a visit moves its own activity and calendar event with its salesperson.
    _crm_handover_own_activities = True

    @api.model
    def _crm_handover_records(self, customers, user):
        """Handover: the planned visits of ``user`` to ``customers`` move with them."""
        return self.search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", user.id),
                ("state", "=", "planned"),
            ]
        )

    @api.model
    def _crm_number_sequence(self, company):
        return company._crm_visit_sequence()

    def _crm_write_workflow(self, vals):
        """Write workflow fields (status, links, flags): for the visit's own methods only.

        The buttons, wizards and jobs call this after checking their rules; the
        user's access rights still apply.
        """
        with server_write(self._name):
            return self.write(vals)

    def _crm_calendar_syncing(self):
        """True while the visit follows its calendar event (never on a request's say-so)."""
        return bool(self.env.context.get(CALENDAR_SYNC)) and is_server_write(self)

    def unlink(self):
        customers = self._crm_customer_keys()
        events = self.calendar_event_id
        result = super().unlink()
        events.sudo().with_context(**{CALENDAR_SYNC: True}).unlink()
        self.browse()._crm_refresh_customers(customers)
        return result

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def _crm_check_planned(self):
        not_planned = self.filtered(lambda v: v.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "Only planned visits can do this; not %(visits)s.",
                    visits=", ".join(not_planned.mapped("name")),
                )
            )

    def action_check_in(self):
        """Record the actual start of the visit: now."""
        self._crm_check_planned()
        if self.filtered("check_in"):
            raise UserError(self.env._("This visit is already checked in."))
        self.write({"check_in": fields.Datetime.now()})
        return True

    def action_check_out(self):
        """Record the actual end of the visit: now."""
        self._crm_check_planned()
        if self.filtered(lambda v: not v.check_in or v.check_out):
            raise UserError(self.env._("Check in first; a visit is checked out once."))
        self.write({"check_out": fields.Datetime.now()})
        return True

    def action_done(self):
        """Open the wizard that records the outcome and proposes the next visit."""
        self.ensure_one()
        self._crm_check_planned()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Visit Outcome"),
            "res_model": "crm.customer.visit.done",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    def action_cancel(self):
        """Open the wizard that asks why the visits are cancelled."""
        self._crm_check_planned()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Visits"),
            "res_model": "crm.customer.visit.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_ids": self.ids},
        }

    def _crm_cancel(self, reason):
        """Cancel planned visits, saying why."""
        self._crm_check_planned()
        self._crm_write_workflow({"state": "cancelled", "cancel_reason": reason})

    def action_reset_to_planned(self):
        """Plan a cancelled or missed visit again."""
        if self.filtered(lambda v: v.state not in ("cancelled", "missed")):
            raise UserError(self.env._("Only cancelled or missed visits can be planned again."))
        self._crm_write_workflow({"state": "planned", "cancel_reason": False})
        return True

    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    @api.model
    def _crm_count_by(self, fname, records):
        """Number of visits per record of ``records`` (linked through ``fname``), in one query."""
        return dict(self._read_group([(fname, "in", records.ids)], [fname], ["__count"]))

    @api.model
    def _crm_action(self, domain, context):
        """The "All Visits" window action restricted to ``domain``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_visit_action"
        )
        action.update({"domain": domain, "context": context})
        return action

    # ------------------------------------------------------------------
    # Cadence
    # ------------------------------------------------------------------

    def _crm_customer_keys(self):
        return {(visit.partner_id.id, visit.company_id.id) for visit in self}

    @api.model
    def _crm_refresh_customers(self, keys):
        """Tell the customers, given as (partner id, company id) pairs, that their visits
        changed: the partner recomputes its visit dates."""
        by_company = defaultdict(set)
        for partner_id, company_id in keys:
            by_company[company_id].add(partner_id)
        Partner = self.env["res.partner"]
        for company_id, partner_ids in by_company.items():
            Partner._crm_refresh_visit_dates(
                self.env["res.company"].browse(company_id), Partner.browse(sorted(partner_ids))
            )

    def _crm_cadence_interval(self):
        """Days from this visit to the customer's next one, in the visit's company: its
        visit interval, not less than its level's minimum days between visits."""
        self.ensure_one()
        customer = self.partner_id.with_company(self.company_id)
        level = customer.level_id
        interval = effective_interval(level.visit_interval_days, customer.visit_interval_days)
        return gap_intervals(interval, level.visit_min_gap_days)[0]

    def _crm_cadence_due(self):
        """Day the next visit is due after this done visit, or None without a cadence."""
        self.ensure_one()
        return next_due_date(self.visit_date, self._crm_cadence_interval())

    def _crm_plan_next_visits(self, days=None, purpose=None):
        """Plan the customer's next visit after each done visit of ``self``.

        ``days`` maps visit ids to the chosen day; by default the cadence's due
        day. Customers that already have a later planned visit are skipped.
        Returns the new visits.
        """
        days = days or {}
        latest = {
            (partner.id, company.id): start
            for partner, company, start in self._read_group(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("state", "=", "planned"),
                ],
                ["partner_id", "company_id"],
                ["start:max"],
            )
        }
        sources, vals_list = [], []
        for visit in self.filtered(lambda v: v.state == "done"):
            key = (visit.partner_id.id, visit.company_id.id)
            if key in latest and latest[key] > (visit.check_in or visit.start):
                continue
            day = days.get(visit.id) or visit._crm_cadence_due()
            if not day:
                continue
            latest[key] = visit.start
            sources.append(visit)
            vals_list.append(
                {
                    "partner_id": visit.partner_id.id,
                    "contact_id": visit.contact_id.id,
                    "company_id": visit.company_id.id,
                    "user_id": (visit.partner_id.user_id or visit.user_id).id,
                    "start": shift_to_day(visit.start, day, visit._crm_tz()),
                    "duration": visit.duration,
                    "method": visit.method,
                    "purpose_id": (purpose or self._crm_routine_purpose()).id,
                }
            )
        new_visits = self.create(vals_list)
        for visit, new_visit in zip(sources, new_visits, strict=True):
            visit._crm_write_workflow({"next_visit_id": new_visit.id})
        return new_visits

    def _crm_routine_purpose(self):
        routine = self.env.ref(
            "crm_customer_info.crm_customer_visit_purpose_routine", raise_if_not_found=False
        )
        return routine if routine and routine.active else self.env["crm.customer.visit.purpose"]

    @api.model
    def _crm_plan_for_customers(self, customers):
        """Plan one visit for each customer without a planned one, in the current company.

        The visit falls on the customer's due day (not before tomorrow) at 9:00
        in the salesperson's time zone. Returns the new visits.
        """
        company = self.env.company
        customers = customers.commercial_partner_id.filtered(
            lambda p: not p.company_id or p.company_id == company
        )
        busy = {
            partner.id
            for [partner] in self._read_group(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "planned"),
                ],
                ["partner_id"],
            )
        }
        today = fields.Date.context_today(self)
        vals_list = []
        for customer in customers.filtered(lambda p: p.id not in busy):
            user = customer.user_id or self.env.user
            day = planning_day(customer.next_visit_due_date or None, today)
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "company_id": company.id,
                    "start": to_utc(day, DEFAULT_VISIT_HOUR, user.tz or self.env.user.tz or ""),
                }
            )
        return self.create(vals_list)

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------

    @api.model
    def _cron_visit_cadence(self):
        """Daily: refresh every customer's visit dates; one activity per newly overdue customer."""
        self.env["res.partner"]._crm_refresh_visit_dates(notify=True)

    @api.model
    def _cron_mark_missed(self):
        """Planned visits without check-in, ended more than the grace period ago, become missed.

        Each salesperson and team leader concerned gets one notification listing them.
        """
        now = fields.Datetime.now()
        unchecked = [("state", "=", "planned"), ("check_in", "=", False)]
        missed = self.browse()
        for [company] in self._read_group([*unchecked, ("stop", "<", now)], ["company_id"]):
            grace = company.crm_visit_grace_hours
            if not 0 <= grace <= MAX_LEAD_HOURS:
                _logger.warning(
                    "Company %s: grace period of %s hours is out of bounds (0-%s); "
                    "no visit marked missed.",
                    company.name,
                    grace,
                    MAX_LEAD_HOURS,
                )
                continue
            missed |= self.search(
                [
                    *unchecked,
                    ("company_id", "=", company.id),
                    ("stop", "<", missed_cutoff(now, grace)),
                ]
            )
        if not missed:
            return
        missed._crm_write_workflow({"state": "missed"})
        missed._crm_notify_missed()

    def _crm_notify_missed(self):
        """One notification per salesperson and per team leader, listing their missed visits."""
        recipients = defaultdict(self.browse)
        for visit in self:
            recipients[visit.user_id.partner_id] |= visit
            if visit.team_id.user_id:
                recipients[visit.team_id.user_id.partner_id] |= visit
        for partner, partner_visits in recipients.items():
            visits = partner_visits.with_context(lang=partner.lang)
            body = (
                self.env["ir.qweb"]
                .with_context(lang=partner.lang)
                ._render(
                    "crm_customer_info.crm_customer_visit_missed_message",
                    {"visits": visits, "recipient": partner},
                    minimal_qcontext=True,
                )
            )
            self.browse().with_context(lang=partner.lang).message_notify(
                partner_ids=partner.ids,
                subject=visits.env._("Missed customer visits"),
                body=body,
                model=self._name,
                res_id=visits[0].id if len(visits) == 1 else False,
            )

    @api.model
    def _cron_send_reminders(self):
        """Remind each salesperson of their visits starting within their lead time, once.

        A lead time out of bounds (stored before the bounds existed) skips that
        visit with a warning in the log; the other visits are reminded.
        """
        now = fields.Datetime.now()
        upcoming = [("state", "=", "planned"), ("reminder_sent", "=", False), ("start", ">", now)]
        companies = self.env["res.company"].browse(
            company.id for [company] in self._read_group(upcoming, ["company_id"])
        )
        users_lead = self.env["res.users"].search(
            [
                ("crm_visit_reminder_hours", ">", 0),
                ("crm_visit_reminder_hours", "<=", MAX_LEAD_HOURS),
            ],
            order="crm_visit_reminder_hours desc",
            limit=1,
        )
        horizon = max(
            hours
            for hours in [
                users_lead.crm_visit_reminder_hours,
                *companies.mapped("crm_visit_reminder_hours"),
            ]
            if hours <= MAX_LEAD_HOURS
        )
        if horizon <= 0:
            return
        candidates = self.search([*upcoming, ("start", "<=", now + timedelta(hours=horizon))])
        due = self.browse()
        for visit in candidates:
            hours = (
                visit.user_id.crm_visit_reminder_hours or visit.company_id.crm_visit_reminder_hours
            )
            if not 0 <= hours <= MAX_LEAD_HOURS:
                _logger.warning(
                    "Visit %s: reminder lead time of %s hours is out of bounds (0-%s); "
                    "no reminder sent.",
                    visit.name,
                    hours,
                    MAX_LEAD_HOURS,
                )
            elif reminder_due(visit.start, hours, now):
                due |= visit
        if not due:
            return
        template = self.env.ref("crm_customer_info.mail_template_crm_customer_visit_reminder")
        template.send_mail_batch(due.ids)
        due._message_log_batch(
            bodies={
                visit.id: self.env._("Reminder sent to %(user)s.", user=visit.user_id.name)
                for visit in due
            }
        )
        due._crm_write_workflow({"reminder_sent": True})
