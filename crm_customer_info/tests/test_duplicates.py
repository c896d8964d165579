from odoo.tests import Form, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestDuplicates(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.original = cls._customer(
            "Huaxin Electromechanical Co., Ltd.",
            vat="CN91310115MA1K3XYZ01",
            email="Contact@Huaxin-ME.cn",
            phone="021 5080 1234",
            mobile="139 1234 5678",
            country_id=cls.china.id,
            company_id=cls.company.id,
        )

    def _dups(self, **values):
        values.setdefault("company_id", self.company.id)
        return self._customer(values.pop("name", "Unrelated Name"), **values).duplicate_partner_ids

    def test_same_vat(self):
        self.assertEqual(self._dups(vat="cn 91310115-ma1k3xyz01"), self.original)

    def test_same_email(self):
        self.assertEqual(self._dups(email="Huaxin <contact@huaxin-me.cn>"), self.original)

    def test_same_phone_national_and_international(self):
        self.assertEqual(self._dups(name="First", phone="+86 21 50801234"), self.original)
        self.assertEqual(
            self._dups(name="Second", phone="13912345678", country_id=self.china.id), self.original
        )

    def test_phone_matches_mobile(self):
        self.assertEqual(self._dups(mobile="+86 21-5080-1234"), self.original)

    def test_same_name(self):
        self.assertEqual(self._dups(name="HUAXIN ELECTROMECHANICAL LIMITED"), self.original)

    def test_no_match(self):
        self.assertFalse(self._dups(name="Dongfang", email="x@dongfang.cn", phone="+86 512 6588"))
        self.assertFalse(self.original.duplicate_partner_ids)

    def test_no_false_positive_across_companies(self):
        self.assertFalse(
            self._dups(
                name="Huaxin Electromechanical",
                vat="CN91310115MA1K3XYZ01",
                email="contact@huaxin-me.cn",
                company_id=self.other_company.id,
            )
        )

    def test_contacts_are_not_customers(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Huaxin Electromechanical",
                "parent_id": self._customer("Parent Co", company_id=self.company.id).id,
                "email": "contact@huaxin-me.cn",
                "company_id": self.company.id,
            }
        )
        self.assertFalse(contact.duplicate_partner_ids)
        self.assertNotIn(contact, self.original.duplicate_partner_ids)

    def test_match_is_mutual_and_filter_lists_groups(self):
        twin = self._customer("Huaxin", email="contact@huaxin-me.cn", company_id=self.company.id)
        self.assertEqual(self.original.duplicate_partner_ids, twin)
        self.assertEqual(twin.duplicate_partner_ids, self.original)
        found = self.env["res.partner"].search([("duplicate_partner_ids", "!=", False)])
        self.assertIn(self.original, found)
        self.assertIn(twin, found)
        self.assertNotIn(
            self._customer("Lonely Customer", company_id=self.company.id),
            self.env["res.partner"].search([("duplicate_partner_ids", "!=", False)]),
        )
        not_found = self.env["res.partner"].search([("duplicate_partner_ids", "=", False)])
        self.assertNotIn(twin, not_found)

    def test_warning_shows_while_typing(self):
        form = Form(self.env["res.partner"])
        form.company_type = "company"
        form.name = "Someone New"
        form.company_id = self.company
        self.assertFalse(form.duplicate_partner_ids)
        form.email = "CONTACT@huaxin-me.cn"
        self.assertEqual(form.duplicate_partner_ids[:], self.original)

    def test_review_opens_merge_wizard_with_both(self):
        twin = self._customer("Huaxin", vat="CN91310115MA1K3XYZ01", company_id=self.company.id)
        action = twin.action_review_duplicates()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, twin | self.original)

    def test_duplicates_of_a_list_cost_one_search(self):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Batch customer {i}", "is_company": True, "email": f"b{i}@batch.cn"}
                for i in range(80)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            partners.mapped("duplicate_partner_ids")
