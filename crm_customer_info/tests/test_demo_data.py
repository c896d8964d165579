from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

# Orders whose invoice is overdue from the day the demo is loaded (invoice date, payment term):
# yangtze_2 (66 days ago, 30 days: due 36 days ago), baiyun_2 (36 days ago, 30 days),
# westlake_2 (33 days ago, 30 days), minhang_3 (19 days ago, 15 days), and two partly paid
# ones: foshan_1 (396 days ago) and tj_port_2 (157 days ago).
OVERDUE_ORDERS = ("yangtze_2", "baiyun_2", "westlake_2", "minhang_3", "foshan_1", "tj_port_2")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo company a new user sees on first login: every menu has something to show."""

    def setUp(self):
        super().setUp()
        if not self.env["ir.module.module"]._get("crm_customer_info").demo:
            self.skipTest("the database has no demo data")
        self.today = fields.Date.context_today(self.env["res.partner"])

    def _demo(self, model, prefix):
        """The records of ``model`` whose XML id in this module starts with ``prefix``."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "crm_customer_info"),
                ("model", "=", model),
                ("name", "=like", f"{prefix}%"),
            ]
        )
        return self.env[model].browse(data.mapped("res_id"))

    def _customers(self):
        return self._demo("res.partner", "customer_").filtered(
            lambda partner: partner.commercial_partner_id == partner
        )

    def test_teams_and_salespeople(self):
        east = self.env.ref("crm_customer_info.crm_team_east")
        north = self.env.ref("crm_customer_info.crm_team_north")
        salespeople = (east | north).member_ids
        self.assertEqual(len(salespeople), 4)
        self.assertEqual(
            east.user_id | north.user_id,
            salespeople.filtered(
                lambda user: user.has_group("crm_customer_info.group_crm_customer_team_leader")
            ),
        )
        for user in salespeople:
            self.assertTrue(user.has_group("crm_customer_info.group_crm_customer_user"), user.name)
            self.assertFalse(user.has_group("crm_customer_info.group_crm_customer_manager"))
        # every salesperson has customers of their own
        self.assertEqual(set(self._customers().user_id & salespeople), set(salespeople))

    def test_customers(self):
        customers = self._customers()
        numbered = customers.filtered("customer_number")
        self.assertGreaterEqual(len(numbered), 35)
        self.assertFalse(numbered.filtered(lambda partner: not partner.level_id))
        self.assertEqual(len(set(numbered.mapped("customer_number"))), len(numbered))
        # three-level regions, Chinese and English names, industries and sources
        self.assertTrue(all(partner.region_id.parent_id for partner in numbered))
        self.assertTrue(any(partner.region_id.parent_id.parent_id for partner in numbered))
        self.assertTrue(any(partner.name.isascii() for partner in numbered))
        self.assertTrue(any(not partner.name.isascii() for partner in numbered))
        self.assertGreaterEqual(len(numbered.industry_id), 5)
        self.assertGreaterEqual(len(numbered.source_id), 4)
        self.assertTrue(customers.filtered(lambda partner: partner.child_ids))

    def test_sales_deliveries_and_invoices(self):
        orders = self._demo("sale.order", "sale_order_")
        self.assertGreaterEqual(len(orders), 80)
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        # the history runs from more than a year ago to this week
        self.assertGreater(self.today - min(orders.mapped("date_order")).date(), timedelta(365))
        self.assertLess(self.today - max(orders.mapped("date_order")).date(), timedelta(10))
        deliveries = orders.picking_ids.filtered(lambda picking: picking.state == "done")
        serial_lines = deliveries.move_line_ids.filtered(
            lambda line: line.product_id.tracking == "serial"
        )
        self.assertGreaterEqual(len(serial_lines), 50)
        self.assertTrue(all(serial_lines.mapped("lot_id")))
        self.assertTrue(orders.picking_ids.filtered(lambda picking: picking.state == "assigned"))

        invoices = orders.invoice_ids.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        overdue = invoices.filtered(
            lambda move: move.amount_residual and move.invoice_date_due < self.today
        )
        expected = self.env["sale.order"].concat(
            *(self.env.ref(f"crm_customer_info.sale_order_{key}") for key in OVERDUE_ORDERS)
        )
        self.assertLessEqual(set(expected.invoice_ids), set(overdue))
        payments = self.env["account.move.line"].search(
            [
                ("move_id", "in", invoices.ids),
                ("account_type", "=", "asset_receivable"),
                ("matched_credit_ids.credit_move_id.payment_id", "!=", False),
            ]
        )
        late = payments.filtered(
            lambda line: max(line.matched_credit_ids.mapped("max_date")) > line.date_maturity
        )
        self.assertTrue(late, "some invoices are paid late")
        self.assertTrue(payments - late, "most invoices are paid on time")
        self.assertTrue(invoices.filtered(lambda move: move.payment_state == "partial"))
        refunded = self.env.ref("crm_customer_info.sale_order_minhang_2")
        self.assertEqual(
            set(refunded.invoice_ids.mapped("move_type")), {"out_refund", "out_invoice"}
        )
        self.assertEqual(
            refunded.invoice_ids.filtered(
                lambda move: move.move_type == "out_invoice"
            ).payment_state,
            "reversed",
        )

    def test_logs(self):
        logs = self._demo("crm.customer.log", "customer_log_")
        types = self.env["crm.customer.log.type"].search([])
        self.assertEqual(logs.type_id, types)
        complaint = self.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        complaints = logs.filtered(lambda log: log.type_id == complaint)
        self.assertEqual(
            set(complaints.mapped("state")), {"new", "in_progress", "resolved", "closed"}
        )
        self.assertTrue(complaints.filtered("is_overdue"))
        services = logs.filtered("is_service")
        self.assertTrue(all(services.mapped("lot_ids")))
        self.assertEqual(set(services.mapped("under_warranty")), {True, False})
        self.assertTrue(services.part_ids)
        # the SLA job has run: passed deadlines are escalated once
        failed = logs.sla_status_ids.filtered(lambda row: row.status == "failed")
        self.assertTrue(failed and all(failed.mapped("breach_sent")))

    def test_service_desk(self):
        """SLA badges, tags and a portal customer with entries to show."""
        logs = self._demo("crm.customer.log", "customer_log_")
        statuses = logs.sla_status_ids
        self.assertTrue(statuses)
        self.assertGreaterEqual(len(set(statuses.mapped("status"))), 2, "not one colour only")
        key_account = self.env.ref("crm_customer_info.crm_customer_sla_policy_key_accounts")
        self.assertEqual(
            logs.filtered(
                lambda log: log.tag_ids & key_account.tag_ids and log.sla_status_ids
            ).sla_status_ids.policy_id
            & key_account,
            key_account,
        )
        portal = self.env.ref("crm_customer_info.user_portal_yangtze_michael")
        self.assertTrue(portal.share)
        seen = self.env["crm.customer.log"].with_user(portal).search([])
        self.assertGreaterEqual(len(seen), 3)
        self.assertEqual(seen.partner_id.commercial_partner_id, portal.commercial_partner_id)

    def test_visits(self):
        visits = self._demo("crm.customer.visit", "visit_")
        self.assertEqual(set(visits.mapped("state")), {"done", "planned", "missed", "cancelled"})
        planned = visits.filtered(lambda visit: visit.state == "planned")
        self.assertTrue(planned.filtered(lambda visit: visit.visit_date == self.today))
        self.assertTrue(planned.filtered("check_in"), "a visit is under way")
        overdue = self.env["res.partner"].search(
            [("id", "in", self._customers().ids), ("visit_overdue", "=", True)]
        )
        self.assertTrue(overdue, "some customers are due for a visit")

    def test_classification_and_performance(self):
        customers = self._customers().filtered("customer_number")
        results = self.env["crm.customer.classification"].search(
            [("partner_id", "in", customers.ids)]
        )
        self.assertEqual(results.partner_id, customers)
        self.assertEqual(set(results.mapped("pareto_class")) - {False}, {"A", "B", "C", "D"})
        self.assertGreaterEqual(len(set(results.mapped("segment")) - {False}), 5)
        self.assertGreaterEqual(len(set(results.mapped("credit_rating")) - {False}), 3)
        self.assertTrue(self.env.company.crm_classification_last_run)

        salespeople = (
            self.env.ref("crm_customer_info.crm_team_east")
            | self.env.ref("crm_customer_info.crm_team_north")
        ).member_ids
        groups = self.env["crm.customer.performance.report"]._read_group(
            [("user_id", "in", salespeople.ids)],
            ["user_id"],
            ["order_amount:sum", "invoiced_amount:sum", "collected_amount:sum"],
        )
        self.assertEqual(len(groups), 4)
        for user, ordered, invoiced, collected in groups:
            self.assertGreater(ordered, 0, user.name)
            self.assertGreater(invoiced, 0, user.name)
            self.assertGreater(collected, 0, user.name)
