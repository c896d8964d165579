from odoo.tests import freeze_time, tagged

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlansQueries(VisitPlanCase):
    """The daily job reads and creates in batches: its queries do not grow with the plans."""

    def _job_queries(self, count):
        """Queries of the daily job planning 8 weeks of ``count`` new plans."""
        customers = self.env["res.partner"].create(
            [
                {"name": f"Fleet {count}-{i}", "is_company": True, "user_id": self.user.id}
                for i in range(count)
            ]
        )
        plans = self.env["crm.customer.visit.plan"].create(
            [{"partner_id": c.id, "active": False, "date_start": "2024-06-01"} for c in customers]
        )
        # switched on behind the ORM's back: the job, not the plan's write, plans them
        self.env.cr.execute(
            "UPDATE crm_customer_visit_plan SET active = TRUE WHERE id IN %s", [tuple(plans.ids)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["crm.customer.visit.plan"]._cron_generate_visits()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(plans.visit_ids), 8 * count)
        return queries

    def test_job_queries_do_not_grow_with_the_plans(self):
        self._job_queries(1)  # warm the caches
        two = self._job_queries(2)
        ten = self._job_queries(10)
        self.assertEqual(ten, two, f"{two} queries for 2 plans, {ten} for 10")
