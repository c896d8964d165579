from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..models.constants import COMPLAINT, OPEN_STATES

# The profile lists the documents of this many months before today.
PROFILE_MONTHS = 12
# and this many of the last done visits.
PROFILE_VISITS = 5


class ReportCustomerProfile(models.AbstractModel):
    """Values of the "Customer Profile" PDF (客户档案) of one or many customers.

    Everything is read for all printed customers at once and handed to the
    templates per customer id. A feature adding a section extends
    :meth:`_get_report_values` with its own key and inherits
    ``crm_customer_info.report_customer_profile_document`` to ``t-call`` its
    sub-template.
    """

    _name = "report.crm_customer_info.report_customer_profile"
    _description = "Customer Profile Report"

    @api.model
    def _get_report_values(self, docids, data=None):  # pylint: disable=unused-argument
        customers = self.env["res.partner"].browse(docids).commercial_partner_id
        since = fields.Date.context_today(self) - relativedelta(months=PROFILE_MONTHS)
        return {
            "subtitle": self.env._(
                "%(company)s; documents since %(day)s; amounts in %(currency)s",
                company=self.env.company.name,
                day=format_date(self.env, since),
                currency=self.env.company.currency_id.name,
            ),
            "doc_ids": customers.ids,
            "doc_model": "res.partner",
            "docs": customers,
            "since": since,
            "company": self.env.company,
            "currency": self.env.company.currency_id,
            "orders": self._profile_orders(customers, since),
            "invoices": self._profile_invoices(customers, since),
            "payments": self._profile_payments(customers, since),
            "classifications": self._profile_classifications(customers),
            "complaints": self._profile_complaints(customers),
            "visits": self._profile_visits(customers, since),
            "next_visits": self._profile_next_visits(customers),
        }

    @api.model
    def _service_domain(self, customers):
        """Records of ``customers`` (commercial partners) in the current company."""
        return [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id)]

    @api.model
    def _profile_classifications(self, customers):
        """The current company's classification of each customer (level reasons, credit
        rating), per customer id; customers not classified yet are missing."""
        rows = self.env["crm.customer.classification"].search(self._service_domain(customers))
        return {row.partner_id.id: row for row in rows}

    @api.model
    def _profile_complaints(self, customers):
        """Open complaints of the current company, per customer id, newest first."""
        complaints = self.env["crm.customer.log"].search(
            [
                *self._service_domain(customers),
                ("type_id.code", "=", COMPLAINT),
                ("state", "in", OPEN_STATES),
            ]
        )
        return complaints.grouped(lambda log: log.partner_id.id)

    @api.model
    def _profile_visits(self, customers, since):
        """The last ``PROFILE_VISITS`` visits done since ``since`` in the current company,
        per customer id, newest first."""
        visits = self.env["crm.customer.visit"].search(
            [
                *self._service_domain(customers),
                ("state", "=", "done"),
                ("check_in", ">=", fields.Datetime.to_datetime(since)),
            ],
            order="check_in desc, id desc",
        )
        result = defaultdict(lambda: self.env["crm.customer.visit"])
        for visit in visits:
            if len(result[visit.partner_id.id]) < PROFILE_VISITS:
                result[visit.partner_id.id] |= visit
        return result

    @api.model
    def _profile_next_visits(self, customers):
        """The next planned visit of each customer in the current company, per customer id."""
        visits = self.env["crm.customer.visit"].search(
            [
                *self._service_domain(customers),
                ("state", "=", "planned"),
                ("start", ">=", fields.Datetime.now()),
            ],
            order="start, id",
        )
        result = {}
        for visit in visits:
            result.setdefault(visit.partner_id.id, visit)
        return result

    @api.model
    def _profile_orders(self, customers, since):
        """Confirmed orders of the current company since ``since``, per customer id, newest first.

        Each entry holds the order and its untaxed amount in company currency.
        """
        orders = self.env["sale.order"].search(
            [
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "sale"),
                ("date_order", ">=", fields.Datetime.to_datetime(since)),
            ],
            order="date_order desc, id desc",
        )
        result = defaultdict(list)
        for order in orders:
            result[order.partner_id.commercial_partner_id.id].append(
                {"order": order, "amount": order.amount_untaxed / (order.currency_rate or 1.0)}
            )
        return result

    @api.model
    def _profile_invoices(self, customers, since):
        """Posted invoices and credit notes of the current company since ``since``, per customer."""
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("invoice_date", ">=", since),
            ],
            order="invoice_date desc, id desc",
        )
        return moves.grouped(lambda move: move.commercial_partner_id.id)

    @api.model
    def _profile_payments(self, customers, since):
        """Payments reconciled with the customers' invoices since ``since``, per customer.

        Only invoices the user may read count; the payment entries themselves
        are read as superuser, since salespeople have no access to them.
        """
        invoices = self.env["account.move"]._search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search(
                [
                    ("debit_move_id.move_id", "in", invoices),
                    ("max_date", ">=", since),
                    "|",
                    ("credit_move_id.payment_id", "!=", False),
                    ("credit_move_id.statement_line_id", "!=", False),
                ],
                order="max_date desc, id desc",
            )
        )
        result = defaultdict(list)
        for partial in partials:
            invoice = partial.debit_move_id.move_id
            result[invoice.commercial_partner_id.id].append(
                {
                    "date": partial.max_date,
                    "amount": partial.amount,
                    "invoice": invoice.name,
                    "reference": partial.credit_move_id.move_id.name,
                }
            )
        return result
