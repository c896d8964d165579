import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from ..customer_insight.cadence import effective_interval, local_date, min_gap_allows
from ..customer_insight.recurrence import Rule, planned_moments
from .crm_customer_visit import DEFAULT_VISIT_HOUR
from .integrity import check_range, server_write

_logger = logging.getLogger(__name__)

# Weeks ahead for which the daily job plans the visits of every plan.
HORIZON_WEEKS = 8
# Plans whose visits the daily job creates in one batch.
JOB_BATCH_PLANS = 2000
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
# Changing these moves the plan's future, unstarted visits to the new schedule.
SCHEDULE_FIELDS = {
    "rule_type",
    "interval",
    "weekday",
    "month_day",
    "planned_hour",
    "date_start",
    "date_end",
    "count",
    "active",
    "partner_id",
    "company_id",
}
# Changing these changes the plan's future, unstarted visits alike.
FOLLOW_FIELDS = {"user_id", "purpose_id", "duration"}


class CrmCustomerVisitPlan(models.Model):
    """A recurring visit plan: the visits of one customer, planned ahead by a daily job."""

    _name = "crm.customer.visit.plan"
    _description = "Recurring Visit Plan"
    _order = "partner_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False), ('company_id', 'in', [company_id, False])]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )
    rule_type = fields.Selection(
        [
            ("weekly", "Every N Weeks"),
            ("monthly", "Monthly"),
            ("level", "The Level's Interval"),
        ],
        string="Repeat",
        required=True,
        default="weekly",
    )
    interval = fields.Integer(
        string="Every", default=1, help="Every how many weeks or months the visit repeats."
    )
    weekday = fields.Selection(WEEKDAYS, default="0")
    month_day = fields.Integer(
        string="Day of Month",
        default=1,
        help="Day of the month; in shorter months, the month's last day.",
    )
    planned_hour = fields.Float(
        string="Time", default=DEFAULT_VISIT_HOUR, help="Local time of the salesperson."
    )
    duration = fields.Float(default=1.0)
    purpose_id = fields.Many2one(
        "crm.customer.visit.purpose",
        ondelete="restrict",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="End", help="Last day of the plan (included).")
    count = fields.Integer(
        string="Number of Visits", help="Visits of the plan from its start; 0: no limit."
    )
    visit_ids = fields.One2many("crm.customer.visit", "plan_id", string="Plan Visits")
    visit_count = fields.Integer(compute="_compute_visit_count", string="Visits")

    @api.depends("partner_id", "rule_type", "interval", "weekday", "month_day")
    def _compute_name(self):
        weekdays = dict(self._fields["weekday"]._description_selection(self.env))
        for plan in self:
            if plan.rule_type == "weekly":
                rule = self.env._(
                    "every %(weeks)s week(s) on %(weekday)s",
                    weeks=plan.interval,
                    weekday=weekdays.get(plan.weekday, ""),
                )
            elif plan.rule_type == "monthly":
                rule = self.env._(
                    "every %(months)s month(s) on day %(day)s",
                    months=plan.interval,
                    day=plan.month_day,
                )
            else:
                rule = self.env._("at the level's interval")
            plan.name = f"{plan.partner_id.name or ''}: {rule}"

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.user_id or plan.user_id or self.env.user

    @api.depends("user_id", "partner_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.sale_team_id or plan.partner_id.team_id

    def _compute_visit_count(self):
        counts = dict(
            self.env["crm.customer.visit"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.visit_count = counts.get(plan, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("interval", "month_day", "count", "planned_hour", "duration")
    def _check_numbers(self):
        check_range(self, "interval", 1, 52)
        check_range(self, "month_day", 1, 31)
        check_range(self, "count", 0, 1000)
        check_range(self, "planned_hour", 0, 23.99)
        check_range(self, "duration", 0, 24, strict_low=True)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._("Plan %(plan)s: the end comes before the start.", plan=plan.name)
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for plan in self:
            if plan.partner_id != plan.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: plan visits of the customer company, not of a contact.",
                        plan=plan.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._crm_generate_visits()
        return plans

    def write(self, vals):
        result = super().write(vals)
        if SCHEDULE_FIELDS & vals.keys():
            self._crm_future_visits().sudo().unlink()  # the plan's own, checked: see below
            self._crm_generate_visits()
        elif FOLLOW_FIELDS & vals.keys():
            visits = self._crm_future_visits()
            for plan in self:
                with server_write("crm.customer.visit"):
                    visits.filtered(lambda v, p=plan: v.plan_id == p).write(
                        plan._crm_visit_values()
                    )
        return result

    def unlink(self):
        self._crm_future_visits().sudo().unlink()
        return super().unlink()

    def _crm_future_visits(self):
        """The plan's visits still to come and not started: the ones that follow the plan.

        Visits done, missed, cancelled, checked in or in the past never change. The
        caller may change ``self`` (its access was checked on the plan); the visits
        are then changed with the plan's authority.
        """
        if not self:
            return self.env["crm.customer.visit"]
        self.check_access("write")
        return (
            self.env["crm.customer.visit"]
            .sudo()
            .search(
                [
                    ("plan_id", "in", self.ids),
                    ("state", "=", "planned"),
                    ("check_in", "=", False),
                    ("start", ">", fields.Datetime.now()),
                ]
            )
        )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    def _crm_visit_values(self):
        self.ensure_one()
        return {
            "user_id": self.user_id.id,
            "purpose_id": self.purpose_id.id,
            "duration": self.duration,
        }

    def _crm_rules(self):
        """``{plan: Rule}`` of the plans that repeat (those at the level's interval need
        a customer with an interval), read in one batch per company."""
        by_level = self.filtered(lambda p: p.rule_type == "level")
        intervals = {
            plan: effective_interval(
                customer.level_id.visit_interval_days, customer.visit_interval_days
            )
            for plan, customer in by_level._crm_customers().items()
        }
        rules = {}
        for plan in self:
            kind = {"level": "days"}.get(plan.rule_type, plan.rule_type)
            interval = intervals.get(plan, plan.interval)
            if not interval:
                continue  # a customer without a visit interval: nothing to plan
            rules[plan] = Rule(
                kind,
                plan.date_start,
                interval=interval,
                weekday=int(plan.weekday or 0),
                month_day=plan.month_day,
                end=plan.date_end or None,
                count=plan.count,
            )
        return rules

    def _crm_customers(self):
        """``{plan: its customer in the plan's company}``, read in one batch per company."""
        customers = {}
        for company, plans in self.grouped("company_id").items():
            by_id = {c.id: c for c in plans.partner_id.with_company(company)}
            customers.update((plan, by_id[plan.partner_id.id]) for plan in plans)
        return customers

    def _crm_min_gaps(self):
        """``{plan: days}``: the minimum days between visits of each plan's customer, from
        its level in the plan's company (plans without one are left out)."""
        gaps = {
            plan: customer.level_id.visit_min_gap_days
            for plan, customer in self._crm_customers().items()
        }
        return {plan: days for plan, days in gaps.items() if days}

    def _crm_generate_visits(self, weeks=HORIZON_WEEKS):
        """Create the missing visits of the plans for the next ``weeks`` weeks, in one batch.

        A day gets no visit when the plan already has its visit for that day (whatever
        its state: a cancelled visit stays cancelled), when the customer already has
        a visit planned that day, or when the day is closer than the minimum days
        between visits of the customer's level to another planned or done visit of the
        customer in the plan's company (including the ones planned by this run, in
        order of time): such a day is skipped, not moved. Returns the new visits.
        """
        plans = self.filtered("active")
        if not plans:
            return self.env["crm.customer.visit"]
        now = fields.Datetime.now()
        today = now.date()
        last = today + timedelta(weeks=weeks)
        wanted = []
        for plan, rule in plans._crm_rules().items():
            tz = plan.user_id.tz or plan.company_id.partner_id.tz or ""
            for day, moment in planned_moments(
                rule, today - timedelta(days=1), last, plan.planned_hour, tz
            ).items():
                if moment > now:
                    wanted.append((plan, day, moment, tz))
        if not wanted:
            return self.env["crm.customer.visit"]
        min_gaps = plans._crm_min_gaps()
        margin = timedelta(days=2 + max(min_gaps.values(), default=0))
        Visit = self.env["crm.customer.visit"].sudo()
        taken_plan_days = set()
        taken_customer_days = set()
        visit_days = defaultdict(set)  # (customer, company): days of its planned and done visits
        for plan, partner, company, plan_day, state, visit_date in Visit._read_group(
            [
                ("partner_id", "in", plans.partner_id.ids),
                ("visit_date", ">=", today - margin),
                ("visit_date", "<=", last + margin),
                "|",
                ("state", "in", ("planned", "done")),
                ("plan_id", "in", plans.ids),
            ],
            ["plan_id", "partner_id", "company_id", "plan_date:day", "state", "visit_date:day"],
        ):
            if plan:
                taken_plan_days.add((plan.id, plan_day))
            if state == "planned":
                taken_customer_days.add((partner.id, visit_date))
            if state in ("planned", "done"):
                visit_days[partner.id, company.id].add(visit_date)
        vals_list = []
        for plan, day, moment, tz in sorted(wanted, key=lambda item: item[2]):
            visit_day = local_date(moment, tz)
            customer_day = (plan.partner_id.id, visit_day)
            if (plan.id, day) in taken_plan_days or customer_day in taken_customer_days:
                continue
            days = visit_days[plan.partner_id.id, plan.company_id.id]
            if not min_gap_allows(visit_day, days, min_gaps.get(plan, 0)):
                continue  # too close to another visit of the customer: skipped, not moved
            taken_customer_days.add(customer_day)
            days.add(visit_day)
            vals_list.append(
                {
                    **plan._crm_visit_values(),
                    "partner_id": plan.partner_id.id,
                    "company_id": plan.company_id.id,
                    "start": moment,
                    "plan_id": plan.id,
                    "plan_date": day,
                }
            )
        # No "activity assigned" e-mail per planned visit (weeks of them at once): the
        # salesperson sees them in the activities and gets the visit reminder before each.
        with server_write("crm.customer.visit"):
            visits = (
                self.env["crm.customer.visit"]
                .with_context(
                    tracking_disable=True, mail_create_nolog=True, mail_activity_quick_update=True
                )
                .create(vals_list)
            )
        return visits

    @api.model
    def _cron_generate_visits(self):
        """Daily job: plan the visits of every active plan for the horizon."""
        today = fields.Date.context_today(self)
        plans = self.search(["|", ("date_end", "=", False), ("date_end", ">=", today)])
        visit_ids = []
        # In batches of plans: each batch reads and creates in bulk; the cache is emptied
        # between batches so that memory does not grow with the number of plans.
        for batch in split_every(JOB_BATCH_PLANS, plans.ids, self.browse):
            visit_ids += batch._crm_generate_visits().ids
            if len(plans) > JOB_BATCH_PLANS:
                self.env.flush_all()
                self.env.invalidate_all()
        _logger.info("Visit plans: %s plans, %s visits planned", len(plans), len(visit_ids))
        return self.env["crm.customer.visit"].browse(visit_ids)

    # ------------------------------------------------------------------
    # Handover and buttons
    # ------------------------------------------------------------------

    @api.model
    def _crm_handover_records(self, customers, user):
        """Handover: the plans of ``user`` for ``customers`` move with them."""
        return self.search([("partner_id", "in", customers.ids), ("user_id", "=", user.id)])

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_visit_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action
