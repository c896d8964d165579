from odoo import fields
from odoo.tests import tagged

from .common_tours import TourCase


@tagged("post_install", "-at_install")
class TestFieldVisitTour(TourCase):
    """In Chinese: open My Day, check in and out with the (stubbed) position, then done."""

    def test_field_visit_tour_zh_cn(self):
        self._as_chinese_admin()
        admin = self.env.ref("base.user_admin")
        customer = self.env["res.partner"].create(
            {
                "name": "外勤客户",
                "is_company": True,
                "user_id": admin.id,
                "partner_latitude": 31.2397,
                "partner_longitude": 121.4998,
            }
        )
        self.env.company.write({"crm_visit_radius_m": 500, "crm_visit_geo_policy": "refuse"})
        visit = self.env["crm.customer.visit"].create(
            {"partner_id": customer.id, "start": fields.Datetime.now(), "method": "on_site"}
        )
        self.start_tour(
            "/odoo/action-crm_customer_info.crm_customer_visit_action_my_day",
            "crm_customer_info_field_visit",
            login="admin",
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual((visit.check_in_position, visit.check_out_position), ("on_site",) * 2)
        self.assertAlmostEqual(visit.check_in_distance, 100, delta=1)
        self.assertEqual(visit.check_in_accuracy, 15)
        self.assertIn("两台设备", visit.outcome)
