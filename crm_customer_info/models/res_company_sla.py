from odoo import api, fields, models

from .integrity import check_range

# First-response targets, in working hours, of the policies a company starts with.
DEFAULT_RESPONSE_HOURS = [
    ("crm_customer_info.crm_customer_log_type_consultation", 8),
    ("crm_customer_info.crm_customer_log_type_complaint", 16),
    ("crm_customer_info.crm_customer_log_type_service", 24),
]


class ResCompany(models.Model):
    # The SLA feature lives in its own files, apart from the main inheritance.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    crm_sla_warning_share = fields.Float(
        string="SLA Warning (%)",
        default=80.0,
        help="Share of an SLA target's working time after which the responsible user gets a "
        "warning activity.",
    )

    @api.constrains("crm_sla_warning_share")
    def _check_crm_sla_warning_share(self):
        check_range(self, "crm_sla_warning_share", 0, 100)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._crm_sla_default_policies()
        return companies

    def _crm_sla_default_policies(self):
        """Each company's first-response policies for the shipped log types (install, new company).

        Targets in the company's working hours: a working day for a consultation,
        two for a complaint, three for a service (the clock-hour response times of
        earlier versions, in days). Types the database no longer has are skipped.
        """
        vals_list = []
        for xmlid, hours in DEFAULT_RESPONSE_HOURS:
            log_type = self.env.ref(xmlid, raise_if_not_found=False)
            if not log_type:
                continue
            vals_list += [
                {
                    "name": self.env._("Response time: %(type)s", type=log_type.name),
                    "company_id": company.id,
                    "type_ids": [(6, 0, log_type.ids)],
                    "response_hours": hours,
                    "calendar_id": company.resource_calendar_id.id,
                }
                for company in self
                if log_type.company_id in (company, self.env["res.company"])
            ]
        return self.env["crm.customer.sla.policy"].sudo().create(vals_list)

    @api.model
    def _crm_sla_install_policies(self):
        """Install: the default policies of every company, before the demo entries."""
        # pylint: disable=no-search-all
        return self.search([])._crm_sla_default_policies()
