from odoo import fields, models

CUSTOMER_NUMBER_CODE = "crm.customer.number"


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_properties_definition = fields.PropertiesDefinition(
        string="Customer Attributes",
        help="Extra fields this company records on its customers.",
    )

    def _crm_customer_number_sequence(self):
        """The company's customer number sequence, created on first use."""
        self.ensure_one()
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", CUSTOMER_NUMBER_CODE), ("company_id", "=", self.id)], limit=1)
        )
        if not sequence:
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Customer Number (%s)", self.name),
                        "code": CUSTOMER_NUMBER_CODE,
                        "prefix": "C",
                        "padding": 6,
                        "company_id": self.id,
                        "implementation": "standard",
                    }
                )
            )
        return sequence
