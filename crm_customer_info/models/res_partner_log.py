"""The customer's maintenance log on the partner: its entries, counts and buttons."""

from collections import defaultdict

from odoo import api, fields, models

from .constants import CUSTOMER_FILE_READERS, OPEN_STATES

# Who reads customer log entries: the customer-info users and finance.
LOG_READERS = CUSTOMER_FILE_READERS


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    log_ids = fields.One2many("crm.customer.log", "partner_id", string="Logs", groups=LOG_READERS)
    log_count = fields.Integer(
        string="Log Entries", compute="_compute_log_counts", groups=LOG_READERS
    )
    open_log_count = fields.Integer(
        string="Open Log Entries", compute="_compute_log_counts", groups=LOG_READERS
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_log_counts(self):
        """Entries of each partner's commercial entity, all and open, in one grouped query."""
        groups = self.env["crm.customer.log"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id", "state"],
            ["__count"],
        )
        total, still_open = defaultdict(int), defaultdict(int)
        for partner, state, count in groups:
            total[partner.id] += count
            if state in OPEN_STATES:
                still_open[partner.id] += count
        for partner in self:
            entity = partner.commercial_partner_id._origin.id
            partner.log_count = total[entity]
            partner.open_log_count = still_open[entity]

    def action_open_customer_logs(self):
        """Smart button: the log entries of the customer."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_log_action"
        )
        action["display_name"] = self.env._("Logs of %(customer)s", customer=customer.name)
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def action_new_customer_log(self):
        """Header button: the quick-entry form, prefilled with the customer (and contact)."""
        self.ensure_one()
        context = {"default_partner_id": self.commercial_partner_id.id}
        if self != self.commercial_partner_id:
            context["default_contact_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log"),
            "res_model": "crm.customer.log",
            "view_mode": "form",
            "views": [
                (self.env.ref("crm_customer_info.crm_customer_log_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }
