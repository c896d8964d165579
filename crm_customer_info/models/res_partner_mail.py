from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    crm_to_review = fields.Boolean(
        string="To Review",
        copy=False,
        index="btree_not_null",
        help="Created from an e-mail of an unknown sender: check it, link it to its company "
        "or merge it with an existing customer, then clear the flag.",
    )

    def action_crm_mark_reviewed(self):
        self.write({"crm_to_review": False})
        return True
