from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..models.crm_customer_log import OPEN_STATES


class CrmCustomerHandover(models.TransientModel):
    """Hand a leaving salesperson's customers and their open work over to a colleague."""

    _name = "crm.customer.handover"
    _description = "Customer Handover"

    from_user_id = fields.Many2one(
        "res.users", string="From Salesperson", required=True, domain=[("share", "=", False)]
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To Salesperson",
        required=True,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
        ],
    )
    level_ids = fields.Many2many("crm.customer.level", string="Only Levels")
    region_ids = fields.Many2many(
        "crm.customer.region", string="Only Regions", help="Sub-regions are included."
    )
    team_ids = fields.Many2many("crm.team", string="Only Sales Teams")
    note = fields.Text(help="Added to the message posted on each customer.")
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    moved_customer_count = fields.Integer(readonly=True, string="Customers Handed Over")
    moved_opportunity_count = fields.Integer(readonly=True, string="Opportunities Handed Over")
    moved_log_count = fields.Integer(readonly=True, string="Log Entries Handed Over")
    moved_visit_count = fields.Integer(readonly=True, string="Visits Handed Over")
    moved_activity_count = fields.Integer(readonly=True, string="Activities Handed Over")

    @api.depends("from_user_id", "level_ids", "region_ids", "team_ids")
    def _compute_customer_count(self):
        for wizard in self:
            wizard.customer_count = (
                self.env["res.partner"].search_count(wizard._customer_domain())
                if wizard.from_user_id
                else 0
            )

    def _customer_domain(self):
        domain = [
            ("user_id", "=", self.from_user_id.id),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
        ]
        if self.level_ids:
            domain.append(("level_id", "in", self.level_ids.ids))
        if self.region_ids:
            domain.append(("region_id", "child_of", self.region_ids.ids))
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return domain

    def _check_users(self):
        if self.from_user_id == self.to_user_id:
            raise UserError(self.env._("Choose two different salespeople."))
        if not self.to_user_id.active:
            raise UserError(
                self.env._(
                    "%(user)s is archived: customers cannot be handed over to them.",
                    user=self.to_user_id.name,
                )
            )
        if not self.to_user_id.has_group("sales_team.group_sale_salesman"):
            raise UserError(
                self.env._(
                    "%(user)s is not a sales user: give them Sales access first.",
                    user=self.to_user_id.name,
                )
            )

    def _handover_records(self, customers):
        """Reassign the open work on ``customers``; return counts by kind.

        Open opportunities, open log entries and planned visits move with the
        customers; so do the leaving salesperson's activities on all of them
        (a visit moves its own activity and calendar event).
        """
        from_user, to_user = self.from_user_id.id, self.to_user_id.id
        leads = self.env["crm.lead"].search(
            [
                ("partner_id", "child_of", customers.ids),
                ("user_id", "=", from_user),
                ("stage_id.is_won", "=", False),
            ]
        )
        logs = self.env["crm.customer.log"].search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", from_user),
                ("state", "in", OPEN_STATES),
            ]
        )
        visits = self.env["crm.customer.visit"].search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", from_user),
                ("state", "=", "planned"),
            ]
        )
        for records in (leads, logs, visits):
            records.write({"user_id": to_user})
        on_records = expression.OR(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
            for records in (customers, leads, logs)
        )
        activities = self.env["mail.activity"].search(
            expression.AND([[("user_id", "=", from_user)], on_records])
        )
        activities.write({"user_id": to_user})
        return {
            "opportunity": len(leads),
            "log": len(logs),
            "visit": len(visits),
            "activity": len(activities),
        }

    def action_handover(self):
        self.ensure_one()
        self._check_users()
        customers = self.env["res.partner"].search(self._customer_domain())
        if not customers:
            raise UserError(self.env._("No customer of this salesperson matches the filters."))
        counts = self._handover_records(customers)
        self.env["res.partner"].search(
            [("id", "child_of", customers.ids), ("user_id", "=", self.from_user_id.id)]
        ).write({"user_id": self.to_user_id.id})
        body = Markup("<p>%s</p>") % self.env._(
            "Customer handed over from %(from_user)s to %(to_user)s.",
            from_user=self.from_user_id.name,
            to_user=self.to_user_id.name,
        )
        if self.note:
            body += Markup("<p>%s</p>") % self.note
        customers._message_log_batch(bodies=dict.fromkeys(customers.ids, body))
        self.write(
            {
                "state": "done",
                "moved_customer_count": len(customers),
                "moved_opportunity_count": counts["opportunity"],
                "moved_log_count": counts["log"],
                "moved_visit_count": counts["visit"],
                "moved_activity_count": counts["activity"],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
