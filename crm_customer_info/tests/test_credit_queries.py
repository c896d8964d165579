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
        for on in (False, True):  # warm the caches of both paths
            self._policy_on(on)
            self._confirm_queries(self._quotes(2, 1e6))
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

    def _activity_queries(self, count):
        """Queries of Odoo's own notice of ``count`` activities for the credit controller."""
        orders = self._quotes(count, 1e6)
        values = [order._crm_credit_activity_values("notice")[0] for order in orders]
        before = self.env.cr.sql_log_count
        self.env["mail.activity"].sudo().create(values)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_holding_orders_grows_only_by_the_activity_notices(self):
        """Holding orders writes their notes, history and activities in one batch each;
        what grows with the orders is Odoo's notice of each activity to the controller
        (about 41 queries an order) and at most 3 queries an order besides (measured: 3)."""
        self._policy_on(True)
        self._confirm_queries(self._quotes(2, 1))  # warm the caches
        self._activity_queries(2)
        counts, notices = [], []
        for count in (8, 80):
            orders = self._quotes(count, 1)
            counts.append(self._confirm_queries(orders))
            notices.append(self._activity_queries(count))
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
        grown, notice_grown = counts[1] - counts[0], notices[1] - notices[0]
        self.assertLessEqual(
            grown,
            notice_grown + 3 * 72,
            f"queries to hold 8 and 80 orders: {counts}; Odoo's activity notices: {notices}",
        )
