from odoo.tests import Form, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestCustomerProperties(CustomerInfoCase):
    """Each company defines its own extra customer attributes, without code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_properties_definition = [
            {"name": "fleet_size", "string": "Fleet size", "type": "integer"},
        ]
        cls.other_company.customer_properties_definition = [
            {"name": "fuel_card", "string": "Fuel card number", "type": "char"},
        ]
        cls.shared = cls._customer("Shared Logistics")

    def test_attributes_follow_the_current_company(self):
        self.shared.customer_properties = {"fleet_size": 42}
        here = self.shared.read(["customer_properties"])[0]["customer_properties"]
        self.assertEqual([(p["name"], p["value"]) for p in here], [("fleet_size", 42)])
        there = self.shared.with_company(self.other_company)
        there_props = there.read(["customer_properties"])[0]["customer_properties"]
        self.assertEqual([p["name"] for p in there_props], ["fuel_card"])

    def test_editing_in_one_company_keeps_the_other_companys_values(self):
        self.shared.customer_properties = {"fleet_size": 42}
        there = self.shared.with_company(self.other_company)
        # The web client writes the list of the attributes it shows.
        there.write(
            {
                "customer_properties": [
                    {
                        "name": "fuel_card",
                        "string": "Fuel card number",
                        "type": "char",
                        "value": "FC-9",
                    }
                ]
            }
        )
        self.assertEqual(self.shared.customer_properties, {"fleet_size": 42, "fuel_card": "FC-9"})

    def test_form_edit(self):
        with Form(self.shared) as form:
            form.customer_properties = [
                {"name": "fleet_size", "string": "Fleet size", "type": "integer", "value": 7}
            ]
        self.assertEqual(self.shared.customer_properties.get("fleet_size"), 7)
