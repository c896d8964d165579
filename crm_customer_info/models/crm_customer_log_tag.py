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
        """One tag of a name per company; a shared tag's name is taken in every company.

        Two tags clash when they have the same name (in the current language) and the
        same company, or when either is shared. One query for the whole batch.
        """
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "not in", self.ids), ("name", "in", self.mapped("name"))])
        )
        taken = {}
        for tag in [*others, *self]:
            companies = taken.setdefault(tag.name, set())
            company = tag.company_id.id
            if tag in self and (
                company in companies or (companies and (False in companies or not company))
            ):
                raise ValidationError(
                    self.env._("A log tag named %(name)s already exists.", name=tag.name)
                )
            companies.add(company)


class CrmCustomerLog(models.Model):
    _inherit = "crm.customer.log"  # pylint: disable=consider-merging-classes-inherited

    tag_ids = fields.Many2many(
        "crm.customer.log.tag",
        string="Tags",
        check_company=True,
        help="Free labels of the entry; SLA policies may apply by tag.",
    )
