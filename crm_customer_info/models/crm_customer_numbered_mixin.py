from collections import defaultdict

from odoo import api, fields, models

from .integrity import check_client_values


class CrmCustomerNumberedMixin(models.AbstractModel):
    """A record numbered per company when it is created: log entries and visits.

    ``name`` holds "New" until the record is created, then the next number of
    the model's sequence in the record's company (:meth:`_crm_number_sequence`),
    drawn in one batch per company whatever the number of records. The number
    is the addon's: a request may create a record with the default "New" (in any
    language) or none, and never changes a number (``check_client_values``);
    the addon's own code (a ``server_write`` scope) and the superuser may.
    """

    _name = "crm.customer.numbered.mixin"
    _description = "Customer record numbered from a sequence"

    name = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )

    @api.model
    def _crm_number_sequence(self, company):
        """The ``ir.sequence`` that numbers the model's records of ``company``."""
        raise NotImplementedError

    @api.model
    def _crm_assign_numbers(self, vals_list):
        """Give each of ``vals_list`` without a number of its own the next one of its company."""
        placeholders = {"New", self.env._("New")}
        by_company = defaultdict(list)
        for vals in vals_list:
            name = vals.get("name")
            if not name or name in placeholders:
                by_company[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, company_vals in by_company.items():
            sequence = self._crm_number_sequence(self.env["res.company"].browse(company_id))
            numbers = sequence._crm_next_batch(len(company_vals))
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["name"] = number

    @api.model_create_multi
    def create(self, vals_list):
        # a request sends the default (in the user's language) or nothing
        self = check_client_values(self, vals_list, {"name": self.env._("New")})  # noqa: PLW0642
        vals_list = [dict(vals) for vals in vals_list]  # the caller's values stay as they were
        self._crm_assign_numbers(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_client_values(self, vals, {"name": None})
        return super().write(vals)
