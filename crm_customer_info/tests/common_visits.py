from contextlib import contextmanager
from datetime import datetime

from .common import CustomerInfoCase

# Monday 2024-06-10, 10:00 in Shanghai (UTC+8, no daylight-saving time).
NOW = datetime(2024, 6, 10, 2, 0, 0)


class VisitCase(CustomerInfoCase):
    """Customers of levels A (30 days) and B (60 days) and a visit factory.

    Salespeople work in Shanghai time, so that visit days differ from UTC days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "crm_visit_calendar": True,
                "crm_visit_planning": "auto",
                "crm_visit_grace_hours": 24,
                "crm_visit_reminder_hours": 24,
            }
        )
        (cls.user | cls.user2 | cls.leader | cls.manager).write({"tz": "Asia/Shanghai"})
        cls.customer = cls._customer(
            "Huaxin Machinery",
            user_id=cls.user.id,
            level_id=cls.level_a.id,
            street="88 Century Avenue",
            city="Shanghai",
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Lei", "parent_id": cls.customer.id, "email": "lilei@huaxin.example"}
        )
        cls.customer2 = cls._customer(
            "Jinling Parts", user_id=cls.user2.id, level_id=cls.level_b.id
        )
        # Both became customers on 2024-01-01: the cadence counts from there.
        cls._set_created(cls.customer | cls.customer2, "2024-01-01")
        cls.routine = cls.env.ref("crm_customer_info.crm_customer_visit_purpose_routine")
        cls.collection = cls.env.ref("crm_customer_info.crm_customer_visit_purpose_collection")
        cls.visit_type = cls.env.ref("crm_customer_info.mail_activity_type_customer_visit")
        cls.overdue_type = cls.env.ref("crm_customer_info.mail_activity_type_visit_overdue")

    @classmethod
    def _set_created(cls, partners, day):
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s", (day, tuple(partners.ids))
        )
        partners.invalidate_recordset(["create_date"])
        cls.env["res.partner"]._crm_refresh_visit_dates(partners=partners)

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back the failed change) plus a check of the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def _visit(self, customer=None, start="2024-06-12 01:00:00", **values):
        customer = customer or self.customer
        return self.env["crm.customer.visit"].create(
            {"partner_id": customer.id, "start": start, "purpose_id": self.routine.id, **values}
        )

    def _done_visit(self, customer=None, day="2024-05-01", **values):
        """A visit done on ``day`` from 10:00 to 11:00 Shanghai time."""
        return self._visit(
            customer,
            start=f"{day} 02:00:00",
            state="done",
            check_in=f"{day} 02:00:00",
            check_out=f"{day} 03:00:00",
            outcome="<p>Fine.</p>",
            **values,
        )

    def _finish(self, visit, **values):
        """Close ``visit`` through the Done wizard, as its salesperson would."""
        wizard = (
            self.env["crm.customer.visit.done"]
            .with_context(default_visit_id=visit.id)
            .create({"outcome": "<p>Discussed the new order.</p>", "satisfaction": "4", **values})
        )
        wizard.action_confirm()
        return wizard

    def _overdue_activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.overdue_type.id),
            ]
        )
