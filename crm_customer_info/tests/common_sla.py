from datetime import datetime

from freezegun import freeze_time

from .common import CustomerInfoCase

# A Monday; the calendar below works 08:00-12:00 and 13:00-17:00 UTC on weekdays.
MONDAY = datetime(2026, 3, 2)


class SlaCase(CustomerInfoCase):
    """A UTC office calendar, a complaint policy (4 h response, 16 h resolution) and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.consultation = cls.env.ref("crm_customer_info.crm_customer_log_type_consultation")
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Office UTC", "tz": "UTC", "company_id": cls.company.id}
        )
        cls.company.crm_sla_warning_share = 80
        # the company's default policies would apply too: these tests set their own
        cls.env["crm.customer.sla.policy"].search([]).unlink()
        cls.policy = cls.env["crm.customer.sla.policy"].create(
            {
                "name": "Complaints",
                "type_ids": [(6, 0, cls.complaint.ids)],
                "response_hours": 4,
                "resolution_hours": 16,
                "calendar_id": cls.calendar.id,
            }
        )
        cls.cust = cls._customer("SLA Customer", user_id=cls.user.id)

    @classmethod
    def _log(cls, log_date, **values):
        """An entry logged as it happens (the clock at its log date)."""
        with freeze_time(log_date):
            return cls.env["crm.customer.log"].create(
                {
                    "partner_id": cls.cust.id,
                    "type_id": cls.complaint.id,
                    "subject": "Pump leaks",
                    "log_date": log_date,
                    "resolution": "Seal replaced",
                    **values,
                }
            )

    def _activities(self, logs, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.customer.log"),
                ("res_id", "in", logs.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )
