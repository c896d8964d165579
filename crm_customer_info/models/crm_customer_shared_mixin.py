from odoo import models
from odoo.exceptions import AccessError


class CrmCustomerSharedMixin(models.AbstractModel):
    """Configuration that may be shared by every company (no ``company_id``).

    A shared record is used by all companies, so only a user who works in every
    company may change or delete it; others create one for their own company.
    """

    _name = "crm.customer.shared.mixin"
    _description = "Customer configuration shared between companies"

    def _crm_check_shared_access(self):
        shared = self.filtered(lambda record: not record.company_id)
        if not shared or self.env.su:
            return
        # a handful of companies
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        if companies - self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "%(records)s is shared by all companies: only a manager of every company "
                    "can change or delete it. Create one for your company instead.",
                    records=", ".join(shared.mapped("display_name")),
                )
            )

    def write(self, vals):
        self._crm_check_shared_access()
        return super().write(vals)

    def unlink(self):
        self._crm_check_shared_access()
        return super().unlink()
