from datetime import date, datetime

from odoo.tools import SQL

from .common import CustomerInfoCase


class TestPartnerCompanyValues(CustomerInfoCase):
    """res.partner._crm_write_company_values: the one bulk writer of company-dependent values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Values Customer")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Values Contact", "parent_id": cls.customer.id}
        )
        cls.other = cls._customer("Other Values Customer")

    def _stored(self, partner, fname):
        self.env.cr.execute(
            SQL("SELECT %s FROM res_partner WHERE id = %s", SQL.identifier(fname), partner.id)
        )
        return self.env.cr.fetchone()[0] or {}

    def test_values_per_company_and_field(self):
        Partner = self.env["res.partner"]
        Partner._crm_write_company_values(
            self.other_company, {"last_visit_date": {self.other.id: date(2025, 3, 1)}}
        )
        Partner._crm_write_company_values(
            self.company,
            {
                "last_visit_date": {self.customer.id: date(2025, 1, 2), self.other.id: None},
                "next_planned_visit_date": {self.customer.id: datetime(2025, 2, 3, 9, 30)},
            },
        )
        # read through the cache: it was invalidated
        self.assertEqual(self.customer.last_visit_date, date(2025, 1, 2))
        self.assertEqual(self.customer.next_planned_visit_date, datetime(2025, 2, 3, 9, 30))
        self.assertFalse(self.other.last_visit_date)
        self.assertFalse(self.other.next_planned_visit_date)
        # the other company's value is kept
        self.assertEqual(
            self.other.with_company(self.other_company).last_visit_date, date(2025, 3, 1)
        )
        self.assertEqual(
            self._stored(self.customer, "next_planned_visit_date")[str(self.company.id)],
            "2025-02-03 09:30:00",
        )
        # dependants follow: the overdue flag is computed from the dates
        self.assertFalse(self.customer.visit_overdue)

    def test_touch_and_contacts(self):
        Partner = self.env["res.partner"]
        before = self.other.write_date
        Partner._crm_write_company_values(
            self.company, {"classification_id": {self.other.id: None}}
        )
        self.assertEqual(self.other.write_date, before, "a system value does not touch")
        moment = datetime(2030, 1, 1, 8, 0)
        Partner.with_user(self.manager)._crm_write_company_values(
            self.company,
            {"level_id": {self.customer.id: self.level_b.id}},
            touch=True,
            contacts=True,
            now=moment,
        )
        self.assertEqual(self.customer.level_id, self.level_b)
        self.assertEqual(self.contact.level_id, self.level_b)
        self.assertEqual(self.customer.write_date, moment)
        self.assertEqual(self.customer.write_uid, self.manager)
        self.assertNotEqual(self.other.level_id, self.level_b)

    def test_refuses_plain_fields(self):
        with self.assertRaises(ValueError):
            self.env["res.partner"]._crm_write_company_values(
                self.company, {"name": {self.customer.id: "X"}}
            )

    def test_nothing_to_write_runs_no_query(self):
        with self.assertQueryCount(0):
            self.env["res.partner"]._crm_write_company_values(self.company, {"level_id": {}})
