"""Customer ratings: requests on resolve/close and after visits, scores, low-rating activities."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_rating import LOW_RATING_TYPE, LogRatingCase, RatingMixinCase
from .common_visits import VisitCase

DONE_DAY = "2024-05-01"
CHECK_OUT = datetime(2024, 5, 1, 3, 0, 0)


@tagged("post_install", "-at_install")
class TestLogRating(LogRatingCase):
    def test_request_sent_on_resolve_once(self):
        log = self._rated_log()
        log.with_user(self.user).action_resolve()
        mail = self._request_mails(log)
        self.assertEqual(len(mail), 1)
        rating = self._pending_rating(log)
        self.assertEqual(rating.partner_id, self.contact_person, "the contact person rates")
        self.assertEqual(rating.rated_partner_id, self.user.partner_id)
        self.assertIn(f"/rate/{rating.access_token}/5", mail.body_html)
        self.assertIn(f"/rate/{rating.access_token}/1", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.contact_person)
        self.assertIn(log.name, mail.subject)
        self.assertTrue(log.rating_request_sent)
        # closing the resolved entry asks no second time
        log.with_user(self.user).action_close()
        self.assertEqual(self._request_mails(log), mail)
        self.assertEqual(len(self._pending_rating(log)), 1)

    def test_request_sent_on_close(self):
        log = self._rated_log(self.consultation)
        log.with_user(self.user).action_close()
        mail = self._request_mails(log)
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/rate/{self._pending_rating(log).access_token}/3", mail.body_html)
        self.assertIn("closed", mail.body_html)

    def test_request_in_chinese_for_a_chinese_contact(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.contact_person.lang = "zh_CN"
        log = self._rated_log()
        log.action_resolve()
        mail = self._request_mails(log)
        self.assertIn("您对我们的服务满意吗", mail.body_html)

    def test_no_request_without_setting_or_address(self):
        self.contact_type.rating_request = False
        log = self._log(self.contact_type, contact_id=self.contact_person.id)
        log.action_close()
        self.assertFalse(self._request_mails(log))
        self.assertFalse(log.rating_request_sent)
        # a type that asks, but nobody to e-mail: nothing sent, nothing marked
        self.contact_person.email = False
        log = self._rated_log(self.consultation)
        log.action_close()
        self.assertFalse(self._request_mails(log))
        self.assertFalse(log.rating_request_sent)

    def test_rating_becomes_customer_satisfaction_and_report(self):
        log = self._rated_log(satisfaction="2")
        before = self._performance(self.user)
        self.assertEqual(
            before,
            {"satisfaction_sum": 2, "satisfaction_count": 1, "satisfaction_customer_count": 0},
        )
        log.action_resolve()
        token = self._pending_rating(log).access_token
        log.rating_apply(5, token=token, feedback="Quick and friendly")
        self.assertEqual(log.customer_satisfaction, "5")
        self.assertEqual(log.satisfaction, "2", "the staff's value is kept")
        self.assertEqual(log.rating_last_feedback, "Quick and friendly")
        # the customer's rating replaces the staff's in the report, and is counted as theirs
        self.assertEqual(
            self._performance(self.user),
            {"satisfaction_sum": 5, "satisfaction_count": 1, "satisfaction_customer_count": 1},
        )
        self.assertFalse(self._low_rating_activities(log))

    def test_low_rating_activity_for_team_leader_once(self):
        log = self._rated_log()
        log.action_resolve()
        token = self._pending_rating(log).access_token
        log.rating_apply(1, token=token, feedback="Nobody called back")
        activity = self._low_rating_activities(log)
        self.assertEqual(activity.user_id, self.leader)
        self.assertIn("Nobody called back", activity.note)
        self.assertEqual(log.customer_satisfaction, "1")
        # the customer submits the form again: still one activity
        log.rating_apply(1, token=token, feedback="Still waiting")
        self.assertEqual(self._low_rating_activities(log), activity)

    def test_low_rating_activity_for_salesperson_without_leader(self):
        log = self._rated_log()
        log.team_id = self.team_south
        log.action_resolve()
        log.rating_apply(1, token=self._pending_rating(log).access_token)
        self.assertEqual(self._low_rating_activities(log).user_id, self.user)

    def test_ratings_in_the_classification_explanation(self):
        row = self.env["crm.customer.classification"].search(
            [("partner_id", "=", self.cust.id), ("company_id", "=", self.company.id)]
        ) or self.env["crm.customer.classification"].create(
            {"partner_id": self.cust.id, "company_id": self.company.id, "window_days": 365}
        )
        self.assertNotIn("Customer ratings", row.explanation)
        for score in (4, 1):
            log = self._rated_log(satisfaction="5")
            log.action_resolve()
            log.rating_apply(score, token=self._pending_rating(log).access_token)
        row.invalidate_recordset(["explanation"])
        self.assertIn(
            "Customer ratings: 2.5 out of 5 on average over 2 rated log entries and visits",
            row.explanation,
        )

    def test_clients_cannot_write_the_customer_rating(self):
        log = self._rated_log()
        for fname, value in (
            ("customer_satisfaction", "5"),
            ("rating_last_value", 5.0),
            ("rating_request_sent", True),
        ):
            with self.subTest(fname=fname), self.assertRaises(UserError):
                log.with_user(self.user).write({fname: value})
        self.assertEqual(log.customer_satisfaction, "0")


@tagged("post_install", "-at_install")
class TestVisitRating(VisitCase, RatingMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"crm_rating_visits": True, "crm_rating_visit_days": 2})

    def _cron(self, when):
        with freeze_time(when):
            return self.env["crm.customer.visit"]._cron_rating_requests()

    def test_request_after_the_delay_once(self):
        visit = self._done_visit(day=DONE_DAY, contact_id=self.contact.id)
        self.assertFalse(self._cron(CHECK_OUT + timedelta(days=1)), "not yet")
        self.assertEqual(self._cron(CHECK_OUT + timedelta(days=2)), visit)
        mail = self._request_mails(visit)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.contact)
        self.assertIn(f"/rate/{self._pending_rating(visit).access_token}/5", mail.body_html)
        self.assertTrue(visit.rating_request_sent)
        # the next day's run sends nothing again
        self.assertFalse(self._cron(CHECK_OUT + timedelta(days=3)))
        self.assertEqual(self._request_mails(visit), mail)

    def test_no_request_when_off_too_old_or_not_done(self):
        done = self._done_visit(day=DONE_DAY, contact_id=self.contact.id)
        planned = self._visit(contact_id=self.contact.id)
        self.env.company.crm_rating_visits = False
        self.assertFalse(self._cron(CHECK_OUT + timedelta(days=2)))
        self.env.company.crm_rating_visits = True
        # past the week after the due day (e.g. the setting switched on late): never asked
        self.assertFalse(self._cron(CHECK_OUT + timedelta(days=10)))
        self.assertFalse(self._request_mails(done | planned))

    def test_visit_rating_applied_and_low_rating(self):
        visit = self._done_visit(
            day=DONE_DAY, contact_id=self.contact.id, satisfaction="4", team_id=self.team_north.id
        )
        self._cron(CHECK_OUT + timedelta(days=2))
        visit.rating_apply(1, token=self._pending_rating(visit).access_token)
        self.assertEqual((visit.satisfaction, visit.customer_satisfaction), ("4", "1"))
        self.assertEqual(
            self._performance(visit.user_id),
            {"satisfaction_sum": 1, "satisfaction_count": 1, "satisfaction_customer_count": 1},
        )
        activity = self._low_rating_activities(visit)
        self.assertEqual(activity.user_id, self.leader)
        self.assertEqual(activity.activity_type_id, self.env.ref(LOW_RATING_TYPE))

    def test_delay_setting_range(self):
        with self.assertRaises(ValidationError):
            self.env.company.crm_rating_visit_days = -1
        with self.assertRaises(ValidationError):
            self.env.company.crm_rating_visit_days = 365


@tagged("post_install", "-at_install")
class TestRatingQueries(VisitCase, RatingMixinCase):
    """The visit rating job costs a fixed number of queries for 2 or 8 due visits, but for
    the one query per rating Odoo's own ``rating.rating`` create costs (``_update_inverses``
    of ``res_id`` reads each new rating's model)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"crm_rating_visits": True, "crm_rating_visit_days": 1})

    def _queries(self, count, day):
        for _index in range(count):
            self._done_visit(day=day, contact_id=self.contact.id)
        self.env.flush_all()
        self.env.invalidate_all()
        now = datetime.fromisoformat(f"{day} 03:00:00") + timedelta(days=1, hours=1)
        with freeze_time(now):
            before = self.cr.sql_log_count
            visits = self.env["crm.customer.visit"]._cron_rating_requests()
            self.env.flush_all()
            queries = self.cr.sql_log_count - before
        self.assertEqual(len(visits), count)
        return queries

    def test_job_queries_do_not_grow_with_visits(self):
        self._queries(1, "2024-04-01")  # warm the caches (templates, views, ir.model)
        few = self._queries(2, "2024-04-10")
        many = self._queries(8, "2024-04-20")
        self.assertEqual(many - few, 8 - 2, "only Odoo's rating create grows, by one a rating")
