from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import Form, tagged
from odoo.tools import SQL

from ..models.crm_customer_classification import RUN_LOCK_KEY, CrmCustomerClassification
from .common_classification import TODAY, ClassificationCase


@tagged("post_install", "-at_install")
class TestClassificationLevels(ClassificationCase):
    """Applying levels: history lines, manual overrides and locks, runs and settings."""

    def _history(self, partner):
        return self.env["crm.customer.level.history"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)], order="id"
        )

    def _override(self, partners, **values):
        wizard = (
            self.env["crm.customer.level.override"]
            .with_user(self.manager)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create(values)
        )
        wizard.action_apply()
        return wizard

    def test_levels_applied_with_history(self):
        self._classify()
        self.assertEqual([p.level_id.code for p in self.customers], ["A", "A", "C", "D", "D"])
        # a contact gets its company's level
        self.assertEqual(self.acme_buyer.level_id, self.level_a)
        line = self._history(self.acme)
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.from_level_id, line.to_level_id, line.source, line.user_id),
            (self.env["crm.customer.level"], self.level_a, "auto", self.env.user),
        )
        self.assertTrue(line.explanation.startswith("A: revenue rank 2 of 3"))
        self.assertEqual(self.acme.classification_id, self._row(self.acme))
        # nothing changed: a second run writes no history
        self.assertEqual(self._classify()["changes"], 0)
        self.assertEqual(len(self._history(self.acme)), 1)
        # a setting change moves gamma from C to D
        self.company.crm_pareto_b_share = 95
        self.assertEqual(self._classify()["changes"], 1)
        self.assertEqual(self.gamma.level_id.code, "B")
        lines = self._history(self.gamma)
        self.assertEqual(lines.mapped("to_level_id.code"), ["C", "B"])
        self.assertEqual(lines[1].from_level_id.code, "C")

    def test_new_level_moves_the_next_visit_due_date(self):
        """A level set by the run brings its visit interval: A visits every 30 days."""
        self.acme.level_id = self.level_d  # 180 days
        self.env["crm.customer.visit"].create(
            {
                "partner_id": self.acme.id,
                "start": "2024-06-01 02:00:00",
                "state": "done",
                "check_in": "2024-06-01 02:00:00",
                "check_out": "2024-06-01 03:00:00",
            }
        )
        self.assertEqual(str(self.acme.next_visit_due_date), "2024-11-28")
        self._classify()
        self.assertEqual(self.acme.level_id, self.level_a)
        self.assertEqual(str(self.acme.next_visit_due_date), "2024-07-01")

    def test_manual_override_locks_the_level(self):
        self._classify()
        self._override(self.acme, level_id=self.level_c.id, reason="Strategic account")
        self.assertEqual(self.acme.level_id, self.level_c)
        self.assertTrue(self.acme.level_locked)
        row = self._row(self.acme)
        self.assertEqual((row.lock_reason, row.locked_by_id), ("Strategic account", self.manager))
        manual = self._history(self.acme)[-1]
        self.assertEqual(
            (manual.from_level_id, manual.to_level_id, manual.source, manual.locked),
            (self.level_a, self.level_c, "manual", True),
        )
        self.assertEqual(manual.explanation, "Locked: Strategic account")
        # the run keeps the locked level and still suggests A
        self._classify()
        self.assertEqual(self.acme.level_id, self.level_c)
        self.assertEqual(self._row(self.acme).suggested_level_id, self.level_a)
        self.assertEqual(len(self._history(self.acme)), 2)
        # unlocking is logged; the next run applies the suggestion again
        self._override(self.acme, mode="unlock", reason="Back to normal")
        self.assertFalse(self.acme.level_locked)
        unlock = self._history(self.acme)[-1]
        self.assertEqual((unlock.source, unlock.to_level_id), ("unlock", self.level_c))
        self._classify()
        self.assertEqual(self.acme.level_id, self.level_a)
        self.assertEqual(
            self._history(self.acme).mapped("source"), ["auto", "manual", "unlock", "auto"]
        )

    def test_override_of_an_unclassified_customer(self):
        self._override(self.delta, level_id=self.level_b.id, reason="Big promise")
        self.assertEqual(self.delta.classification_id.level_locked, True)
        self._classify()
        self.assertEqual(self.delta.level_id, self.level_b)
        with self.assertRaises(UserError):
            self._override(self.beta, mode="unlock", reason="Nothing to unlock")
        with self.assertRaises(UserError):
            self._override(self.beta, reason="No level given")

    def test_manual_edit_is_logged(self):
        # a reason or a skipped history line cannot be asked for in the context
        self.acme.with_context(
            crm_level_reason="Forged", crm_level_history_done=True
        ).level_id = self.level_b
        self.acme.level_id = self.level_b
        line = self._history(self.acme)
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.source, line.to_level_id, line.reason), ("manual", self.level_b, False)
        )
        self.acme_buyer.level_id = self.level_c
        self.assertEqual(len(self._history(self.acme_buyer)), 0)
        created = self._customer("Zeta", level_id=self.level_a.id)
        self.assertEqual(self._history(created).to_level_id, self.level_a)
        self.assertEqual(self._history(created).explanation, "Changed on the customer record.")

    def test_manual_method_keeps_levels(self):
        self.acme.level_id = self.level_b
        self.company.crm_classification_method = "manual"
        stats = self._classify()
        self.assertEqual(stats["changes"], 0)
        self.assertEqual(self.acme.level_id, self.level_b)
        row = self._row(self.acme)
        self.assertFalse(row.suggested_level_id)
        self.assertEqual(row.segment, "champions")
        self.assertEqual(row.explanation.splitlines()[0], "Levels are set by hand in this company.")

    def test_missing_level_code_keeps_the_level(self):
        self.level_d.active = False
        self._classify()
        self.assertFalse(self.delta.level_id)
        self.assertIn("There is no customer level with code D", self._row(self.delta).explanation)

    def test_selected_customers_only(self):
        with freeze_time("2024-07-01 12:00:00"):
            stats = self.acme_buyer.with_user(self.manager).action_crm_classify()
        self.assertEqual(stats["params"]["message"], "1 customers classified, 1 level changes.")
        self.assertTrue(self._row(self.acme))
        self.assertFalse(self._row(self.beta))
        # scores stay relative to every customer of the company
        self.assertEqual(self._row(self.acme).rfm_code, "454")

    def test_batches_give_the_same_result(self):
        self._classify(batch_size=2)
        by_batches = [(p.level_id.code, self._row(p).rfm_code) for p in self.customers]
        self.assertEqual(
            by_batches, [("A", "454"), ("A", "545"), ("C", "122"), ("D", False), ("D", "221")]
        )
        self.assertEqual(
            len(
                self.env["crm.customer.level.history"].search(
                    [("partner_id", "in", self.customers.ids)]
                )
            ),
            5,
        )

    def test_cron_commits_batches_and_releases_its_lock(self):
        with patch.object(self.env.cr, "commit") as commit:
            self.Classification._classify_company(
                self.company, today=TODAY, batch_size=2, commit=True
            )
        self.assertEqual(commit.call_count, 3)
        self.assertEqual(self.gamma.level_id.code, "C")
        self.assertTrue(self.company.crm_classification_last_run)
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", RUN_LOCK_KEY, self.company.id)
        )
        self.assertTrue(self.env.cr.fetchone()[0])

    def test_second_run_is_refused_while_one_runs(self):
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(SQL("SELECT pg_advisory_lock(%s, %s)", RUN_LOCK_KEY, self.company.id))
            try:
                with self.assertRaisesRegex(UserError, "being classified already"):
                    self._classify()
            finally:
                other.execute(
                    SQL("SELECT pg_advisory_unlock(%s, %s)", RUN_LOCK_KEY, self.company.id)
                )
        self.assertEqual(self._classify()["customers"], 5)

    def test_cron_runs_each_company_once_a_day_after_its_hour(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        self.company.crm_classification_hour = 2
        self.other_company.crm_classification_last_run = datetime(2024, 6, 30, 3, 0)
        calls = []

        def record(_model, company, **kwargs):
            calls.append((company, kwargs["today"]))
            company.crm_classification_last_run = datetime(2024, 6, 30, 19, 0)
            return {"customers": 0, "changes": 0}

        with patch.object(CrmCustomerClassification, "_classify_company", record):
            # 17:30 UTC is 01:30 in Shanghai: too early
            with patch("odoo.fields.Datetime.now", return_value=datetime(2024, 6, 30, 17, 30)):
                self.Classification._cron_classify()
            self.assertNotIn(self.company, [company for company, _day in calls])
            # 18:30 UTC is 02:30 on July 1st in Shanghai
            with patch("odoo.fields.Datetime.now", return_value=datetime(2024, 6, 30, 18, 30)):
                self.Classification._cron_classify()
                self.Classification._cron_classify()
        ours = [day for company, day in calls if company == self.company]
        self.assertEqual([str(day) for day in ours], ["2024-07-01"])
        self.assertNotIn(self.other_company, [company for company, _day in calls])

    def test_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.crm_classification_method = "rfm"
        settings.crm_rfm_min_score_a = 14
        settings.crm_credit_days_late_b = 20
        settings.save().execute()
        self.assertEqual(self.company.crm_rfm_min_score_a, 14)
        library = self.company._crm_classification_settings()
        self.assertEqual((library.method, library.rfm_levels), ("rfm", (14, 10, 7)))
        self.assertEqual(library.credit.days_late, (5, 20, 30))
        for field, value in (
            ("crm_pareto_a_share", 95),
            ("crm_rfm_min_score_c", 2),
            ("crm_credit_refund_ratio_a", 50),
            ("crm_churn_high_risk", 10),
            ("crm_classification_hour", 24),
            ("crm_classification_window_days", 0),
            ("crm_credit_grace_days", -1),
        ):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write({field: value})
