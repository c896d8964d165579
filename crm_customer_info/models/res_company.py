import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..customer_insight.churn import ChurnSettings
from ..customer_insight.classify import ClassificationSettings
from ..customer_insight.credit import CreditThresholds
from ..customer_insight.pareto import ParetoThresholds
from .integrity import MAX_LEAD_HOURS, check_range

_logger = logging.getLogger(__name__)

CUSTOMER_NUMBER_CODE = "crm.customer.number"
# Customers numbered with one sequence batch and one UPDATE.
NUMBER_BATCH_SIZE = 10_000
VISIT_NUMBER_CODE = "crm.customer.visit"
# Credit criteria in the order of the library's CreditThresholds; each has fields _a, _b, _c.
CREDIT_LIMIT_FIELDS = (
    "crm_credit_days_late",
    "crm_credit_overdue_share",
    "crm_credit_oldest_overdue",
    "crm_credit_refund_ratio",
    "crm_credit_limit_usage",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_properties_definition = fields.PropertiesDefinition(
        string="Customer Attributes",
        help="Extra fields this company records on its customers.",
    )
    crm_visit_calendar = fields.Boolean(
        string="Visits in the Calendar",
        default=True,
        help="Each planned visit gets a calendar event with the salesperson and the contact.",
    )
    crm_visit_planning = fields.Selection(
        [("auto", "Plan automatically"), ("suggest", "Only suggest")],
        string="Next Visit",
        default="auto",
        required=True,
        help="When a visit is done and no later one is planned: plan the next one on the "
        "date the customer's level asks for, or only propose that date.",
    )
    crm_visit_grace_hours = fields.Integer(
        string="Missed After (hours)",
        default=24,
        help="A planned visit without check-in becomes missed this many hours after its end.",
    )
    crm_visit_reminder_hours = fields.Integer(
        string="Visit Reminder (hours before)",
        default=24,
        help="The salesperson receives a reminder this many hours before a visit; "
        "0 sends none. Users can set their own lead time in their preferences.",
    )

    @api.constrains("crm_visit_grace_hours", "crm_visit_reminder_hours")
    def _check_crm_visit_hours(self):
        check_range(self, "crm_visit_grace_hours", 0, MAX_LEAD_HOURS)
        check_range(self, "crm_visit_reminder_hours", 0, MAX_LEAD_HOURS)

    def _crm_sequence(self, code, name, prefix, padding):
        """The company's own sequence for ``code``, created on first use.

        ``name`` is a function giving the new sequence's name.
        """
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", self.id)], limit=1)
        return sequence or Sequence.create(
            {
                "name": name(),
                "code": code,
                "prefix": prefix,
                "padding": padding,
                "company_id": self.id,
                "implementation": "standard",
            }
        )

    # Customer classification (see crm.customer.classification)
    crm_classification_method = fields.Selection(
        [("pareto", "Pareto (ABC) on revenue"), ("rfm", "RFM score"), ("manual", "Manual")],
        string="Level Method",
        default="pareto",
        required=True,
        help="Pareto: the customers making the first A % of revenue are A, up to B % are B, "
        "the rest C, without revenue D. RFM: the sum of the recency, frequency and monetary "
        "scores (3-15) against the minimum of each level. Manual: levels are set by hand; "
        "scores, credit rating and churn risk are still computed.",
    )
    crm_classification_window_days = fields.Integer(
        string="Analysis Window (days)",
        default=365,
        help="Purchases and revenue of the last days counted for frequency, monetary value, "
        "refunds and payment delays.",
    )
    crm_classification_basis = fields.Selection(
        [
            ("invoiced", "Invoiced, net of refunds"),
            ("ordered", "Ordered (confirmed orders)"),
        ],
        string="Revenue Basis",
        default="invoiced",
        required=True,
        help="Invoiced: posted customer invoices minus refunds, by invoice date. Ordered: "
        "confirmed sale orders, by order date. Amounts are untaxed, in company currency.",
    )
    crm_pareto_a_share = fields.Float(
        string="Class A up to (%)", default=70.0, help="Cumulative revenue share of class A."
    )
    crm_pareto_b_share = fields.Float(
        string="Class B up to (%)", default=90.0, help="Cumulative revenue share of class B."
    )
    crm_rfm_min_score_a = fields.Integer(string="RFM Minimum for A", default=13)
    crm_rfm_min_score_b = fields.Integer(string="RFM Minimum for B", default=10)
    crm_rfm_min_score_c = fields.Integer(string="RFM Minimum for C", default=7)
    crm_credit_days_late_a = fields.Integer(string="Days Late: A up to", default=5)
    crm_credit_days_late_b = fields.Integer(string="Days Late: B up to", default=15)
    crm_credit_days_late_c = fields.Integer(string="Days Late: C up to", default=30)
    crm_credit_overdue_share_a = fields.Integer(string="Overdue Share: A up to (%)", default=10)
    crm_credit_overdue_share_b = fields.Integer(string="Overdue Share: B up to (%)", default=25)
    crm_credit_overdue_share_c = fields.Integer(string="Overdue Share: C up to (%)", default=50)
    crm_credit_oldest_overdue_a = fields.Integer(
        string="Oldest Overdue: A up to (days)", default=15
    )
    crm_credit_oldest_overdue_b = fields.Integer(
        string="Oldest Overdue: B up to (days)", default=45
    )
    crm_credit_oldest_overdue_c = fields.Integer(
        string="Oldest Overdue: C up to (days)", default=90
    )
    crm_credit_refund_ratio_a = fields.Integer(string="Refunds: A up to (%)", default=5)
    crm_credit_refund_ratio_b = fields.Integer(string="Refunds: B up to (%)", default=10)
    crm_credit_refund_ratio_c = fields.Integer(string="Refunds: C up to (%)", default=20)
    crm_credit_limit_usage_a = fields.Integer(string="Credit Limit Usage: A up to (%)", default=80)
    crm_credit_limit_usage_b = fields.Integer(string="Credit Limit Usage: B up to (%)", default=100)
    crm_credit_limit_usage_c = fields.Integer(string="Credit Limit Usage: C up to (%)", default=120)
    crm_credit_grace_days = fields.Integer(
        string="Overdue Grace Period (days)",
        default=7,
        help="An unpaid amount counts as overdue for the credit rating this many days after "
        "its due date.",
    )
    crm_churn_medium_risk = fields.Integer(string="Medium Churn Risk from", default=30)
    crm_churn_high_risk = fields.Integer(string="High Churn Risk from", default=70)
    crm_churn_single_gap_days = fields.Integer(
        string="Expected Return of One-time Buyers (days)",
        default=90,
        help="The usual gap between purchases assumed for a customer that bought once.",
    )
    crm_new_customer_days = fields.Integer(
        string="New Customer Period (days)",
        default=90,
        help="A customer is new during these days after its first purchase.",
    )
    crm_classification_hour = fields.Integer(
        string="Nightly Run Hour",
        default=2,
        help="Hour of the day (0-23, in the time zone of the company's address) after which "
        "the nightly classification runs.",
    )
    crm_classification_last_run = fields.Datetime(
        string="Last Classification", readonly=True, copy=False
    )

    @api.constrains(
        "crm_classification_window_days",
        "crm_pareto_a_share",
        "crm_pareto_b_share",
        "crm_rfm_min_score_a",
        "crm_rfm_min_score_b",
        "crm_rfm_min_score_c",
        "crm_credit_grace_days",
        "crm_churn_medium_risk",
        "crm_churn_high_risk",
        "crm_churn_single_gap_days",
        "crm_new_customer_days",
        "crm_classification_hour",
        *(f"{prefix}_{grade}" for prefix in CREDIT_LIMIT_FIELDS for grade in "abc"),
    )
    def _check_crm_classification_settings(self):
        for company in self:
            company._check_crm_classification_values()

    def _check_crm_classification_values(self):
        """Raise a ValidationError naming the first inconsistent classification setting."""
        if self.crm_classification_window_days < 1:
            raise ValidationError(self.env._("The analysis window must be at least one day."))
        if not 0 < self.crm_pareto_a_share <= self.crm_pareto_b_share <= 100:
            raise ValidationError(
                self.env._("Pareto limits must satisfy 0 < class A ≤ class B ≤ 100 (percent).")
            )
        if (
            not (
                15
                >= self.crm_rfm_min_score_a
                >= self.crm_rfm_min_score_b
                >= self.crm_rfm_min_score_c
            )
            or self.crm_rfm_min_score_c < 3
        ):
            raise ValidationError(
                self.env._("RFM minimums must satisfy 15 ≥ level A ≥ level B ≥ level C ≥ 3.")
            )
        for prefix in CREDIT_LIMIT_FIELDS:
            a, b, c = (self[f"{prefix}_{grade}"] for grade in "abc")
            if not 0 <= a <= b <= c:
                label = self._fields[prefix + "_a"].get_description(self.env)["string"]
                raise ValidationError(
                    self.env._(
                        "Credit limits for “%(criterion)s” must satisfy 0 ≤ A ≤ B ≤ C.",
                        criterion=label,
                    )
                )
        if not 0 < self.crm_churn_medium_risk <= self.crm_churn_high_risk <= 100:
            raise ValidationError(
                self.env._("Churn risk bands must satisfy 0 < medium ≤ high ≤ 100.")
            )
        if self.crm_churn_single_gap_days < 1 or self.crm_new_customer_days < 0:
            raise ValidationError(
                self.env._("The expected return and the new customer period cannot be negative.")
            )
        if self.crm_credit_grace_days < 0:
            raise ValidationError(self.env._("The overdue grace period cannot be negative."))
        if not 0 <= self.crm_classification_hour <= 23:
            raise ValidationError(self.env._("The nightly run hour must be between 0 and 23."))

    def _crm_classification_settings(self):
        """The company's settings as the library's ``ClassificationSettings``."""
        self.ensure_one()
        return ClassificationSettings(
            method=self.crm_classification_method,
            window_days=self.crm_classification_window_days,
            basis=self.crm_classification_basis,
            pareto=ParetoThresholds(self.crm_pareto_a_share, self.crm_pareto_b_share),
            rfm_levels=(
                self.crm_rfm_min_score_a,
                self.crm_rfm_min_score_b,
                self.crm_rfm_min_score_c,
            ),
            credit=CreditThresholds(
                *(
                    tuple(self[f"{prefix}_{grade}"] for grade in "abc")
                    for prefix in CREDIT_LIMIT_FIELDS
                )
            ),
            churn=ChurnSettings(
                medium=self.crm_churn_medium_risk,
                high=self.crm_churn_high_risk,
                single_purchase_gap=self.crm_churn_single_gap_days,
            ),
            new_days=self.crm_new_customer_days,
        )

    def _crm_customer_number_sequence(self):
        """The company's customer number sequence, created on first use."""
        return self._crm_sequence(
            CUSTOMER_NUMBER_CODE, lambda: self.env._("Customer Number (%s)", self.name), "C", 6
        )

    def _crm_visit_sequence(self):
        """The company's visit number sequence (V2024-00001), created on first use."""
        return self._crm_sequence(
            VISIT_NUMBER_CODE, lambda: self.env._("Customer Visit (%s)", self.name), "V%(year)s-", 5
        )

    def _crm_first_documents_query(self):
        """SQL: the commercial partners with a confirmed sale order or a posted customer
        invoice or credit note in a company of ``self`` and no customer number there.

        Rows ``(company_id, partner_id)`` in numbering order: by company, then by
        the day of the customer's first such document (an order's day in the
        company's reporting time zone, an invoice's date), then by partner id.
        """
        return SQL(
            """
            SELECT doc.company_id, doc.partner_id
              FROM (
                    SELECT so.company_id, p.commercial_partner_id AS partner_id,
                           timezone(COALESCE(cp.tz, 'UTC'), timezone('UTC', so.date_order))::date
                               AS day
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                      JOIN res_company c ON c.id = so.company_id
                      JOIN res_partner cp ON cp.id = c.partner_id
                     WHERE so.state = 'sale' AND so.company_id = ANY(%(companies)s)
                    UNION ALL
                    SELECT am.company_id, am.commercial_partner_id, am.invoice_date
                      FROM account_move am
                     WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
                       AND am.company_id = ANY(%(companies)s)
                   ) AS doc
              JOIN res_partner customer ON customer.id = doc.partner_id
             WHERE NOT COALESCE(customer.customer_number ? doc.company_id::text, FALSE)
             GROUP BY doc.company_id, doc.partner_id
             ORDER BY doc.company_id, min(doc.day), doc.partner_id
            """,
            companies=self.ids,
        )

    def _crm_number_existing_customers(self):
        """Number the customers that bought before the addon numbered them, oldest first.

        See :meth:`_crm_first_documents_query`; numbers come from each
        company's sequence, as for new customers. Returns ``{company: count}``.
        """
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(self._crm_first_documents_query())
        by_company = {}
        for company_id, partner_id in cr.fetchall():
            by_company.setdefault(company_id, []).append(partner_id)
        partners = self.env["res.partner"].sudo()
        for company_id, partner_ids in by_company.items():
            company = self.browse(company_id)
            for start in range(0, len(partner_ids), NUMBER_BATCH_SIZE):
                partners._crm_write_customer_numbers(
                    company, partner_ids[start : start + NUMBER_BATCH_SIZE]
                )
        partners.invalidate_model(["customer_number", "write_date", "write_uid"])
        return {company: len(by_company.get(company.id, ())) for company in self}

    def _crm_adopt_history(self):
        """Make the customers of a database with history customers of the addon.

        Run at install (``post_init_hook``) and by managers from the settings:
        number the customers that have none (:meth:`_crm_number_existing_customers`),
        then classify every customer of each company as the nightly run does, so
        that levels, segments, credit ratings and visit due dates exist at once.
        Returns ``{company: {"numbered": n, "classified": n, "changes": n}}``.
        """
        numbered = self._crm_number_existing_customers()
        classification = self.env["crm.customer.classification"].sudo()
        stats = {}
        for company in self:
            run = classification._classify_company(company)
            stats[company] = {
                "numbered": numbered[company],
                "classified": run["customers"],
                "changes": run["changes"],
            }
            _logger.info(
                "Customers of %s: %s numbered from their sale and invoice history, "
                "%s classified (%s level changes).",
                company.name,
                numbered[company],
                run["customers"],
                run["changes"],
            )
        return stats
