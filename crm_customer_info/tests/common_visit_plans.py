from odoo.addons.crm_customer_info.models.integrity import server_write

from .common_visits import VisitCase


class VisitPlanCase(VisitCase):
    """Visit plans of ``customer`` (salesperson ``user``, Shanghai time)."""

    def _plan(self, customer=None, **values):
        customer = customer or self.customer
        return self.env["crm.customer.visit.plan"].create(
            {
                "partner_id": customer.id,
                "rule_type": "weekly",
                "weekday": "0",
                "planned_hour": 9.0,
                "purpose_id": self.routine.id,
                "date_start": "2024-06-01",
                **values,
            }
        )

    def _days(self, visits):
        """The plan days of ``visits``, in order, as ISO strings."""
        return sorted(str(day) for day in visits.mapped("plan_date"))

    def _workflow(self, visit, **values):
        """Change a visit as its buttons and wizards do."""
        with server_write("crm.customer.visit"):
            visit.write(values)
