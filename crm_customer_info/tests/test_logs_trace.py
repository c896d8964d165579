from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_logs import LogCase

TRACE_SPEC = {
    "partner_id": {"fields": {"display_name": {}}},
    "product_id": {"fields": {"display_name": {}}},
    "lot_id": {"fields": {"display_name": {}}},
    "first_delivery_date": {},
    "quantity": {},
    "uom_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "has_open_log": {},
}


@tagged("post_install", "-at_install")
class TestProductTrace(LogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust3 = cls._customer("Log Customer Three", user_id=cls.user.id)
        cls.cust4 = cls._customer("Log Customer Four", user_id=cls.user2.id)
        cls.buyer4 = cls.env["res.partner"].create(
            {"name": "Buyer at Four", "parent_id": cls.cust4.id}
        )
        cls.sn1, cls.sn2, cls.sn3, cls.sn4 = cls._lots(
            cls.serial_product, "SN-T1", "SN-T2", "SN-T3", "SN-T4"
        )
        move = cls._move
        move(cls.cust, cls.serial_product, 2, lots=cls.sn1 | cls.sn2, date=datetime(2024, 3, 4))
        move(cls.cust_south, cls.serial_product, 1, lots=cls.sn3, date=datetime(2024, 4, 1))
        move(
            cls.cust_south,
            cls.serial_product,
            1,
            lots=cls.sn3,
            date=datetime(2024, 4, 9),
            returned=True,
        )
        move(cls.cust3, cls.serial_product, 1, lots=cls.sn4, internal=True)
        move(cls.cust, cls.plain_product, 10, date=datetime(2024, 5, 2))
        move(cls.cust, cls.plain_product, 4, date=datetime(2024, 5, 20), returned=True)
        move(cls.cust3, cls.plain_product, 5, date=datetime(2024, 5, 3))
        move(cls.cust3, cls.plain_product, 5, date=datetime(2024, 5, 4), returned=True)
        move(cls.buyer4, cls.plain_product, 2, date=datetime(2024, 6, 1))
        move(cls.buyer4, cls.plain_product, 3, date=datetime(2024, 7, 1))
        draft = cls.env["stock.move"].create(
            {
                "name": "not delivered yet",
                "product_id": cls.plain_product.id,
                "product_uom": cls.plain_product.uom_id.id,
                "product_uom_qty": 7,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
                "partner_id": cls.cust_south.id,
            }
        )
        draft._action_confirm()

    def _rows(self, domain):
        rows = self.env["crm.customer.product.trace"].search(domain)
        return {
            (row.partner_id.name, row.lot_id.name or None): (
                row.quantity,
                row.first_delivery_date,
                row.user_id.login,
            )
            for row in rows
        }

    def test_trace_of_lots_leaves_out_returned_and_internal(self):
        self.assertEqual(
            self._rows([("product_id", "=", self.serial_product.id)]),
            {
                ("Log Customer North", "SN-T1"): (1.0, date(2024, 3, 4), "ci_user"),
                ("Log Customer North", "SN-T2"): (1.0, date(2024, 3, 4), "ci_user"),
            },
        )
        self.assertFalse(self._rows([("lot_id", "in", (self.sn3 | self.sn4).ids)]))

    def test_trace_of_product_nets_returns_and_groups_contacts(self):
        self.assertEqual(
            self._rows([("product_id", "=", self.plain_product.id)]),
            {
                ("Log Customer North", None): (6.0, date(2024, 5, 2), "ci_user"),
                ("Log Customer Four", None): (5.0, date(2024, 6, 1), "ci_user2"),
            },
        )
        row = self.env["crm.customer.product.trace"].search(
            [("product_id", "=", self.plain_product.id), ("partner_id", "=", self.cust.id)]
        )
        self.assertEqual((row.delivered_qty, row.returned_qty), (10.0, 4.0))
        self.assertEqual(row.last_delivery_date, date(2024, 5, 2))

    def test_trace_wizard_and_smart_buttons(self):
        wizard = self.env["crm.customer.trace"].create(
            {"product_id": self.serial_product.id, "lot_ids": [Command.set(self.sn2.ids)]}
        )
        action = wizard.action_find_customers()
        self.assertEqual(action["res_model"], "crm.customer.product.trace")
        rows = self.env["crm.customer.product.trace"].search(action["domain"])
        self.assertEqual(rows.lot_id, self.sn2)
        self.assertIn("SN-T2", action["display_name"])
        template = self.plain_product.product_tmpl_id
        self.assertEqual(template.customer_trace_count, 2)
        rows = self.env["crm.customer.product.trace"].search(
            template.action_open_customer_trace()["domain"]
        )
        self.assertEqual(rows.partner_id, self.cust | self.cust4)
        self.assertEqual([self.sn1.customer_trace_count, self.sn3.customer_trace_count], [1, 0])
        rows = self.env["crm.customer.product.trace"].search(
            self.sn1.action_open_customer_trace()["domain"]
        )
        self.assertEqual(rows.partner_id, self.cust)

    def _follow_up(self, rows, **values):
        wizard = (
            self.env["crm.customer.trace.action"]
            .with_context(**rows.action_follow_up()["context"])
            .create(values)
        )
        return wizard, wizard.action_apply()

    def test_follow_up_creates_service_logs_and_skips_open_ones(self):
        Trace = self.env["crm.customer.product.trace"]
        existing = self._log(
            self.service, product_ids=[Command.set(self.plain_product.ids)], subject="Already on it"
        )
        closed = self._log(
            self.contact_type,
            partner=self.cust4,
            product_ids=[Command.set(self.plain_product.ids)],
        )
        closed.action_close()
        rows = Trace.search([("product_id", "in", (self.plain_product | self.serial_product).ids)])
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows.filtered("has_open_log").mapped("product_id"), self.plain_product)
        wizard, result = self._follow_up(rows, description="<p>Check the seal.</p>")
        self.assertEqual(wizard.type_id, self.service)
        self.assertEqual((wizard.customer_count, wizard.skipped_count), (2, 1))
        self.assertIn("Recall:", wizard.subject)
        logs = self.env["crm.customer.log"].search(result["params"]["next"]["domain"])
        self.assertEqual(
            sorted(
                (log.partner_id.name, log.product_ids.name, tuple(log.lot_ids.mapped("name")))
                for log in logs
            ),
            [
                ("Log Customer Four", "Filter AF-12", ()),
                ("Log Customer North", "Compressor SA-37", ("SN-T1", "SN-T2")),
            ],
        )
        self.assertEqual(logs.type_id, self.service)
        self.assertEqual(set(logs.mapped("state")), {"new"})
        self.assertEqual(logs.mapped("user_id"), self.user | self.user2)
        self.assertIn("2 created, 1 skipped", result["params"]["message"])
        for log in logs:
            self.assertIn("from the product trace", log.message_ids[0].body)
            self.assertIn(log.user_id.partner_id, log.message_partner_ids)
        self.assertEqual(existing.state, "new")
        # Running the recall again creates nothing: every customer has an open entry now.
        _wizard, again = self._follow_up(rows)
        self.assertIn("0 created, 3 skipped", again["params"]["message"])
        self.assertEqual(again["params"]["next"], {"type": "ir.actions.act_window_close"})

    def test_follow_up_needs_a_selection(self):
        wizard = self.env["crm.customer.trace.action"].create({"subject": "Recall"})
        with self.assertRaisesRegex(UserError, "Select the customers"):
            wizard.action_apply()


@tagged("post_install", "-at_install")
class TestProductTraceQueries(LogCase):
    """The trace of 5,000 deliveries costs the queries of a trace of 10."""

    CUSTOMERS = 500
    MOVES = 5000

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small_product = cls.env["product.product"].create(
            {"name": "Small trace", "is_storable": True}
        )
        cls.big_product = cls.env["product.product"].create(
            {"name": "Big trace", "is_storable": True}
        )
        template = cls._customer("Trace template customer", user_id=cls.user.id)
        partner_ids = cls._clone_rows(
            "res_partner", template.id, user_id=[cls.user.id] * cls.CUSTOMERS
        )
        cls.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id, name = 'Trace customer ' || id"
            " WHERE id = ANY(%s)",
            [partner_ids],
        )
        cls.partners = cls.env["res.partner"].browse(partner_ids)
        for product, count in ((cls.small_product, 10), (cls.big_product, cls.MOVES)):
            model = cls._move(template, product, 1)
            partners = [partner_ids[i % len(partner_ids)] for i in range(count)]
            move_ids = cls._clone_rows("stock_move", model.id, partner_id=partners)
            cls._clone_rows("stock_move_line", model.move_line_ids.id, move_id=move_ids)

    def test_trace_reads_in_flat_queries(self):
        Trace = self.env["crm.customer.product.trace"].with_user(self.manager)
        for product in (self.small_product, self.big_product):
            # warm the caches (access rights, rules, fields) once per product
            Trace.web_search_read([("product_id", "=", product.id)], TRACE_SPEC)
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            small = Trace.web_search_read([("product_id", "=", self.small_product.id)], TRACE_SPEC)
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            big = Trace.web_search_read(
                [("product_id", "=", self.big_product.id)], TRACE_SPEC, limit=None
            )
        self.assertEqual(small["length"], 11, "ten customers and the template")
        self.assertEqual(big["length"], self.CUSTOMERS + 1)
        held = {row["partner_id"]["id"]: row["quantity"] for row in big["records"]}
        self.assertEqual(held[self.partners[0].id], self.MOVES / self.CUSTOMERS)
        self.assertEqual(sum(held.values()), self.MOVES + 1)

    def test_follow_up_of_many_customers_in_flat_queries(self):
        Trace = self.env["crm.customer.product.trace"]
        cloned = [("partner_id", "in", self.partners.ids)]
        small = Trace.search([("product_id", "=", self.small_product.id), *cloned], limit=7)
        rows_big = Trace.search([("product_id", "=", self.big_product.id), *cloned], limit=50)
        counts = []
        # the first run warms the caches (access rules, sequence, activity types)
        for rows in (small[:2], small[2:], rows_big):
            wizard = (
                self.env["crm.customer.trace.action"]
                .with_context(default_trace_ids=rows.ids)
                .create({})
            )
            self.env.flush_all()
            before = self.cr.sql_log_count
            wizard.action_apply()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2], "50 customers cost the queries of 5")
        self.assertEqual(
            self.env["crm.customer.log"].search_count([("product_ids", "=", self.big_product.id)]),
            50,
        )
