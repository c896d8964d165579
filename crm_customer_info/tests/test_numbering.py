from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.integrity import server_write
from .common_logs import LogCase


@tagged("post_install", "-at_install")
class TestNumbering(LogCase):
    """crm.customer.numbered.mixin: log entries and visits get their numbers from the
    company's sequence; a request never sets or changes one."""

    def _new_visit(self, **values):
        return self.env["crm.customer.visit"].create(
            {"partner_id": self.cust.id, "start": "2030-06-12 01:00:00", **values}
        )

    def test_both_models_number_from_their_sequence(self):
        log = self._log(self.consultation)
        visit = self._new_visit()
        self.assertRegex(log.name, r"^LOG/\d{4}/\d{5}$")
        self.assertRegex(visit.name, r"^V\d{4}-\d{5}$")

    def test_a_request_sends_the_default_only(self):
        Log = self.env["crm.customer.log"].with_user(self.user)
        values = {"type_id": self.consultation.id, "partner_id": self.cust.id, "subject": "S"}
        log = Log.create({**values, "name": "New"})
        self.assertRegex(log.name, r"^LOG/")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        translated = Log.with_context(lang="zh_CN").env._("New")
        self.assertNotEqual(translated, "New")
        self.assertRegex(
            Log.with_context(lang="zh_CN").create({**values, "name": translated}).name, r"^LOG/"
        )
        with self.assertRaises(UserError):
            Log.create({**values, "name": "LOG/1999/00001"})
        with self.assertRaises(UserError):
            log.write({"name": "LOG/1999/00002"})
        with self.assertRaises(UserError):
            self.env["crm.customer.visit"].with_user(self.user).create(
                {"partner_id": self.cust.id, "start": "2030-06-12 01:00:00", "name": "V1999-1"}
            )

    def test_the_addon_sets_numbers(self):
        Log = self.env["crm.customer.log"].with_user(self.user)
        with server_write("crm.customer.log"):
            log = Log.create(
                {
                    "type_id": self.consultation.id,
                    "partner_id": self.cust.id,
                    "subject": "Imported",
                    "name": "LOG/1999/00003",
                }
            )
            self.assertEqual(log.name, "LOG/1999/00003")
            log.write({"name": "LOG/1999/00004"})
        self.assertEqual(log.name, "LOG/1999/00004")
