from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """What a person does in the browser, in English and in Chinese."""

    def _as_chinese_admin(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.env.ref("base.user_admin").lang = "zh_CN"

    def _check_customer_file(self):
        partner = self.env["res.partner"].search([("name", "=", "Tour Customer Trading Ltd")])
        self.assertEqual(len(partner), 1)
        self.assertTrue(partner.customer_number.startswith("C"))
        self.assertEqual(partner.level_id, self.env.ref("crm_customer_info.crm_customer_level_a"))

    def test_customer_file_tour(self):
        self.start_tour("/odoo", "crm_customer_info_customer_file", login="admin")
        self._check_customer_file()

    def test_customer_file_tour_zh_cn(self):
        self._as_chinese_admin()
        self.start_tour("/odoo", "crm_customer_info_customer_file", login="admin")
        self._check_customer_file()
