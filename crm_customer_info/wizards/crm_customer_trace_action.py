from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_customer_log import CHANNELS, OPEN_STATES


class CrmCustomerTraceAction(models.TransientModel):
    """Follow up the customers of a product trace (a recall): one open entry per customer.

    ``target`` says what is created; each target has an ``_apply_<target>``
    method returning ``(created records, skipped (customer, product) pairs)``.
    """

    _name = "crm.customer.trace.action"
    _description = "Follow Up Traced Customers"

    trace_ids = fields.Many2many("crm.customer.product.trace", string="Traced Deliveries")
    target = fields.Selection(
        [("log", "Service Log Entries")], string="Create", default="log", required=True
    )
    type_id = fields.Many2one(
        "crm.customer.log.type",
        string="Log Type",
        default=lambda self: self.env["crm.customer.log.type"]._service_type(),
    )
    subject = fields.Char(compute="_compute_subject", store=True, readonly=False)
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    description = fields.Html()
    customer_count = fields.Integer(string="Customers", compute="_compute_counts")
    skipped_count = fields.Integer(string="Already Followed Up", compute="_compute_counts")

    @api.depends("trace_ids")
    def _compute_subject(self):
        for wizard in self:
            wizard.subject = self.env._(
                "Recall: %(products)s",
                products=", ".join(wizard.trace_ids.product_id.mapped("display_name")),
            )

    @api.depends("trace_ids", "target")
    def _compute_counts(self):
        for wizard in self:
            wizard.customer_count = len(wizard.trace_ids.partner_id)
            wizard.skipped_count = len(
                {row.partner_id for row in wizard.trace_ids if row.has_open_log}
            )

    def _pairs(self):
        """{(customer, product): lots} of the selected rows."""
        pairs = defaultdict(lambda: self.env["stock.lot"])
        for row in self.trace_ids:
            pairs[row.partner_id, row.product_id] |= row.lot_id
        return pairs

    def action_apply(self):
        self.ensure_one()
        if not self.trace_ids:
            raise UserError(self.env._("Select the customers to follow up in the trace list."))
        records, skipped = getattr(self, f"_apply_{self.target}")()
        message = self.env._(
            "%(created)s created, %(skipped)s skipped: they already have an open one "
            "for the product.",
            created=len(records),
            skipped=len(skipped),
        )
        next_action = {"type": "ir.actions.act_window_close"}
        if records:
            next_action = {
                "type": "ir.actions.act_window",
                "name": self.subject,
                "res_model": records._name,
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", records.ids)],
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if records else "warning",
                "message": message,
                "next": next_action,
            },
        }

    def _apply_log(self):
        """One service log entry per (customer, product), skipping customers with an open one."""
        if not self.type_id or not self.subject:
            raise UserError(self.env._("Choose the type and the subject of the log entries."))
        pairs = self._pairs()
        Log = self.env["crm.customer.log"]
        open_logs = Log.search(
            [
                ("partner_id", "in", self.trace_ids.partner_id.ids),
                ("product_ids", "in", self.trace_ids.product_id.ids),
                ("state", "in", OPEN_STATES),
            ]
        )
        taken = {(log.partner_id, product) for log in open_logs for product in log.product_ids}
        vals_list = [
            {
                "partner_id": partner.id,
                "product_ids": [Command.set(product.ids)],
                "lot_ids": [Command.set(lots.ids)],
                "type_id": self.type_id.id,
                "subject": self.subject,
                "channel": self.channel,
                "description": self.description,
            }
            for (partner, product), lots in pairs.items()
            if (partner, product) not in taken
        ]
        logs = Log.with_context(tracking_disable=True).create(vals_list)
        body = Markup("<p>%s</p>") % self.env._(
            "Created by %(user)s from the product trace.", user=self.env.user.name
        )
        logs._message_log_batch(bodies=dict.fromkeys(logs.ids, body))
        by_user = defaultdict(lambda: Log)
        for log in logs:
            by_user[log.user_id] |= log
        for user, user_logs in by_user.items():
            if user:
                user_logs.message_subscribe(partner_ids=user.partner_id.ids)
        return logs, taken & set(pairs)
