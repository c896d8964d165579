import shutil
import subprocess
import unicodedata

from odoo.tests import HttpCase, tagged

from .common import CustomerInfoCase


def _missing_package():
    """The Debian package real PDF printing lacks here, or None."""
    if not shutil.which("wkhtmltopdf"):
        return "wkhtmltopdf"
    if not shutil.which("pdftotext"):
        return "poppler-utils"
    if shutil.which("fc-list"):
        fonts = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        )
        if fonts.stdout.strip():
            return None
    return "fonts-noto-cjk"


@tagged("post_install", "-at_install")
class TestReportsPdf(CustomerInfoCase, HttpCase):
    """Both PDF reports printed for real by wkhtmltopdf, in Chinese, as the Print menu does.

    The other report tests read the HTML Odoo renders under test and check the
    figures; this one proves the binary, the fonts and the report assets (fetched
    from the test server, hence HttpCase) give a PDF holding the names. Chinese
    names: without a CJK font wkhtmltopdf silently leaves them out, and they stay
    text where Debian's wkhtmltopdf (unpatched Qt) draws Latin text in Odoo's web
    font as outlines. Skipped when a package is missing; ``make test`` fails
    instead under ``REQUIRE_PDF`` (CI).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user.name = "李雷"
        cls.customer = cls._customer("上海华信机电有限公司", user_id=cls.user.id)
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])

    def setUp(self):
        super().setUp()
        if package := _missing_package():
            self.skipTest(f"real PDF printing needs the Debian package {package}")

    def _pdf_text(self, report_ref, res_ids, data=None):
        """The text of the PDF printed in Chinese, without whitespace (CJK has no spaces).

        NFKC-normalised: the font maps some ideographs to their look-alike Kangxi
        radicals (⽉ for 月), which is what pdftotext then reads.
        """
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", force_report_rendering=True)
            ._render_qweb_pdf(report_ref, res_ids, data=data)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF-"), content[:50])
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        return "".join(unicodedata.normalize("NFKC", text).split())

    def test_customer_profile(self):
        text = self._pdf_text("crm_customer_info.action_report_customer_profile", self.customer.ids)
        for expected in ("客户档案", "上海华信机电有限公司", "李雷"):
            self.assertIn(expected, text)

    def test_salesperson_performance(self):
        text = self._pdf_text(
            "crm_customer_info.action_report_salesperson_performance",
            [],
            data={"user_ids": self.user.ids},
        )
        for expected in ("销售员月度绩效", "李雷", "新发展客户数", "订单金额"):
            self.assertIn(expected, text)
