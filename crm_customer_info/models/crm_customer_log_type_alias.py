from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerLogType(models.Model):
    """An e-mail alias per log type: each mail to it opens an entry of the type."""

    _name = "crm.customer.log.type"
    _inherit = ["crm.customer.log.type", "mail.alias.mixin.optional"]

    mail_company_id = fields.Many2one(
        "res.company",
        string="Company of E-mailed Entries",
        compute="_compute_mail_company_id",
        store=True,
        readonly=False,
        help="Entries created from the alias belong to this company: the type's own company, "
        "or one chosen for a shared type.",
    )
    mail_reopen = fields.Boolean(
        string="Customer Reply Reopens",
        default=True,
        help="An e-mail from the customer on a resolved entry of this type reopens it.",
    )

    @api.depends("company_id")
    def _compute_mail_company_id(self):
        for log_type in self:
            log_type.mail_company_id = (
                log_type.company_id or log_type.mail_company_id or self.env.company
            )

    @api.constrains("company_id", "mail_company_id")
    def _check_mail_company(self):
        for log_type in self:
            if log_type.company_id and log_type.mail_company_id != log_type.company_id:
                raise ValidationError(
                    self.env._(
                        "E-mails to %(type)s create entries in its own company, %(company)s.",
                        type=log_type.display_name,
                        company=log_type.company_id.display_name,
                    )
                )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("crm.customer.log")
        if self.id:
            values["alias_defaults"] = repr(
                {"type_id": self.id, "company_id": self.mail_company_id.id}
            )
        return values

    def write(self, vals):
        result = super().write(vals)
        if {"company_id", "mail_company_id"} & vals.keys():
            for log_type in self.filtered("alias_id"):
                log_type.alias_id.sudo().write(log_type._alias_get_creation_values())
        return result
