from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..customer_insight.cadence import local_date
from .common_tours import TourCase


@tagged("post_install", "-at_install")
class TestVisitTours(TourCase):
    """A salesperson plans a visit from a customer, checks in and closes it, in two languages."""

    def setUp(self):
        super().setUp()
        self.admin = self.env.ref("base.user_admin")
        self.customer = self.env["res.partner"].create(
            {
                "name": "Tour Visit Customer",
                "is_company": True,
                "user_id": self.admin.id,
                "level_id": self.env.ref("crm_customer_info.crm_customer_level_a").id,
            }
        )

    def _run_tour(self):
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}", "crm_customer_info_visit", login="admin"
        )
        visits = self.env["crm.customer.visit"].search(
            [("partner_id", "=", self.customer.id)], order="id"
        )
        self.assertEqual(visits.mapped("state"), ["done", "planned"])
        done, following = visits
        self.assertIn("two machines", done.outcome)
        self.assertIn("new catalogue", done.description)
        self.assertEqual(done.satisfaction, "4")
        self.assertTrue(done.check_in <= done.check_out <= fields.Datetime.now())
        self.assertEqual(done.next_visit_id, following)
        # Level A: 30 days after the check-in day, in the salesperson's time zone.
        check_in_day = local_date(done.check_in, self.admin.tz or "")
        self.assertEqual(following.visit_date, check_in_day + timedelta(days=30))
        self.assertEqual(self.customer.next_planned_visit_date, following.start)

    def test_visit_tour(self):
        self._run_tour()

    def test_visit_tour_zh_cn(self):
        self._as_chinese_admin()
        self._run_tour()
