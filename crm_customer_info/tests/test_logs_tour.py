from odoo.tests import tagged

from .common_tours import TourCase


@tagged("post_install", "-at_install")
class TestLogTour(TourCase):
    """Log a complaint from a customer and resolve it, in English and in Chinese."""

    def _run(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Log Customer Ltd",
                "is_company": True,
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        self.start_tour(
            f"/odoo/res.partner/{customer.id}", "crm_customer_info_log_complaint", login="admin"
        )
        log = self.env["crm.customer.log"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(
            log.type_id, self.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        )
        self.assertEqual(log.subject, "Tour complaint: compressor too loud")
        self.assertEqual(log.state, "resolved")
        self.assertEqual(log.resolved_by_id, self.env.ref("base.user_admin"))
        self.assertEqual(customer.open_log_count, 0)
        self.assertEqual(customer.log_count, 1)

    def test_log_complaint_tour(self):
        self._run()

    def test_log_complaint_tour_zh_cn(self):
        self._as_chinese_admin()
        self._run()
