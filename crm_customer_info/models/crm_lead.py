from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _crm_handover_records(self, customers, user):
        """Handover: the open opportunities of ``user`` with ``customers`` (and their
        contacts) move with them."""
        return self.search(
            [
                ("partner_id", "child_of", customers.ids),
                ("user_id", "=", user.id),
                ("stage_id.is_won", "=", False),
            ]
        )
