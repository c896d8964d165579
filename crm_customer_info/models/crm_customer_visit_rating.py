from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

from .crm_customer_rating_mixin import RATING_SERVER_FIELDS
from .crm_customer_visit import SERVER_FIELDS

SERVER_FIELDS.update(RATING_SERVER_FIELDS)
VISIT_RATING_TEMPLATE = "crm_customer_info.mail_template_visit_rating_request"
VISIT_RATING_CRON = "crm_customer_info.ir_cron_crm_customer_visit_rating"
# Visits checked out longer ago than the delay plus this are never asked (e.g. when the
# setting is switched on in a database full of old visits).
RATING_WINDOW_DAYS = 7
RATING_BATCH = 500


class CrmCustomerVisit(models.Model):
    """Rating requests of done visits: the daily job e-mails them a set delay after check-out."""

    _name = "crm.customer.visit"
    _inherit = ["crm.customer.rating.mixin", "crm.customer.visit"]

    @api.model
    def _crm_rating_due_domain(self, now):
        """Done visits of the companies that ask for ratings, due and not asked yet."""
        companies = self.env["res.company"].search([("crm_rating_visits", "=", True)])
        if not companies:
            return expression.FALSE_DOMAIN
        per_company = [
            [
                ("company_id", "=", company.id),
                ("check_out", "<=", now - timedelta(days=company.crm_rating_visit_days)),
                (
                    "check_out",
                    ">",
                    now - timedelta(days=company.crm_rating_visit_days + RATING_WINDOW_DAYS),
                ),
            ]
            for company in companies
        ]
        return expression.AND(
            [
                [("state", "=", "done"), ("rating_request_sent", "=", False)],
                expression.OR(per_company),
                # the contact person rates, else the customer: one of them has an address
                [
                    "|",
                    "&",
                    ("contact_id", "!=", False),
                    ("contact_id.email", "!=", False),
                    "&",
                    ("contact_id", "=", False),
                    ("partner_id.email", "!=", False),
                ],
            ]
        )

    @api.model
    def _cron_rating_requests(self, batch_size=RATING_BATCH):
        """Daily: rating requests for the visits done the set number of days ago.

        A batch of visits per run, each asked once (``rating_request_sent``); a full
        batch triggers the job again for the rest.
        """
        visits = self.search(
            self._crm_rating_due_domain(fields.Datetime.now()),
            order="check_out, id",
            limit=batch_size,
        )
        visits._crm_rating_send(VISIT_RATING_TEMPLATE)
        if len(visits) == batch_size:
            self.env.ref(VISIT_RATING_CRON)._trigger()
        return visits
