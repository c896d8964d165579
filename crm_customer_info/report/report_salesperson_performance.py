from collections import defaultdict

from odoo import api, fields, models

from ..customer_insight.performance import (
    month_on_month,
    month_range,
    month_start,
    ratio,
    shift_month,
)

# Months side by side in the month-by-month tables of a page.
MONTHS_PER_TABLE = 6


class ReportSalespersonPerformance(models.AbstractModel):
    """Values of the "Salesperson Monthly Performance" PDF: one page per salesperson."""

    _name = "report.crm_customer_info.report_salesperson_performance"
    _description = "Salesperson Monthly Performance Report"

    @api.model
    def _period(self, data):
        """First and last month to print: ``data``'s period, else last month."""
        last_month = shift_month(month_start(fields.Date.context_today(self)), -1)
        last = fields.Date.to_date(data.get("date_to")) or last_month
        first = fields.Date.to_date(data.get("date_from")) or last
        return month_start(first), month_start(last)

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        first, last = self._period(data)
        months = month_range(first, last)
        Report = self.env["crm.customer.performance.report"]
        specs = Report._measure_specs()
        ratios = Report._ratio_measures()
        fnames = Report._stored_measures([fname for fname, _kind in specs])
        user_ids = data.get("user_ids") or list(docids or [])
        domain = Report._performance_domain(
            {
                # the month before the period gives the first month its change
                "date_from": shift_month(first, -1),
                "date_to": last,
                "user_ids": user_ids,
                "team_ids": data.get("team_ids") or [],
            }
        )
        values = defaultdict(lambda: defaultdict(dict))
        found = self.env["res.users"]
        for user, month, *sums in Report._read_group(
            domain, ["user_id", "date:month"], [f"{fname}:sum" for fname in fnames]
        ):
            found |= user
            for fname, value in zip(fnames, sums, strict=True):
                values[user.id][fname][month] = value
        users = self.env["res.users"].browse(user_ids) if user_ids else found
        people = [(user, user.name) for user in users.sorted("name")]
        if not user_ids and False in values:
            people.append((self.env["res.users"], self.env._("No Salesperson")))
        pages = []
        for user, name in people:
            sums = values[user.id or False]
            measures = []
            for fname, kind in specs:
                if fname in ratios:
                    numerator, denominator = (sums[part] for part in ratios[fname])
                    by_month = {
                        month: ratio(numerator.get(month), denominator.get(month))
                        for month in [shift_month(first, -1), *months]
                    }
                    changes = month_on_month(by_month, months, missing=None)
                else:
                    changes = month_on_month(sums[fname], months)
                measures.append(
                    {
                        "label": Report._fields[fname]._description_string(self.env),
                        "kind": kind,
                        "by_month": {change.month: change for change in changes},
                        "latest": changes[-1],
                        # the relative change of a rate says little: its difference is shown
                        "relative": kind != "percent",
                    }
                )
            pages.append({"user": user, "name": name, "measures": measures})
        previous = shift_month(last, -1)
        return {
            "subtitle": self.env._(
                "Period: %(start)s – %(end)s; companies: %(companies)s; amounts in %(currency)s",
                start=first.strftime("%Y-%m"),
                end=last.strftime("%Y-%m"),
                companies=", ".join(self.env.companies.mapped("name")),
                currency=self.env.company.currency_id.name,
            ),
            "comparison": self.env._(
                "%(month)s compared with %(previous)s",
                month=last.strftime("%Y-%m"),
                previous=previous.strftime("%Y-%m"),
            ),
            "doc_ids": users.ids,
            "doc_model": "res.users",
            "docs": users,
            "pages": pages,
            "months": months,
            "month_tables": [
                months[start : start + MONTHS_PER_TABLE]
                for start in range(0, len(months), MONTHS_PER_TABLE)
            ],
            "first": first,
            "last": last,
            "previous": previous,
            "currency": self.env.company.currency_id,
            "company": self.env.company,
            "companies": self.env.companies,
            "format_ratio": self._format_ratio,
            "format_percent": self._format_percent,
            "format_points": self._format_points,
        }

    @api.model
    def _format_ratio(self, change_ratio):
        """``+12.5%`` for 0.125; an empty string when there is no ratio."""
        return "" if change_ratio is None else f"{change_ratio:+.1%}"

    @api.model
    def _format_percent(self, rate):
        """``75.0%`` for a rate of 0.75."""
        return f"{rate:.1%}"

    @api.model
    def _format_points(self, delta):
        """The change of a rate in percentage points: ``+5.0 pts`` for 0.05; empty for none."""
        if delta is None:
            return ""
        points = f"{delta * 100:+.1f}"
        return self.env._("%(points)s pts", points=points)
