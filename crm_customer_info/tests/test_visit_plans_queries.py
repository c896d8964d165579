from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from odoo.addons.crm_customer_info.models import crm_customer_visit_plan as plan_module

from .common_visit_plans import VisitPlanCase
from .common_visits import NOW


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestVisitPlansQueries(VisitPlanCase):
    """The daily job reads in batches and creates every missing visit in one ``create``:
    its own queries do not grow with the plans. (Creating a visit costs the visit model's
    own queries per visit, its activity and calendar event: measured apart.)"""

    def _job_queries(self, count):
        """(job queries outside the visits' ``create``, ``create`` calls) for ``count`` plans."""
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
        Visit = type(self.env["crm.customer.visit"])
        original = Visit.create
        in_create = []

        def counted_create(model, vals_list):
            before = model.env.cr.sql_log_count
            visits = original(model, vals_list)
            model.env.flush_all()
            in_create.append(model.env.cr.sql_log_count - before)
            return visits

        before = self.env.cr.sql_log_count
        with patch.object(Visit, "create", counted_create):
            self.env["crm.customer.visit.plan"]._cron_generate_visits()
            self.env.flush_all()
        total = self.env.cr.sql_log_count - before
        self.assertEqual(len(plans.visit_ids), 8 * count)
        return total - sum(in_create), len(in_create)

    def test_job_queries_do_not_grow_with_the_plans(self):
        self._job_queries(1)  # warm the caches
        two, two_calls = self._job_queries(2)
        ten, ten_calls = self._job_queries(10)
        self.assertEqual((two_calls, ten_calls), (1, 1), "one create for all the visits")
        self.assertEqual(ten, two, f"{two} queries for 2 plans, {ten} for 10")

    def test_job_in_batches_plans_every_plan_once(self):
        """The job creates the visits of JOB_BATCH_PLANS plans at a time: same result."""
        customers = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "is_company": True, "user_id": self.user.id} for i in range(5)]
        )
        plans = self.env["crm.customer.visit.plan"].create(
            [{"partner_id": c.id, "active": False, "date_start": "2024-06-01"} for c in customers]
        )
        self.env.cr.execute(
            "UPDATE crm_customer_visit_plan SET active = TRUE WHERE id IN %s", [tuple(plans.ids)]
        )
        self.env.invalidate_all()
        with patch.object(plan_module, "JOB_BATCH_PLANS", 2):
            visits = self.env["crm.customer.visit.plan"]._cron_generate_visits()
            self.assertEqual(len(visits), 8 * 5)
            self.assertEqual(visits, plans.visit_ids)
            self.assertFalse(self.env["crm.customer.visit.plan"]._cron_generate_visits())
