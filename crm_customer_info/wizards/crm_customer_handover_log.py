from odoo import fields, models

from ..models.crm_customer_log import OPEN_STATES


class CrmCustomerHandover(models.TransientModel):
    _inherit = "crm.customer.handover"

    moved_log_count = fields.Integer(readonly=True, string="Log Entries Handed Over")

    def _handover_records(self, customers):
        """Also move the leaving salesperson's open log entries and their activities."""
        counts = super()._handover_records(customers)
        logs = self.env["crm.customer.log"].search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", self.from_user_id.id),
                ("state", "in", OPEN_STATES),
            ]
        )
        logs.write({"user_id": self.to_user_id.id})
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.customer.log"),
                ("res_id", "in", logs.ids),
                ("user_id", "=", self.from_user_id.id),
            ]
        )
        activities.write({"user_id": self.to_user_id.id})
        self.moved_log_count = len(logs)
        counts["log"] = len(logs)
        counts["activity"] = counts.get("activity", 0) + len(activities)
        return counts
