from .common_logs import LogCase

LOG_TEMPLATE = "crm_customer_info.mail_template_log_rating_request"
VISIT_TEMPLATE = "crm_customer_info.mail_template_visit_rating_request"
LOW_RATING_TYPE = "crm_customer_info.mail_activity_type_low_rating"


class RatingMixinCase:
    """Helpers shared by the log entry and visit rating tests."""

    def _request_mails(self, records):
        return self.env["mail.mail"].search(
            [("model", "=", records._name), ("res_id", "in", records.ids)]
        )

    def _pending_rating(self, record):
        return self.env["rating.rating"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("consumed", "=", False)]
        )

    def _low_rating_activities(self, records):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", self.env.ref(LOW_RATING_TYPE).id),
            ]
        )

    def _performance(self, user):
        """Satisfaction figures of ``user`` in the report, summed over every month."""
        self.env.flush_all()
        report = self.env["crm.customer.performance.report"]
        fnames = ("satisfaction_sum", "satisfaction_count", "satisfaction_customer_count")
        [sums] = report._read_group(
            [("user_id", "=", user.id)], [], [f"{fname}:sum" for fname in fnames]
        )
        return dict(zip(fnames, sums, strict=True))


class LogRatingCase(LogCase, RatingMixinCase):
    """Complaints and consultations that ask for a rating; a contact person with an address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.complaint | cls.consultation).rating_request = True
        cls.contact_person = cls.env["res.partner"].create(
            {"name": "Han Meimei", "parent_id": cls.cust.id, "email": "han@north.example"}
        )

    def _rated_log(self, log_type=None, **values):
        return self._log(
            log_type or self.complaint,
            contact_id=self.contact_person.id,
            team_id=self.team_north.id,
            user_id=self.user.id,
            resolution="<p>Replaced the filter.</p>",
            **values,
        )
