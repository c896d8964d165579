from odoo import fields, models

CUSTOMER_NUMBER_CODE = "crm.customer.number"
VISIT_NUMBER_CODE = "crm.customer.visit"


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_properties_definition = fields.PropertiesDefinition(
        string="Customer Attributes",
        help="Extra fields this company records on its customers.",
    )
    crm_visit_calendar = fields.Boolean(
        string="Visits in the Calendar",
        default=True,
        help="Each planned visit gets a calendar event with the salesperson and the contact.",
    )
    crm_visit_planning = fields.Selection(
        [("auto", "Plan automatically"), ("suggest", "Only suggest")],
        string="Next Visit",
        default="auto",
        required=True,
        help="When a visit is done and no later one is planned: plan the next one on the "
        "date the customer's level asks for, or only propose that date.",
    )
    crm_visit_grace_hours = fields.Integer(
        string="Missed After (hours)",
        default=24,
        help="A planned visit without check-in becomes missed this many hours after its end.",
    )
    crm_visit_reminder_hours = fields.Integer(
        string="Visit Reminder (hours before)",
        default=24,
        help="The salesperson receives a reminder this many hours before a visit; "
        "0 sends none. Users can set their own lead time in their preferences.",
    )

    def _crm_sequence(self, code, name, prefix, padding):
        """The company's own sequence for ``code``, created on first use.

        ``name`` is a function giving the new sequence's name.
        """
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", self.id)], limit=1)
        return sequence or Sequence.create(
            {
                "name": name(),
                "code": code,
                "prefix": prefix,
                "padding": padding,
                "company_id": self.id,
                "implementation": "standard",
            }
        )

    def _crm_customer_number_sequence(self):
        """The company's customer number sequence, created on first use."""
        return self._crm_sequence(
            CUSTOMER_NUMBER_CODE, lambda: self.env._("Customer Number (%s)", self.name), "C", 6
        )

    def _crm_visit_sequence(self):
        """The company's visit number sequence (V2024-00001), created on first use."""
        return self._crm_sequence(
            VISIT_NUMBER_CODE, lambda: self.env._("Customer Visit (%s)", self.name), "V%(year)s-", 5
        )
