from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..models.crm_customer_visit import DEFAULT_VISIT_HOUR
from ..models.crm_customer_visit_plan import WEEKDAYS

# Schedule fields copied as they are onto every plan the wizard creates.
PLAN_FIELDS = (
    "rule_type",
    "interval",
    "weekday",
    "month_day",
    "planned_hour",
    "duration",
    "date_start",
    "date_end",
    "count",
)
# Customers named in a refusal message, at most.
MAX_NAMED = 10


class CrmCustomerVisitPlanBulk(models.TransientModel):
    """Create one visit plan per customer for many customers at once.

    The customers are the ones selected in the customer list, or those matching a
    level, a region (sub-regions included), a sales team or a salesperson. A plain
    user plans his own customers only; a team leader also those of his teams; a
    manager any customer of the company.
    """

    _name = "crm.customer.visit.plan.bulk"
    _description = "Create Visit Plans"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_customer_visit_plan_bulk_partner_rel",
        "wizard_id",
        "partner_id",
        string="Selected Customers",
    )
    level_ids = fields.Many2many("crm.customer.level", string="Levels")
    region_ids = fields.Many2many(
        "crm.customer.region", string="Regions", help="Sub-regions are included."
    )
    team_ids = fields.Many2many("crm.team", string="Sales Teams")
    user_ids = fields.Many2many("res.users", string="Salespeople", domain=[("share", "=", False)])
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
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="End", help="Last day of the plans (included).")
    count = fields.Integer(
        string="Number of Visits", help="Visits of each plan from its start; 0: no limit."
    )
    customer_count = fields.Integer(compute="_compute_counts", string="Customers")
    existing_count = fields.Integer(compute="_compute_counts", string="Already Planned")

    @api.depends("partner_ids", "level_ids", "region_ids", "team_ids", "user_ids", "company_id")
    def _compute_counts(self):
        for wizard in self:
            if not wizard._has_criteria():
                wizard.customer_count = wizard.existing_count = 0
                continue
            customers = wizard._customers(refuse=False)
            wizard.customer_count = len(customers)
            wizard.existing_count = len(wizard._planned_customer_ids(customers))

    # ------------------------------------------------------------------
    # Customers
    # ------------------------------------------------------------------

    def _has_criteria(self):
        return bool(
            self.partner_ids or self.level_ids or self.region_ids or self.team_ids or self.user_ids
        )

    def _scope_domain(self):
        """The customers the current user may plan in bulk: all for a manager, his teams'
        and his own for a team leader, his own for a plain user."""
        user = self.env.user
        if user.has_group("crm_customer_info.group_crm_customer_manager"):
            return []
        own = [("user_id", "=", user.id)]
        if user.has_group("crm_customer_info.group_crm_customer_team_leader"):
            teams = self.env["crm.team"].search(
                ["|", ("user_id", "=", user.id), ("crm_team_member_ids.user_id", "in", user.ids)]
            )
            return expression.OR([own, [("team_id", "in", teams.ids)]])
        return own

    def _base_domain(self):
        """Customer companies (not their contacts) of the wizard's company."""
        return [("parent_id", "=", False), ("company_id", "in", [self.company_id.id, False])]

    def _criteria_domain(self):
        domain = []
        if self.level_ids:
            domain.append(("level_id", "in", self.level_ids.ids))
        if self.region_ids:
            domain.append(("region_id", "child_of", self.region_ids.ids))
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        return domain

    def _customers(self, refuse=True):
        """The customers to plan: the selected ones (refused if the user may not plan some
        of them; without ``refuse``, only those he may), else those matching the criteria
        within the user's scope."""
        Partner = self.env["res.partner"].with_company(self.company_id)
        if self.partner_ids:
            customers = self.partner_ids.commercial_partner_id.with_company(self.company_id)
            allowed = Partner.search(
                expression.AND(
                    [[("id", "in", customers.ids)], self._base_domain(), self._scope_domain()]
                )
            )
            refused = customers - allowed
            if not refuse:
                return allowed
            if refused:
                raise AccessError(
                    self.env._(
                        "You may not create visit plans for %(customers)s: a salesperson plans "
                        "his own customers, a team leader those of his teams, in the current "
                        "company.",
                        customers=", ".join(refused[:MAX_NAMED].mapped("display_name")),
                    )
                )
            return customers
        return Partner.search(
            expression.AND([self._base_domain(), self._criteria_domain(), self._scope_domain()])
        )

    def _planned_customer_ids(self, customers):
        """Ids of ``customers`` that already have an active plan in the wizard's company."""
        return {
            partner.id
            for [partner] in self.env["crm.customer.visit.plan"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "=", self.company_id.id),
                    ("active", "=", True),
                ],
                ["partner_id"],
            )
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_open_for_customers(self, customers):
        """The customer list's Action menu: the wizard for the selected customers."""
        if not customers:
            raise UserError(self.env._("Select the customers to plan visits for."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Visit Plans"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": customers.commercial_partner_id.ids},
        }

    def _plan_values(self, customer):
        return {
            **{fname: self[fname] for fname in PLAN_FIELDS},
            "partner_id": customer.id,
            "company_id": self.company_id.id,
            "purpose_id": self.purpose_id.id,
            "weekday": self.weekday or "0",
        }

    def _create_plans(self):
        """Create one plan per customer not planned yet, in one batch (their visits too,
        in one batch). Returns the new plans and the number of customers skipped."""
        self.ensure_one()
        Plan = self.env["crm.customer.visit.plan"].with_company(self.company_id)
        Plan.check_access("create")
        if not self._has_criteria():
            raise UserError(
                self.env._(
                    "Choose the customers: select them in the customer list, or pick levels, "
                    "regions, sales teams or salespeople."
                )
            )
        if self.date_end and self.date_end < self.date_start:
            raise UserError(self.env._("The end of the plans comes before their start."))
        customers = self._customers()
        if not customers:
            raise UserError(
                self.env._(
                    "No customer you may plan matches these levels, regions, teams and salespeople."
                )
            )
        planned = self._planned_customer_ids(customers)
        new_customers = customers.filtered(lambda c: c.id not in planned)
        plans = Plan.create([self._plan_values(customer) for customer in new_customers])
        return plans, len(customers) - len(new_customers)

    def action_create_plans(self):
        """Create the plans and report what was done in a notification."""
        plans, skipped = self._create_plans()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if plans else "warning",
                "title": self.env._("Visit plans created"),
                "message": self.env._(
                    "%(created)s plans created with %(visits)s visits; %(skipped)s customers "
                    "skipped (they already have a plan).",
                    created=len(plans),
                    visits=len(plans.visit_ids),
                    skipped=skipped,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
