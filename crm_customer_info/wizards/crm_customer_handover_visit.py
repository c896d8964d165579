from odoo import fields, models


class CrmCustomerHandover(models.TransientModel):
    _inherit = "crm.customer.handover"

    moved_visit_count = fields.Integer(readonly=True, string="Visits Handed Over")

    def _handover_records(self, customers):
        """Also move the planned visits, with their activities and calendar events."""
        counts = super()._handover_records(customers)
        visits = self.env["crm.customer.visit"].search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", self.from_user_id.id),
                ("state", "=", "planned"),
            ]
        )
        visits.write({"user_id": self.to_user_id.id})
        self.moved_visit_count = len(visits)
        return {**counts, "visit": len(visits)}
