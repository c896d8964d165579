from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import formatLang


class CrmCustomerClassification(models.Model):
    """The customer's own ratings in the classification's explanation."""

    _inherit = "crm.customer.classification"  # pylint: disable=consider-merging-classes-inherited

    @api.depends_context("lang")
    @api.depends("reasons", "currency_id")
    def _compute_explanation(self):
        result = super()._compute_explanation()
        ratings = self._crm_customer_ratings()
        for row in self:
            count, points = ratings.get((row.partner_id.id, row.company_id.id), (0, 0))
            if count:
                row.explanation += "\n" + self.env._(
                    "Customer ratings: %(average)s out of 5 on average over %(count)s rated log "
                    "entries and visits in the window.",
                    average=formatLang(self.env, points / count, digits=1),
                    count=count,
                )
        return result

    def _crm_customer_ratings(self):
        """``{(customer id, company id): (ratings, points)}`` of the customers' own ratings of
        their log entries (by log date) and done visits (by check-in) in the window: two
        grouped reads whatever the number of rows."""
        rows = self.filtered("partner_id")
        if not rows:
            return {}
        today = fields.Datetime.now()
        start = min(
            (row.computed_at or today) - timedelta(days=row.window_days or 365) for row in rows
        )
        totals = defaultdict(lambda: [0, 0])
        for model, date_field in (
            ("crm.customer.log", "log_date"),
            ("crm.customer.visit", "check_in"),
        ):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", rows.partner_id.ids),
                        ("company_id", "in", rows.company_id.ids),
                        ("customer_satisfaction", "in", ["1", "2", "3", "4", "5"]),
                        (date_field, ">=", start),
                    ],
                    ["partner_id", "company_id", "customer_satisfaction"],
                    ["__count"],
                )
            )
            for partner, company, score, count in groups:
                total = totals[partner.id, company.id]
                total[0] += count
                total[1] += count * int(score)
        return {key: tuple(value) for key, value in totals.items()}
