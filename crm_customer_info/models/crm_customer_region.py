from odoo import api, fields, models


class CrmCustomerRegion(models.Model):
    """Sales region tree (e.g. East China / Shanghai / Pudong); searchable with child_of."""

    _name = "crm.customer.region"
    _inherit = ["crm.customer.shared.mixin"]
    _description = "Customer Region"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True)
    code = fields.Char()
    parent_id = fields.Many2one(
        "crm.customer.region", string="Parent Region", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.customer.region", "parent_id", string="Sub-regions")
    complete_name = fields.Char(
        string="Full Name", compute="_compute_complete_name", recursive=True, store=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the region between all companies."
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    def _compute_partner_count(self):
        """Customers in the region or any of its sub-regions, in one grouped query."""
        regions = self.search([("id", "child_of", self.ids)])
        direct = dict(
            self.env["res.partner"]._read_group(
                [("region_id", "in", regions.ids)], ["region_id"], ["__count"]
            )
        )
        for region in self:
            prefix = region.parent_path
            region.partner_count = sum(
                count for child, count in direct.items() if child.parent_path.startswith(prefix)
            )

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.res_partner_action_customer"
        )
        action["domain"] = [("region_id", "child_of", self.id)]
        action["context"] = {"default_region_id": self.id}
        return action
