from odoo import api, fields, models

from .integrity import MAX_RESPONSE_HOURS, check_range

# Priority of a log entry, as Odoo's priority stars.
PRIORITIES = [
    ("0", "Normal"),
    ("1", "Important"),
    ("2", "Urgent"),
    ("3", "Very Urgent"),
]


class CrmCustomerSlaPolicy(models.Model):
    """Service-level agreement: targets in working hours for the log entries it applies to."""

    _name = "crm.customer.sla.policy"
    _description = "Customer SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # What it applies to: every condition left empty matches every entry.
    type_ids = fields.Many2many(
        "crm.customer.log.type",
        string="Log Types",
        check_company=True,
        help="Leave empty for entries of every type.",
    )
    level_ids = fields.Many2many(
        "crm.customer.level",
        string="Customer Levels",
        help="Leave empty for customers of every level.",
    )
    priority = fields.Selection(
        PRIORITIES,
        string="Minimum Priority",
        default="0",
        required=True,
        help="Entries of this priority or a higher one.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Leave empty for entries of every team.",
    )
    tag_ids = fields.Many2many(
        "crm.customer.log.tag",
        string="Tags",
        check_company=True,
        help="Leave empty for entries with any tags. Otherwise the policy applies to the "
        "entries having at least one of these tags.",
    )
    # Targets
    response_hours = fields.Float(
        string="First Response (working hours)",
        help="Working hours from the log date to the first message from staff to the customer; "
        "0 means no target.",
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)",
        help="Working hours from the log date to the resolution; 0 means no target.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time and public holidays (the calendar's leaves) the targets count in. "
        "Leave empty to count every hour of the clock.",
    )
    pause_on_waiting = fields.Boolean(
        string="Pause While Waiting for the Customer",
        default=True,
        help="The clock stops while the entry waits for the customer.",
    )
    status_count = fields.Integer(string="Entries", compute="_compute_status_count")

    _sql_constraints = [
        (
            "targets_positive",
            "CHECK(response_hours >= 0 AND resolution_hours >= 0)",
            "SLA targets cannot be negative.",
        ),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        check_range(self, "response_hours", 0, MAX_RESPONSE_HOURS)
        check_range(self, "resolution_hours", 0, MAX_RESPONSE_HOURS)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.calendar_id.company_id and self.calendar_id.company_id != self.company_id:
            self.calendar_id = self.company_id.resource_calendar_id

    def _compute_status_count(self):
        counts = dict(
            self.env["crm.customer.sla.status"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.status_count = counts.get(policy, 0)

    def _crm_applies_to(self, log):
        """Whether this policy covers the entry ``log`` (same company, every condition met)."""
        self.ensure_one()
        return (
            self.company_id == log.company_id
            and (not self.type_ids or log.type_id in self.type_ids)
            and (
                not self.level_ids
                or log.partner_id.with_company(log.company_id).level_id in self.level_ids
            )
            and (not self.team_ids or log.team_id in self.team_ids)
            and (not self.tag_ids or bool(log.tag_ids & self.tag_ids))
            and int(log.priority or 0) >= int(self.priority)
        )

    def action_open_statuses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_log_action"
        )
        action["domain"] = [("sla_status_ids.policy_id", "=", self.id)]
        action["context"] = {}
        return action
