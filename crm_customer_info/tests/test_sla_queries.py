from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase


@tagged("post_install", "-at_install")
class TestSlaQueries(SlaCase):
    """The SLA job costs the same number of queries for 5 or 50 open entries."""

    def _queries(self, now):
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(now):
            before = self.cr.sql_log_count
            self.env["crm.customer.sla.status"]._cron_sla()
            self.env.flush_all()
            return self.cr.sql_log_count - before

    def _logs(self, count, log_date):
        with freeze_time(log_date):
            return self.env["crm.customer.log"].create(
                [
                    {
                        "partner_id": self.cust.id,
                        "type_id": self.complaint.id,
                        "subject": f"Entry {index}",
                        "log_date": log_date,
                    }
                    for index in range(count)
                ]
            )

    def test_job_queries_do_not_grow_with_open_entries(self):
        self._logs(5, MONDAY.replace(hour=8))
        few = self._queries(MONDAY.replace(hour=9))
        self._logs(45, MONDAY.replace(hour=8))
        many = self._queries(MONDAY.replace(hour=9))
        self.assertEqual(few, many)

    def test_job_queries_do_not_grow_with_warnings(self):
        """Entries turning at risk: statuses and activities are written in batches."""
        start = MONDAY.replace(hour=8)
        self._logs(3, start)
        few = self._queries(start + timedelta(hours=3, minutes=30))
        self._queries(start + timedelta(hours=4, minutes=30))  # their breaches, done with
        self._logs(12, start + timedelta(days=1))
        many = self._queries(start + timedelta(days=1, hours=3, minutes=30))
        self.assertLessEqual(many, few + 2)
