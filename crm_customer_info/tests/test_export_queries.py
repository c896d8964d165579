from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestExportQueryCounts(CustomerInfoCase):
    """Profiles and customer workbooks cost the same queries for 8 and for 80 customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = cls.env["product.product"].create(
            {"name": "Maintenance", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Batch Customer {i}", "is_company": True, "user_id": cls.user.id}
                for i in range(80)
            ]
        )
        cls.env["res.partner"].create(
            [{"name": f"Contact {i}", "parent_id": c.id} for i, c in enumerate(cls.customers)]
        )
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                    "order_line": [Command.create({"product_id": service.id, "price_unit": 10.0})],
                }
                for customer in cls.customers
            ]
        )
        orders.action_confirm()
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_user_id": cls.user.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": service.id, "price_unit": 10.0, "tax_ids": []}
                        )
                    ],
                }
                for customer in cls.customers
            ]
        )
        invoices.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": False})._create_payments()
        # what the profile shows of classification, complaints and visits
        cls.env["crm.customer.classification"].create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "credit_rating": "A",
                    "suggested_level_id": cls.level_b.id,
                    "reasons": [["level_no_purchase", {}]],
                }
                for customer in cls.customers
            ]
        )
        complaint = cls.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.env["crm.customer.log"].create(
            [
                {
                    "type_id": complaint.id,
                    "subject": "Late delivery",
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                }
                for customer in cls.customers
            ]
        )
        now = fields.Datetime.now()
        cls.env["crm.customer.visit"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": cls.user.id,
                    "start": now + timedelta(days=days),
                    **(
                        {
                            "state": "done",
                            "check_in": now + timedelta(days=days),
                            "check_out": now + timedelta(days=days, hours=1),
                            "satisfaction": "4",
                        }
                        if days < 0
                        else {}
                    ),
                }
                for customer in cls.customers
                for days in (-9, -2, 5)
            ]
        )

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        return self.cr.sql_log_count - before

    def _profile(self, customers):
        self.env["ir.actions.report"]._render_qweb_html(
            "crm_customer_info.action_report_customer_profile", customers.ids
        )

    def _workbook(self, customers):
        self.env["crm.customer.export"].create(
            {"report": "customers", "partner_ids": [Command.set(customers.ids)]}
        )._workbook()

    def test_profile_queries_do_not_grow(self):
        self._profile(self.customers[:2])  # compile the templates
        few = self._queries(lambda: self._profile(self.customers[:8]))
        many = self._queries(lambda: self._profile(self.customers))
        self.assertGreater(few, 0)
        self.assertEqual(few, many)

    def test_customer_workbook_queries_do_not_grow(self):
        self._workbook(self.customers[:2])
        few = self._queries(lambda: self._workbook(self.customers[:8]))
        many = self._queries(lambda: self._workbook(self.customers))
        self.assertGreater(few, 0)
        self.assertEqual(few, many)
