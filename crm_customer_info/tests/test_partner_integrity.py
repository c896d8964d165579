"""Issue 11, items 1 and 4-8 and 10: what a client reaches through the partner and the levels.

Each test writes or reads through the ORM with the user's rights, as a JSON-RPC
client would; the form view's read-only flags play no part.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_classification import TODAY, ClassificationCase


@tagged("post_install", "-at_install")
class TestPartnerIntegrity(ClassificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Classification._classify_company(cls.company, today=TODAY)
        cls.other_manager = new_test_user(
            cls.env,
            login="ci_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.all_manager = new_test_user(
            cls.env,
            login="ci_all_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=cls.env["res.company"].search([]).ids,
        )

    def _partners(self, user):
        return self.env["res.partner"].with_user(user)

    # 1. classification values on the partner follow the rows' rules
    def test_classification_values_follow_the_rows(self):
        domain = [("id", "in", self.customers.ids)]
        for user, visible in (
            (self.user, self.acme),
            (self.leader, self.acme),
            (self.user2, self.beta),
            (self.manager, self.customers),
            (self.finance, self.customers),
        ):
            partners = self._partners(user)
            rated = partners.search([*domain, ("credit_rating", "!=", False)])
            self.assertEqual(rated, visible.filtered("classification_id.credit_rating"), user.login)
            for partner in self.customers.with_user(user):
                row = self._row(partner)
                expected = row.credit_rating if partner in visible else False
                self.assertEqual(partner.credit_rating, expected, (user.login, partner.name))
                value = row.monetary if partner in visible else 0.0
                self.assertEqual(partner.customer_value, value, (user.login, partner.name))
        # the salesperson reads nothing of beta, which belongs to user2's team
        partners = self._partners(self.user)
        self.assertFalse(partners.search([("credit_rating", "=", "A"), ("id", "=", self.beta.id)]))
        self.assertEqual(
            partners.search([("credit_rating", "=", False), ("id", "=", self.beta.id)]), self.beta
        )
        self.assertFalse(
            partners.search([("user_id", "=", self.user2.id), ("lifecycle_stage", "!=", False)])
        )
        revenue = dict(partners._read_group(domain, ["user_id"], ["customer_value:sum"]))
        self.assertEqual(revenue[self.user2], 0.0)
        self.assertEqual(revenue[self.user], self._row(self.acme).monetary)
        ratings = dict(partners._read_group(domain, ["credit_rating"], ["__count"]))
        self.assertEqual(ratings, {self._row(self.acme).credit_rating: 1, False: 4})
        by_value = partners.search(domain, order="customer_value desc nulls last, id")
        self.assertEqual(by_value[0], self.acme)
        # the row pointer is for managers and finance only
        with self.assertRaises(AccessError):
            self.beta.with_user(self.user).read(["classification_id"])
        with self.assertRaises(AccessError):
            partners.search([("classification_id.credit_rating", "=", "A")])
        self.assertTrue(self.beta.with_user(self.finance).read(["classification_id"]))

    # 4. reassigning customers is a manager's handover
    def test_salesperson_cannot_reassign_customers(self):
        acme = self.acme.with_user(self.user)
        for vals in (
            {"user_id": self.user2.id},
            {"user_id": False},
            {"team_id": self.team_south.id},
        ):
            with self.assertRaises(AccessError):
                acme.write(vals)
        with self.assertRaises(AccessError):
            self.beta.with_user(self.user).write({"user_id": self.user.id})
        self.assertEqual((self.acme.user_id, self.beta.user_id), (self.user, self.user2))
        self.assertFalse(self.beta.with_user(self.user).search([("id", "=", self.beta.id)]).log_ids)
        # keeping them theirs, and taking an unassigned customer, stays allowed
        acme.write({"user_id": self.user.id, "team_id": self.team_north.id, "phone": "+1 555"})
        self.gamma.with_user(self.user).write({"user_id": self.user.id})
        self.assertEqual(self.gamma.user_id, self.user)
        # a manager reassigns
        self.acme.with_user(self.manager).write({"user_id": self.user2.id})
        self.assertEqual(self.acme.user_id, self.user2)

    # 5. a locked level changes only through unlock/override; levels are a manager's
    def test_locked_level_is_not_rewritten(self):
        wizard = (
            self.env["crm.customer.level.override"]
            .with_user(self.manager)
            .with_context(active_model="res.partner", active_ids=self.acme.ids)
            .create({"level_id": self.level_c.id, "reason": "Strategic"})
        )
        wizard.action_apply()
        with self.assertRaises(AccessError):
            self.acme.with_user(self.user).write({"level_id": self.level_a.id})
        with self.assertRaises(UserError):
            self.acme.with_user(self.manager).write({"level_id": self.level_a.id})
        self.assertEqual(self.acme.level_id, self.level_c)
        # unlocked levels: managers only
        with self.assertRaises(AccessError):
            self.beta.with_user(self.user2).write({"level_id": self.level_c.id})
        with self.assertRaises(AccessError):
            self._partners(self.user).create(
                {"name": "Self-rated", "is_company": True, "level_id": self.level_a.id}
            )
        self.beta.with_user(self.manager).write({"level_id": self.level_c.id})
        self.assertEqual(self.beta.level_id, self.level_c)
        # a contact of a customer still follows its company's level
        contact = self._partners(self.user).create({"name": "Ms Li", "parent_id": self.acme.id})
        self.assertEqual(contact.level_id, self.level_c)

    # 6. internal switches cannot be sent by a client
    def test_context_cannot_skip_history_or_checks(self):
        self.acme.with_user(self.manager).with_context(
            crm_level_history_done=True, crm_trusted=True, crm_level_reason="Forged"
        ).write({"level_id": self.level_c.id})
        line = self.env["crm.customer.level.history"].search(
            [("partner_id", "=", self.acme.id), ("source", "=", "manual")]
        )
        self.assertEqual((line.to_level_id, line.reason), (self.level_c, False))
        with self.assertRaises(AccessError):
            self.acme.with_user(self.user).with_context(crm_trusted=True).write(
                {"level_id": self.level_a.id}
            )

    # 7. customer numbers come from the sequence; managers correct, never duplicate
    def test_customer_numbers(self):
        for number in ("HAND-1", False):
            with self.assertRaises(AccessError):
                self.acme.with_user(self.user).write({"customer_number": number})
        sequence = self.company._crm_customer_number_sequence()
        upcoming = sequence.get_next_char(sequence.number_next_actual)
        upcoming_after = sequence.get_next_char(sequence.number_next_actual + 1)
        self.gamma.with_user(self.manager).write({"customer_number": upcoming})
        newcomer = self._customer("Newcomer")
        newcomer.action_register_customer()
        self.assertEqual(newcomer.customer_number, upcoming_after)
        with self.assertRaises(ValidationError):
            self.eps.with_user(self.manager).write({"customer_number": upcoming})

    # 8. dates and pointers the addon computes are not written by a client
    def test_computed_partner_fields_are_not_writable(self):
        for fname, value in (
            ("classification_id", self._row(self.beta).id),
            ("last_visit_date", "2024-01-01"),
            ("next_visit_due_date", "2030-01-01"),
            ("next_planned_visit_date", "2030-01-01 10:00:00"),
            ("visit_overdue_notified_date", "2024-01-01"),
            ("visit_overdue_date", "2024-01-01"),
        ):
            for user in (self.user, self.manager):
                with self.assertRaises(UserError):
                    self.acme.with_user(user).write({fname: value})
            with self.assertRaises(UserError):
                self._partners(self.user).create({"name": "Forged", fname: value})

    # 10. shared configuration: only managers of every company; levels in use stay
    def test_shared_levels(self):
        for action in (
            lambda level: level.write({"visit_interval_days": 1}),
            lambda level: level.unlink(),
        ):
            with self.assertRaises(AccessError):
                action(self.level_d.with_user(self.other_manager))
            with self.assertRaises(AccessError):
                action(self.level_d.with_user(self.manager))
        self.level_d.with_user(self.all_manager).write({"visit_interval_days": 90})
        with self.assertRaises(UserError):
            self.level_a.with_user(self.all_manager).unlink()
        self.assertTrue(self.acme.level_id)
        self.level_a.with_user(self.all_manager).active = False
        Level = self.env["crm.customer.level"]
        with self.assertRaises(ValidationError):
            Level.create({"name": "Another A", "code": "A"})
        # a company's own level may reuse a shared code, and its managers edit it
        own = Level.create({"name": "Own A", "code": "A", "company_id": self.other_company.id})
        own.with_user(self.other_manager).write({"visit_interval_days": 10})
        own.with_user(self.other_manager).unlink()
        unused = Level.create({"name": "Unused", "code": "Z"})
        unused.with_user(self.all_manager).unlink()
        self.assertFalse(unused.exists())

    def test_handover_still_moves_customers(self):
        handover = (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.user.id, "to_user_id": self.user2.id})
        )
        handover.action_handover()
        self.assertEqual(self.acme.user_id, self.user2)
        self.assertEqual(
            self.Classification.with_user(self.user2).search([("partner_id", "=", self.acme.id)]),
            self._row(self.acme),
        )
        self.assertFalse(
            self.acme.with_user(self.user).search([("id", "=", self.acme.id)]).credit_rating
        )
