from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.translate import PoFileReader, TranslationModuleReader

ADDON = "crm_customer_info"
# Odoo exports the app's name and summary only for its own modules; `make pot` adds them.
MANIFEST_TERMS = 2


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The .pot matches the code, and zh_CN translates every term of it."""

    def _po_terms(self, filename):
        with file_open(f"{ADDON}/i18n/{filename}", "rb") as po_file:
            return {row["src"]: row["value"] for row in PoFileReader(po_file)}

    def test_pot_is_current(self):
        in_code = {row[4] for row in TranslationModuleReader(self.env.cr, modules=[ADDON])}
        in_pot = set(self._po_terms(f"{ADDON}.pot"))
        self.assertFalse(sorted(in_code - in_pot), "terms missing from the .pot: run `make pot`")
        self.assertEqual(
            len(in_pot - in_code), MANIFEST_TERMS, "terms gone from the code: run `make pot`"
        )

    def test_zh_cn_is_complete(self):
        template = self._po_terms(f"{ADDON}.pot")
        chinese = self._po_terms("zh_CN.po")
        untranslated = sorted(term for term in template if not chinese.get(term))
        self.assertFalse(untranslated, "untranslated zh_CN terms")

    def test_zh_cn_loads(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([ADDON], ["zh_CN"], overwrite=True)
        env = self.env(context={"lang": "zh_CN"})
        self.assertEqual(env.ref(f"{ADDON}.menu_crm_customer_root").name, "客户")
        self.assertEqual(env.ref(f"base.module_{ADDON}").shortdesc, "客户信息管理")
        self.assertEqual(env.ref(f"{ADDON}.crm_customer_level_a").name, "A - 重点客户")
        self.assertEqual(
            env["res.partner"]._fields["level_id"].get_description(env)["string"], "客户级别"
        )
