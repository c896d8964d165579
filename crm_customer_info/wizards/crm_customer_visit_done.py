from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..customer_insight.cadence import local_date, next_due_date
from ..models.crm_customer_log import SATISFACTION
from ..models.crm_customer_visit import NO_AUTOPLAN


class CrmCustomerVisitDone(models.TransientModel):
    """Close a visit: actual times, outcome, satisfaction, next steps, and the next visit."""

    _name = "crm.customer.visit.done"
    _description = "Visit Outcome"

    visit_id = fields.Many2one("crm.customer.visit", required=True, readonly=True)
    partner_id = fields.Many2one(related="visit_id.partner_id")
    check_in = fields.Datetime(
        compute="_compute_times", store=True, readonly=False, required=True, precompute=True
    )
    check_out = fields.Datetime(
        compute="_compute_times", store=True, readonly=False, required=True, precompute=True
    )
    outcome = fields.Html(help="What was discussed and achieved.")
    satisfaction = fields.Selection(SATISFACTION, default="0", string="Customer Satisfaction")
    follow_up = fields.Html(string="Next Steps")
    later_visit_id = fields.Many2one(
        "crm.customer.visit",
        string="Already Planned",
        compute="_compute_later_visit_id",
        help="A later visit of this customer is already planned: no new one is proposed.",
    )
    interval_days = fields.Integer(string="Visit Interval (days)", compute="_compute_interval_days")
    next_visit_date = fields.Date(
        string="Next Visit On",
        compute="_compute_next_visit_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Proposed from the customer's level: this visit's day plus its visit interval.",
    )
    plan_next = fields.Boolean(
        string="Plan the Next Visit",
        compute="_compute_plan_next",
        store=True,
        readonly=False,
        precompute=True,
    )
    next_purpose_id = fields.Many2one(
        "crm.customer.visit.purpose",
        string="Next Visit Purpose",
        default=lambda self: self.env["crm.customer.visit"]._crm_routine_purpose(),
    )

    @api.depends("visit_id")
    def _compute_times(self):
        now = fields.Datetime.now()
        for wizard in self:
            visit = wizard.visit_id
            check_out = visit.check_out or now
            wizard.check_out = check_out
            wizard.check_in = visit.check_in or min(
                visit.start, check_out - timedelta(hours=visit.duration)
            )

    @api.depends("visit_id")
    def _compute_later_visit_id(self):
        for wizard in self:
            visit = wizard.visit_id
            wizard.later_visit_id = self.env["crm.customer.visit"].search(
                [
                    ("partner_id", "=", visit.partner_id.id),
                    ("company_id", "=", visit.company_id.id),
                    ("state", "=", "planned"),
                    ("id", "!=", visit.id),
                    ("start", ">", visit.check_in or visit.start),
                ],
                order="start",
                limit=1,
            )

    @api.depends("visit_id")
    def _compute_interval_days(self):
        for wizard in self:
            wizard.interval_days = wizard.visit_id._crm_cadence_interval() if wizard.visit_id else 0

    @api.depends("visit_id", "check_in")
    def _compute_next_visit_date(self):
        for wizard in self:
            visit = wizard.visit_id
            interval = visit._crm_cadence_interval() if visit else 0
            day = wizard.check_in and local_date(wizard.check_in, visit._crm_tz())
            wizard.next_visit_date = next_due_date(day, interval) or False

    @api.depends("visit_id", "later_visit_id")
    def _compute_plan_next(self):
        for wizard in self:
            wizard.plan_next = (
                not wizard.later_visit_id
                and bool(wizard.next_visit_date)
                and wizard.visit_id.company_id.crm_visit_planning == "auto"
            )

    def action_confirm(self):
        self.ensure_one()
        visit = self.visit_id
        visit.check_access("write")
        if is_html_empty(self.outcome):
            raise UserError(self.env._("Describe the outcome of the visit."))
        if self.plan_next and not self.later_visit_id:
            day = local_date(self.check_in, visit._crm_tz())
            if not self.next_visit_date or self.next_visit_date <= day:
                raise UserError(self.env._("The next visit must come after this one."))
        visit.with_context(**{NO_AUTOPLAN: True})._crm_write_workflow(
            {
                "state": "done",
                "check_in": self.check_in,
                "check_out": self.check_out,
                "outcome": self.outcome,
                "satisfaction": self.satisfaction,
                "follow_up": self.follow_up,
            }
        )
        if self.plan_next and not self.later_visit_id:
            visit._crm_plan_next_visits({visit.id: self.next_visit_date}, self.next_purpose_id)
        return {"type": "ir.actions.act_window_close"}
