from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestCustomerNumber(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Pump P-100", "list_price": 120.0, "type": "consu"}
        )

    def _number_format_ok(self, number):
        return number.startswith("C") and len(number) == 7 and number[1:].isdigit()

    def test_register_button_numbers_once(self):
        partner = self._customer("Huaxin Machinery")
        self.assertFalse(partner.customer_number)
        partner.action_register_customer()
        number = partner.customer_number
        self.assertTrue(self._number_format_ok(number), number)
        partner.action_register_customer()
        self.assertEqual(partner.customer_number, number, "a customer keeps its number")

    def test_numbers_follow_sequence_and_are_never_reused(self):
        first, second = self._customer("First"), self._customer("Second")
        (first | second).action_register_customer()
        self.assertEqual(int(second.customer_number[1:]), int(first.customer_number[1:]) + 1)
        second.unlink()
        third = self._customer("Third")
        third.action_register_customer()
        self.assertEqual(int(third.customer_number[1:]), int(first.customer_number[1:]) + 2)

    def test_confirmed_order_numbers_the_commercial_entity(self):
        company = self._customer("Dongfang Precision")
        buyer = self.env["res.partner"].create({"name": "Ms Chen", "parent_id": company.id})
        order = self.env["sale.order"].create(
            {
                "partner_id": buyer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertFalse(company.customer_number)
        order.action_confirm()
        self.assertTrue(self._number_format_ok(company.customer_number))
        self.assertFalse(buyer.customer_number, "contacts do not get their own number")

    def test_numbers_are_per_company(self):
        partner = self._customer("Shared Customer")
        partner.action_register_customer()
        here = partner.customer_number
        there = partner.with_company(self.other_company)
        self.assertFalse(there.customer_number)
        there.action_register_customer()
        self.assertTrue(self._number_format_ok(there.customer_number))
        self.assertEqual(partner.customer_number, here)
        sequences = self.env["ir.sequence"].search([("code", "=", "crm.customer.number")])
        self.assertEqual(
            set(sequences.company_id.ids) & {self.company.id, self.other_company.id},
            {self.company.id, self.other_company.id},
        )

    def test_duplicate_number_is_refused(self):
        first, second = self._customer("One"), self._customer("Two")
        first.action_register_customer()
        with self.assertRaisesRegex(ValidationError, first.customer_number):
            second.write({"customer_number": first.customer_number})
        # The same number in another company is fine.
        second.with_company(self.other_company).write({"customer_number": first.customer_number})

    def test_search_by_number(self):
        partner = self._customer("Jinghua Logistics")
        partner.action_register_customer()
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("customer_number", "=", partner.customer_number)]), partner
        )
        found = Partner.name_search(partner.customer_number)
        self.assertEqual([row[0] for row in found], partner.ids)
        self.assertIn(
            partner, Partner.search([("customer_keyword", "ilike", partner.customer_number)])
        )

    def test_batch_registration_costs_constant_queries(self):
        Partner = self.env["res.partner"]
        Partner.create({"name": "Warm-up"}).action_register_customer()
        for size in (8, 80):
            partners = Partner.create([{"name": f"Batch {size} {i}"} for i in range(size)])
            self.env.invalidate_all()
            # ... and one to skip numbers a manager typed (never a duplicate)
            with self.assertQueryCount(7):
                partners.action_register_customer()
            self.assertEqual(len(set(partners.mapped("customer_number"))), size)


@tagged("post_install", "-at_install")
class TestCustomerNumberInvoice(AccountTestInvoicingCommon):
    def test_posted_invoice_numbers_the_customer(self):
        customer = self.env["res.partner"].create(
            {"name": "Nanfang Electronics", "is_company": True}
        )
        invoice = self.init_invoice("out_invoice", partner=customer, amounts=[100.0])
        self.assertFalse(customer.with_company(invoice.company_id).customer_number)
        invoice.action_post()
        self.assertTrue(customer.with_company(invoice.company_id).customer_number)

    def test_vendor_bill_does_not_number(self):
        vendor = self.env["res.partner"].create({"name": "Steel Supplier", "is_company": True})
        bill = self.init_invoice("in_invoice", partner=vendor, amounts=[100.0])
        bill.action_post()
        self.assertFalse(vendor.with_company(bill.company_id).customer_number)


@tagged("post_install", "-at_install")
class TestCustomerNumberSettings(CustomerInfoCase):
    def test_settings_open_the_company_sequence(self):
        settings = self.env["res.config.settings"].create({})
        action = settings.action_open_customer_number_sequence()
        sequence = self.env["ir.sequence"].browse(action["res_id"])
        self.assertEqual(sequence.code, "crm.customer.number")
        self.assertEqual(sequence.company_id, self.company)
        sequence.prefix = "KH-"
        partner = self._customer("Prefixed Customer")
        partner.action_register_customer()
        self.assertTrue(partner.customer_number.startswith("KH-"))
