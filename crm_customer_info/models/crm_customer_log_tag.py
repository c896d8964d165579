from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerLogTag(models.Model):
    """A free label of log entries (e.g. "Key account", "Warranty claim"); SLA policies match it."""

    _name = "crm.customer.log.tag"
    _inherit = ["crm.customer.shared.mixin"]
    _description = "Log Tag"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the tag between all companies."
    )

    @api.constrains("name", "company_id")
    def _check_unique_name(self):
        """One tag of a name per company (and one shared tag of a name), in one query."""
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", self.ids),
                    ("name", "in", self.mapped("name")),
                    ("company_id", "in", [*self.company_id.ids, False]),
                ]
            )
        )
        seen = {(tag.name, tag.company_id.id) for tag in others}
        for tag in self:
            key = (tag.name, tag.company_id.id)
            if key in seen:
                raise ValidationError(
                    self.env._("A log tag named %(name)s already exists.", name=tag.name)
                )
            seen.add(key)


class CrmCustomerLog(models.Model):
    _inherit = "crm.customer.log"  # pylint: disable=consider-merging-classes-inherited

    tag_ids = fields.Many2many(
        "crm.customer.log.tag",
        string="Tags",
        check_company=True,
        help="Free labels of the entry; SLA policies may apply by tag.",
    )
