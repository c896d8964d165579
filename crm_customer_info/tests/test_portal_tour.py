from odoo.tests import HttpCase, tagged

from .common_portal import PortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase, PortalCase):
    """A customer's portal user working in Chinese submits a request."""

    def test_portal_request_tour_zh_cn(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.portal_acme.lang = "zh_CN"
        self.start_tour("/my/logs", "crm_customer_info_portal_request", login="ci_portal_acme")
        log = self.env["crm.customer.log"].search([("subject", "=", "压缩机噪音太大")])
        self.assertRecordValues(
            log,
            [
                {
                    "type_id": self.complaint.id,
                    "partner_id": self.acme.id,
                    "contact_id": self.acme_contact.id,
                    "channel": "portal",
                    "state": "new",
                }
            ],
        )
        self.assertEqual(log.lot_ids, self.sn_acme)
        self.assertEqual(log.product_ids, self.serial_product)
        self.assertIn("晚上运行时声音很响", str(log.description))
