from odoo.tests import HttpCase


class TourCase(HttpCase):
    """Browser tours, run once in English and once by an administrator working in Chinese."""

    def _as_chinese_admin(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.env.ref("base.user_admin").lang = "zh_CN"
