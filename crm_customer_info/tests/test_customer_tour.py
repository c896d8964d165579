from odoo import Command, fields
from odoo.tests import tagged

from .common_tours import TourCase


@tagged("post_install", "-at_install")
class TestTours(TourCase):
    """What a person does in the browser, in English and in Chinese."""

    def _check_customer_file(self):
        partner = self.env["res.partner"].search([("name", "=", "Tour Customer Trading Ltd")])
        self.assertEqual(len(partner), 1)
        self.assertTrue(partner.customer_number.startswith("C"))
        self.assertEqual(partner.level_id, self.env.ref("crm_customer_info.crm_customer_level_a"))

    def _classified_customer(self):
        """A customer with one paid invoice, classified: its explanation and history exist."""
        customer = self.env["res.partner"].create(
            {"name": "Tour Classified Customer", "is_company": True}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "price_unit": 1000, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        self.env["crm.customer.classification"]._classify_company(self.env.company)
        self.assertTrue(customer.classification_id.explanation)
        return customer

    def test_classification_tour(self):
        self._classified_customer()
        self.start_tour("/odoo", "crm_customer_info_classification", login="admin")

    def test_classification_tour_zh_cn(self):
        self._classified_customer()
        self._as_chinese_admin()
        self.start_tour("/odoo", "crm_customer_info_classification", login="admin")

    def test_customer_file_tour(self):
        self.start_tour("/odoo", "crm_customer_info_customer_file", login="admin")
        self._check_customer_file()

    def test_customer_file_tour_zh_cn(self):
        self._as_chinese_admin()
        self.start_tour("/odoo", "crm_customer_info_customer_file", login="admin")
        self._check_customer_file()
