import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import groupby

from ..customer_insight.performance import month_start, shift_month
from ..customer_insight.xlsx import Column, Labels, LineChart, monthly_series, write_workbook
from ..customer_insight.xlsx import currency_format as excel_currency_format

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Customer exports show the orders of this many months before today.
CUSTOMER_ORDER_MONTHS = 12


class CrmCustomerExport(models.TransientModel):
    """Workbook and PDF exports of salesperson performance, and workbooks of customers."""

    _name = "crm.customer.export"
    _description = "Customer Reporting Export"

    report = fields.Selection(
        [("performance", "Salesperson Performance"), ("customers", "Customers")],
        required=True,
        default="performance",
    )
    date_from = fields.Date(
        string="From",
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        help="First month of the period; the day is ignored.",
    )
    date_to = fields.Date(
        string="To",
        default=fields.Date.context_today,
        help="Last month of the period; the day is ignored.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain=[("share", "=", False)],
        help="Leave empty for every salesperson whose figures you may see.",
    )
    team_ids = fields.Many2many("crm.team", string="Sales Teams")
    partner_ids = fields.Many2many("res.partner", string="Customers")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for export in self.filtered(lambda e: e.report == "performance"):
            if not export.date_from or not export.date_to:
                raise ValidationError(self.env._("Choose the first and the last month."))
            if export.date_from > export.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    @api.model
    def _open_action(self, values):
        """Window action of a new export form with ``values``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export Salesperson Performance"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{key}": value for key, value in values.items()},
        }

    @api.model
    def action_export_customers(self, customers):
        """Download the workbook of ``customers`` (the customer list's Action menu)."""
        if not customers:
            raise UserError(self.env._("Select the customers to export."))
        return self.create(
            {"report": "customers", "partner_ids": [fields.Command.set(customers.ids)]}
        ).action_export_workbook()

    def action_export_workbook(self):
        """Download the workbook through the export controller."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_customer_info/workbook/{self.id}",
            "target": "download",
        }

    def action_print_performance(self):
        """Print the salesperson monthly performance PDF for the period."""
        self.ensure_one()
        return self.env.ref(
            "crm_customer_info.action_report_salesperson_performance"
        ).report_action(self.user_ids, data=self._performance_data())

    def _performance_data(self):
        return {
            "date_from": fields.Date.to_string(month_start(self.date_from)),
            "date_to": fields.Date.to_string(month_start(self.date_to)),
            "user_ids": self.user_ids.ids,
            "team_ids": self.team_ids.ids,
        }

    # ------------------------------------------------------------------
    # Workbooks
    # ------------------------------------------------------------------

    def _workbook(self):
        """Return ``(file name, xlsx bytes)`` of this export."""
        self.ensure_one()
        output = io.BytesIO()
        if self.report == "customers":
            name = self._write_customer_workbook(output)
        else:
            name = self._write_performance_workbook(output)
        return name, output.getvalue()

    def _labels(self):
        return Labels(
            summary=self.env._("Summary"),
            total=self.env._("Total"),
            no_group=self.env._("No Salesperson"),
        )

    def _currency_format(self):
        currency = self.env.company.currency_id
        return excel_currency_format(currency.symbol, currency.position, currency.decimal_places)

    def _order_chart(self, rows, value_key):
        """Line chart of the monthly order amount (``value_key`` of ``rows``) per salesperson."""
        months, series = monthly_series(
            rows, series_key="salesperson", month_key="month", value_key=value_key
        )
        order_amount = self._field_title("crm.customer.performance.report", "order_amount")
        return LineChart(
            title=self.env._("Monthly %(measure)s per Salesperson", measure=order_amount),
            categories=months,
            series=series,
            category_title=self.env._("Month"),
            value_title=order_amount,
        )

    def _field_title(self, model, fname):
        return self.env[model]._fields[fname]._description_string(self.env)

    def _write_performance_workbook(self, output):
        report = "crm.customer.performance.report"
        data = self._performance_data()
        rows = self.env[report]._performance_rows(data, self._labels().no_group)
        specs = self.env[report]._measure_specs()
        ratios = self.env[report]._ratio_measures()
        columns = [
            Column("month", self.env._("Month"), "date", num_format="yyyy-mm"),
            Column("company", self._field_title(report, "company_id")),
            Column("team", self._field_title(report, "team_id")),
            *(
                Column(fname, self._field_title(report, fname), kind, ratio=ratios.get(fname))
                for fname, kind in specs
            ),
        ]
        write_workbook(
            output,
            columns,
            (
                (group[0]["salesperson"], group)
                for _user, group in groupby(rows, key=lambda r: r["user_key"])
            ),
            title=self.env._("Salesperson Performance"),
            group_title=self._field_title(report, "user_id"),
            subtitle=self._subtitle(),
            chart=self._order_chart(rows, "order_amount"),
            currency=self._currency_format(),
            labels=self._labels(),
        )
        return "salesperson_performance_{}_{}.xlsx".format(
            self.date_from.strftime("%Y-%m"), self.date_to.strftime("%Y-%m")
        )

    def _subtitle(self):
        lines = [
            self.env._(
                "Period: %(start)s – %(end)s",
                start=self.date_from.strftime("%Y-%m"),
                end=self.date_to.strftime("%Y-%m"),
            ),
            self.env._(
                "Companies: %(companies)s; amounts in %(currency)s",
                companies=", ".join(self.env.companies.mapped("name")),
                currency=self.env.company.currency_id.name,
            ),
        ]
        if self.user_ids:
            lines.append(
                self.env._("Salespeople: %(names)s", names=", ".join(self.user_ids.mapped("name")))
            )
        if self.team_ids:
            lines.append(
                self.env._("Sales teams: %(names)s", names=", ".join(self.team_ids.mapped("name")))
            )
        return lines

    def _customer_order_figures(self, customers):
        """Order count, amount and last order date per customer, and order amount per
        salesperson and month, from Sales analysis in three grouped reads."""
        since = shift_month(month_start(fields.Date.context_today(self)), 1 - CUSTOMER_ORDER_MONTHS)
        base = [("commercial_partner_id", "in", customers.ids), ("state", "=", "sale")]
        recent = [*base, ("date", ">=", fields.Datetime.to_datetime(since))]
        SaleReport = self.env["sale.report"]
        figures = {
            partner.id: (count, amount)
            for partner, count, amount in SaleReport._read_group(
                recent,
                ["commercial_partner_id"],
                ["order_reference:count_distinct", "price_subtotal:sum"],
            )
        }
        last_dates = {
            partner.id: last
            for partner, last in SaleReport._read_group(
                base, ["commercial_partner_id"], ["date:max"]
            )
        }
        monthly = [
            {"salesperson": user.name or self._labels().no_group, "month": month, "amount": amount}
            for user, month, amount in SaleReport._read_group(
                recent, ["user_id", "date:month"], ["price_subtotal:sum"]
            )
        ]
        return figures, last_dates, monthly

    def _write_customer_workbook(self, output):
        customers = self.partner_ids.sorted(
            lambda p: (not p.user_id, p.user_id.name or "", p.user_id.id, p.name or "", p.id)
        )
        figures, last_dates, monthly = self._customer_order_figures(customers)
        partner = "res.partner"
        columns = [
            Column("number", self._field_title(partner, "customer_number"), width=12),
            Column("name", self.env._("Customer"), width=32),
            Column("level", self._field_title(partner, "level_id"), width=16),
            Column("region", self._field_title(partner, "region_id")),
            Column("industry", self._field_title(partner, "industry_id")),
            Column("source", self._field_title(partner, "source_id"), width=16),
            Column("team", self._field_title(partner, "team_id"), width=16),
            Column("phone", self._field_title(partner, "phone"), width=18),
            Column("email", self._field_title(partner, "email"), width=28),
            Column("city", self._field_title(partner, "city"), width=14),
            Column("order_count", self.env._("Orders (12 Months)"), "int"),
            Column("order_amount", self.env._("Order Amount (12 Months)"), "currency"),
            Column("last_order", self.env._("Last Order"), "date"),
        ]
        no_salesperson = self._labels().no_group

        def rows(group):
            for customer in group:
                count, amount = figures.get(customer.id, (0, 0.0))
                last = last_dates.get(customer.id)
                yield {
                    "number": customer.customer_number,
                    "name": customer.name,
                    "level": customer.level_id.name,
                    "region": customer.region_id.display_name,
                    "industry": customer.industry_id.name,
                    "source": customer.source_id.name,
                    "team": customer.team_id.name,
                    "phone": customer.phone,
                    "email": customer.email,
                    "city": customer.city,
                    "order_count": count,
                    "order_amount": amount,
                    "last_order": fields.Datetime.context_timestamp(self, last).date()
                    if last
                    else None,
                }

        write_workbook(
            output,
            columns,
            (
                (user.name or no_salesperson, rows(group))
                for user, group in groupby(customers, key=lambda p: p.user_id)
            ),
            title=self.env._("Customers"),
            group_title=self._field_title(partner, "user_id"),
            subtitle=[
                self.env._(
                    "%(count)s customers; orders of the last %(months)s months in %(currency)s",
                    count=len(customers),
                    months=CUSTOMER_ORDER_MONTHS,
                    currency=self.env.company.currency_id.name,
                ),
                self.env._("Exported on %(day)s", day=fields.Date.context_today(self).isoformat()),
            ],
            total_keys=["order_count", "order_amount"],
            chart=self._order_chart(monthly, "amount"),
            currency=self._currency_format(),
            labels=self._labels(),
        )
        return f"customers_{fields.Date.context_today(self):%Y-%m-%d}.xlsx"
