"""Customers' ratings of log entries and visits cannot be forged by staff over JSON-RPC.

Odoo lets every employee create and change ``rating.rating`` records; the ratings of
log entries and visits become their customer satisfaction, so a global record rule (and
two guards the rule cannot express) keep everyone but the customer's own path, which runs
as superuser, from creating, changing or deleting them. Ratings of other models are
untouched.
"""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_rating import LogRatingCase


@tagged("post_install", "-at_install")
class TestRatingAccess(LogRatingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.admin = new_test_user(
            env, login="ci_rating_admin", groups="base.group_user,base.group_system"
        )
        cls.portal = new_test_user(
            env,
            login="ci_rating_portal",
            groups="base.group_portal",
            partner_id=cls.contact_person.id,
        )
        cls.roles = {
            "employee": cls.user,
            "team leader": cls.leader,
            "manager": cls.manager,
            "administrator": cls.admin,
            "portal": cls.portal,
        }
        # a resolved entry the customer rated 2, and one still waiting for its rating
        cls.log = cls._rated_log_cls(satisfaction="4")
        cls.log.action_resolve()
        cls.log_rating = cls._pending(cls.log)
        cls.log.rating_apply(2, token=cls.log_rating.access_token, feedback="Slow")
        cls.log_pending = cls._rated_log_cls()
        cls.log_pending.action_resolve()
        cls.pending_rating = cls._pending(cls.log_pending)
        cls.visit = env["crm.customer.visit"].create(
            {
                "partner_id": cls.cust.id,
                "contact_id": cls.contact_person.id,
                "purpose_id": env.ref("crm_customer_info.crm_customer_visit_purpose_routine").id,
                "user_id": cls.user.id,
                "team_id": cls.team_north.id,
                "start": "2030-06-12 01:00:00",
            }
        )
        token = cls.visit._rating_get_access_token()
        cls.visit.rating_apply(3, token=token)
        cls.visit_rating = cls.visit.rating_ids
        # a rating of another model, which staff may still create and change as in Odoo
        cls.partner_model = env["ir.model"]._get_id("res.partner")
        cls.other_rating = env["rating.rating"].create(
            {"res_model_id": cls.partner_model, "res_id": cls.cust.id, "rating": 3}
        )

    @classmethod
    def _rated_log_cls(cls, **values):
        return cls.env["crm.customer.log"].create(
            {
                "type_id": cls.complaint.id,
                "partner_id": cls.cust.id,
                "subject": "Rated entry",
                "contact_id": cls.contact_person.id,
                "team_id": cls.team_north.id,
                "user_id": cls.user.id,
                "resolution": "<p>Replaced the filter.</p>",
                **values,
            }
        )

    @classmethod
    def _pending(cls, record):
        return cls.env["rating.rating"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("consumed", "=", False)]
        )

    def _assert_refused(self, label, call):
        with self.subTest(label), self.assertRaises(AccessError):
            call()

    def test_fixture(self):
        self.assertEqual(self.log.customer_satisfaction, "2")
        self.assertEqual(self.visit.customer_satisfaction, "3")
        self.assertTrue(self.pending_rating)
        self.assertTrue(self.log_rating.message_id, "the rating's chatter message")

    def test_nobody_writes_creates_or_deletes_customer_ratings(self):
        log_model = self.env["ir.model"]._get_id("crm.customer.log")
        visit_model = self.env["ir.model"]._get_id("crm.customer.visit")
        for role, user in self.roles.items():
            for name, rating in (
                ("log", self.log_rating),
                ("pending", self.pending_rating),
                ("visit", self.visit_rating),
            ):
                as_user = rating.with_user(user)
                self._assert_refused(
                    f"{role} writes {name}",
                    lambda r=as_user: r.write({"rating": 5, "consumed": True}),
                )
                self._assert_refused(f"{role} resets {name}", as_user.reset)
                self._assert_refused(f"{role} deletes {name}", as_user.unlink)
            for name, model, record in (
                ("log", log_model, self.log_pending),
                ("visit", visit_model, self.visit),
            ):
                self._assert_refused(
                    f"{role} creates a rating of a {name}",
                    lambda u=user, m=model, r=record: (
                        self.env["rating.rating"]
                        .with_user(u)
                        .create(
                            {
                                "res_model_id": m,
                                "res_id": r.id,
                                "partner_id": self.contact_person.id,
                                "rating": 5,
                                "consumed": True,
                            }
                        )
                    ),
                )
            # the rating API with the customer's token, as the user: the rating is theirs
            self._assert_refused(
                f"{role} applies the customer's token",
                lambda u=user: self.log_pending.with_user(u).rating_apply(
                    5, token=self.pending_rating.access_token
                ),
            )
        self.env.invalidate_all()
        self.assertEqual(self.log.customer_satisfaction, "2")
        self.assertEqual(self.log_pending.customer_satisfaction, "0")
        self.assertEqual(self.visit.customer_satisfaction, "3")
        self.assertEqual(self.log_rating.rating, 2)

    def test_other_ratings_cannot_be_moved_onto_an_entry(self):
        """A rule is checked on the values before a write: the model change is refused."""
        log_model = self.env["ir.model"]._get_id("crm.customer.log")
        for role, user in self.roles.items():
            self._assert_refused(
                f"{role} moves a rating",
                lambda u=user: self.other_rating.with_user(u).write(
                    {"res_model_id": log_model, "res_id": self.log_pending.id, "rating": 5}
                ),
            )
        self.assertEqual(self.other_rating.res_model, "res.partner")
        self.assertFalse(self.log_pending.rating_ids.filtered("consumed"))

    def test_rating_messages_are_not_deleted_by_staff(self):
        """Deleting the rating's chatter message would delete the rating with it."""
        message = self.log_rating.message_id
        for role in ("employee", "team leader", "manager", "administrator"):
            self._assert_refused(
                f"{role} deletes the rating message",
                message.with_user(self.roles[role]).unlink,
            )
        self.assertTrue(self.log_rating.exists())
        # other messages of the entry are deleted as Odoo allows (write access to the entry)
        note = self.log.message_post(body="Internal note", message_type="comment")
        note.with_user(self.manager).unlink()
        self.assertFalse(note.exists())

    def test_ratings_of_other_models_as_in_odoo(self):
        """Staff create and change other models' ratings; only administrators delete them."""
        for role, user in self.roles.items():
            with self.subTest(role):
                Rating = self.env["rating.rating"].with_user(user)
                if role == "portal":
                    with self.assertRaises(AccessError):
                        Rating.create({"res_model_id": self.partner_model, "res_id": self.cust.id})
                    with self.assertRaises(AccessError):
                        self.other_rating.with_user(user).write({"rating": 1})
                    continue
                rating = Rating.create(
                    {"res_model_id": self.partner_model, "res_id": self.cust.id, "rating": 1}
                )
                rating.write({"rating": 5, "feedback": "Fine"})
                self.assertEqual(rating.rating, 5)
                if role == "administrator":
                    rating.unlink()
                    self.assertFalse(rating.exists())
                else:
                    with self.assertRaises(AccessError):
                        rating.unlink()

    def test_reading_is_unchanged(self):
        for role in ("employee", "team leader", "manager"):
            ratings = (
                self.env["rating.rating"]
                .with_user(self.roles[role])
                .search([("id", "in", (self.log_rating | self.visit_rating).ids)])
            )
            self.assertEqual(ratings, self.log_rating | self.visit_rating, role)
            self.assertEqual(sorted(ratings.mapped("rating")), [2.0, 3.0], role)

    def test_the_addon_still_sends_requests_as_a_salesperson(self):
        """The request is sent when a salesperson resolves the entry: its rating is created."""
        log = self._rated_log_cls().with_user(self.user)
        log.action_resolve()
        self.assertTrue(log.rating_request_sent)
        rating = self._pending(log)
        self.assertEqual(rating.partner_id, self.contact_person)
        # the customer rates through the rating API as the controller does (superuser)
        log.sudo().rating_apply(5, rating=rating.sudo())
        self.assertEqual(log.customer_satisfaction, "5")
