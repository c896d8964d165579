from freezegun import freeze_time

from odoo.tests import tagged

from .common_credit import CreditCase


@tagged("post_install", "-at_install")
@freeze_time("2024-07-01 12:00:00")
class TestCreditQueries(CreditCase):
    """``action_confirm`` costs the same queries for 8 orders as for 80 of the credit check."""

    def _quotes(self, count, limit):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Q{index}", "is_company": True, "credit_limit": limit}
                for index in range(count)
            ]
        )
        orders = self.env["sale.order"].browse(
            [self._quote(partner, 10).id for partner in partners]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return orders.with_user(self.user)

    def _confirm_queries(self, orders):
        before = self.env.cr.sql_log_count
        orders.action_confirm()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _policy_on(self, on):
        self._policy(
            crm_credit_hold_limit=on,
            crm_credit_hold_overdue=on,
            crm_credit_hold_rating="D" if on else False,
        )

    def test_check_adds_the_same_queries_to_any_confirmation(self):
        """Orders the policy lets through: the check's cost does not grow with them."""
        self._confirm_queries(self._quotes(2, 1e6))  # warm the caches
        added = []
        for count in (8, 80):
            self._policy_on(False)
            off = self._confirm_queries(self._quotes(count, 1e6))
            self._policy_on(True)
            orders = self._quotes(count, 1e6)
            on = self._confirm_queries(orders)
            self.assertEqual(set(orders.mapped("state")), {"sale"})
            added.append(on - off)
        self.assertEqual(added[0], added[1], f"queries the check adds: {added}")

    def test_holding_orders_costs_the_same_queries_for_8_as_for_80(self):
        self._policy_on(True)
        self._confirm_queries(self._quotes(2, 1))  # warm the caches
        counts = []
        for count in (8, 80):
            orders = self._quotes(count, 1)
            counts.append(self._confirm_queries(orders))
            self.assertEqual(set(orders.mapped("credit_hold_state")), {"hold"})
            self.assertEqual(len(orders.credit_event_ids), count)
            self.assertEqual(len(orders.activity_ids), count)
            notes = self.env["mail.message"].search_count(
                [
                    ("model", "=", "sale.order"),
                    ("res_id", "in", orders.ids),
                    ("body", "ilike", "Put on credit hold"),
                ]
            )
            self.assertEqual(notes, count, "a note in each order's chatter")
        self.assertEqual(counts[0], counts[1], f"queries to hold 8 and 80 orders: {counts}")
