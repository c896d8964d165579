from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


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

    @api.model
    def _handover_models(self):
        """The models whose records move with the customers: every model with a
        ``_crm_handover_records(customers, user)`` hook, by name."""
        return [
            name
            for name in sorted(self.env.registry)
            if hasattr(self.env.registry[name], "_crm_handover_records")
        ]

    def _handover_records(self, customers):
        """Reassign the open work on ``customers``; return the count moved per model.

        Each feature says what moves with the customers through a hook on its
        model, ``_crm_handover_records(customers, user)``: the records of ``user``
        to reassign (open opportunities, open log entries, planned visits, ...).
        The leaving salesperson's activities on the customers and on those records
        move too, except on models that move their own (``_crm_handover_own_activities``,
        a visit moves its activity and calendar event).
        """
        from_user, to_user = self.from_user_id, self.to_user_id.id
        moved = {}
        with_activities = [customers]
        for name in self._handover_models():
            records = self.env[name]._crm_handover_records(customers, from_user)
            records.write({"user_id": to_user})
            moved[name] = len(records)
            if not getattr(records, "_crm_handover_own_activities", False):
                with_activities.append(records)
        on_records = expression.OR(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
            for records in with_activities
        )
        activities = self.env["mail.activity"].search(
            expression.AND([[("user_id", "=", from_user.id)], on_records])
        )
        activities.write({"user_id": to_user})
        moved["mail.activity"] = len(activities)
        return moved

    @api.model
    def _handover_count_fields(self):
        """The wizard's count field of each model it reports on."""
        return {
            "crm.lead": "moved_opportunity_count",
            "crm.customer.log": "moved_log_count",
            "crm.customer.visit": "moved_visit_count",
            "mail.activity": "moved_activity_count",
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
                **{
                    fname: counts.get(model, 0)
                    for model, fname in self._handover_count_fields().items()
                },
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
