from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import tagged

from .common_exports import ExportCase, _text


@tagged("post_install", "-at_install")
class TestCustomerProfile(ExportCase):
    """The customer profile PDF."""

    def test_customer_profile_pdf(self):
        markup = self._profile(self.c1 | self.c3)
        pages = html.fromstring(markup).find_class("page")
        self.assertEqual(len(pages), 2)
        one, three = (" ".join(page.text_content().replace("\xa0", " ").split()) for page in pages)
        self.assertIn("Customer Profile Customer One", one)
        for text in (
            self.c1.customer_number,
            self.level_a.name,
            "Li Lei",
            "North Team",
            "Buyer at One",
            "Purchasing",
            self.o1.name,
            self.o2.name,
            self.o5.name,
            self.i3.name,
            "1,600.00",
        ):
            self.assertIn(text, one)
        self.assertNotIn(self.o4.name, one, "orders of another company stay out")
        payment = self.i3.matched_payment_ids.move_id
        self.assertIn(payment.name, one)
        for text in (self.i2.name, self.r1.name, "150.00", "No confirmed order in these 12 months"):
            self.assertIn(text, three)

    def test_customer_profile_level_complaints_and_visits(self):
        self.env["crm.customer.classification"].create(
            {
                "partner_id": self.c1.id,
                "company_id": self.company.id,
                "credit_rating": "B",
                "lifecycle_stage": "active",
                "suggested_level_id": self.level_b.id,
                "reasons": [["level_no_revenue", {"window": 365}], ["level_manual", {}]],
            }
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
        later = self._visit(self.c1, (self.user2, self.team_south), start + timedelta(days=7))
        upcoming = self._visit(self.c1, (self.user, self.team_north), start)
        self.assertLess(upcoming.start, later.start)
        markup = self._profile(self.c1 | self.c3)
        one, three = (
            _text(html.tostring(page)) for page in html.fromstring(markup).find_class("page")
        )
        # Customer One: level A set by hand, B suggested, credit B; no open complaint;
        # visits done V2 (day 6), V1 (day 3), V8 (day 1), newest first; the next one planned
        self.assertIn(
            f"Level and Credit Customer Level {self.level_a.name}"
            f" Suggested Level {self.level_b.name} Credit Rating B Lifecycle Stage Active",
            one,
        )
        reasons = html.fromstring(markup).xpath("//div[@name='profile_level_explanation']")[0]
        self.assertEqual(
            [item.text_content() for item in reasons.iter("li")],
            ["D: no revenue in the last 365 days.", "Levels are set by hand in this company."],
        )
        self.assertIn("Open Complaints No open complaint.", one)
        self.assertRegex(
            one,
            f"{self.v2.name} .*{self.v1.name} .*{self.v8.name} ",
            "last visits done, newest first",
        )
        for visit in (self.v5, self.v6, self.v7, self.v9):
            self.assertNotIn(visit.name, one, "missed, cancelled, planned or another customer's")
        self.assertIn("Very Satisfied", one)
        self.assertRegex(one, r"Next planned visit: \S+ \S+, Li Lei")
        # Customer Three: classified without reasons, its open (overdue) complaint L4
        self.assertIn(
            "Level and Credit Lifecycle Stage Lost Why this level Not classified yet.", three
        )
        self.assertIn(
            f"Open Complaints Reference Date Subject Responsible Response Deadline {self.l4.name}",
            three,
        )
        self.assertIn("Overdue", three)
        self.assertNotIn(self.l3.name, three, "resolved complaints stay out")
        self.assertNotIn(self.l7.name, three, "only complaints are listed")
        self.assertIn("Next planned visit: none planned", three)

    def test_salesperson_prints_profile_of_own_customer(self):
        text = _text(self._profile(self.c3, user=self.user))
        self.assertIn(self.i2.name, text)
        self.assertIn("150.00", text)

    def test_profile_contact_prints_its_company(self):
        text = _text(self._profile(self.c1_contact))
        self.assertIn("Customer Profile Customer One", text)
