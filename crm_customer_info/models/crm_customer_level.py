from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .integrity import MAX_INTERVAL_DAYS, check_range

# The level's visit cadence: the customers' visit dates follow them.
CADENCE_FIELDS = ("visit_interval_days", "visit_min_gap_days", "visit_max_gap_days")


class CrmCustomerLevel(models.Model):
    """Customer level (A/B/C/D...): how important a customer is, and how often to visit."""

    _name = "crm.customer.level"
    _inherit = ["crm.customer.shared.mixin"]
    _description = "Customer Level"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Short code used in reports and by the classification, e.g. A."
    )
    sequence = fields.Integer(default=10, help="Lower comes first: the most valued level on top.")
    color = fields.Integer()
    visit_interval_days = fields.Integer(
        string="Visit Interval (days)",
        default=30,
        help="Days between two visits to a customer of this level; 0 means no planned visits.",
    )
    visit_min_gap_days = fields.Integer(
        string="Minimum Days Between Visits",
        help="Visits are not planned closer than this to another visit of the customer "
        "(the visit plans skip such days; the next visit is not due sooner). 0: no minimum.",
    )
    visit_max_gap_days = fields.Integer(
        string="Maximum Days Between Visits",
        help="A customer becomes overdue this many days after its last visit. "
        "0: overdue after the visit interval.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the level between all companies."
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A level with this code already exists in this company.",
        ),
        (
            "visit_interval_positive",
            "CHECK(visit_interval_days >= 0)",
            "The visit interval cannot be negative.",
        ),
        (
            "visit_gaps_positive",
            "CHECK(visit_min_gap_days >= 0 AND visit_max_gap_days >= 0)",
            "The days between visits cannot be negative.",
        ),
    ]

    @api.depends_context("company")
    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("level_id", "in", self.ids)], ["level_id"], ["__count"]
            )
        )
        for level in self:
            level.partner_count = counts.get(level, 0)

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.res_partner_action_customer"
        )
        action["domain"] = [("level_id", "=", self.id)]
        action["context"] = {"default_level_id": self.id}
        return action

    @api.constrains("code", "company_id")
    def _check_shared_code_unique(self):
        """The SQL constraint on (code, company_id) lets shared levels (no company) repeat."""
        codes = [level.code for level in self if not level.company_id]
        if not codes:
            return
        clashes = [
            code
            for code, count in self.with_context(active_test=False)._read_group(
                [("company_id", "=", False), ("code", "in", codes)], ["code"], ["__count"]
            )
            if count > 1
        ]
        if clashes:
            raise ValidationError(
                self.env._(
                    "A shared level with code %(codes)s already exists.",
                    codes=", ".join(clashes),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """Deleting a level would silently clear customers' levels: archive it instead."""
        self.env["res.partner"].flush_model(["level_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT value::int FROM res_partner, jsonb_each_text(level_id)"
                " WHERE level_id IS NOT NULL AND value::int IN %s",
                tuple(self.ids),
            )
        )
        if used := self.browse(row[0] for row in self.env.cr.fetchall()):
            raise UserError(
                self.env._(
                    "Level %(levels)s is given to customers: archive it instead of deleting it.",
                    levels=", ".join(used.mapped("display_name")),
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if CADENCE_FIELDS & vals.keys():
            self.env["res.partner"]._crm_levels_changed()
        return result

    @api.constrains(*CADENCE_FIELDS)
    def _check_visit_interval_days(self):
        for fname in CADENCE_FIELDS:
            check_range(self, fname, 0, MAX_INTERVAL_DAYS)
        for level in self:
            interval = level.visit_interval_days
            low, high = level.visit_min_gap_days, level.visit_max_gap_days
            if low and low > interval:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: the minimum days between visits (%(low)s) cannot be "
                        "more than the visit interval (%(interval)s days).",
                        level=level.display_name,
                        low=low,
                        interval=interval,
                    )
                )
            if high and (not interval or high < interval):
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: the maximum days between visits (%(high)s) cannot be "
                        "less than the visit interval (%(interval)s days), which must be set.",
                        level=level.display_name,
                        high=high,
                        interval=interval,
                    )
                )
