from odoo import api, fields, models


class CrmCustomerHandover(models.TransientModel):
    """The handover reports the visit plans it moved (see ``crm.customer.visit.plan``)."""

    _inherit = "crm.customer.handover"

    moved_visit_plan_count = fields.Integer(readonly=True, string="Visit Plans Handed Over")

    @api.model
    def _handover_count_fields(self):
        return {
            **super()._handover_count_fields(),
            "crm.customer.visit.plan": "moved_visit_plan_count",
        }
