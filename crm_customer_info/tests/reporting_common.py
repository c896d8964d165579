from datetime import datetime, time, timedelta

from odoo import Command, fields

from odoo.addons.crm_customer_info.customer_insight.performance import add_months, month_start

from .common import CustomerInfoCase


class PerformanceCase(CustomerInfoCase):
    """A month of business for two salespeople in two companies, plus the month around it.

    ``month`` is two months ago (so the following month is over too), ``previous``
    and ``following`` the months around it. Figures of ``month``, by hand:

    Main company, ``user`` / North:
      - C1: order O1 1,000 (day 5) and O2 500 through its contact (day 20), O5
        50 EUR = 100 at the EUR rate 0.5 (day 8); invoice I3 of O1 1,000 (day 6),
        paid in full (day 28). C1's first document is O1: a new customer.
      - C3: first document is invoice I2 300 (day 15), credit note R1 100 (day 25),
        partial payment 150 of I2 (day 27). A new customer.
      => new 2, active 2 (C1, C3), 3 orders 1,600, invoiced 1,200, collected 1,150.
    Main company, ``user2`` / South:
      - C2 (first order O0 400 by ``user`` in ``previous``): invoice I1 800 (day 10),
        200 paid in ``following``.
      => new 0, active 1, orders 0, invoiced 800, collected 0.
    Other company, ``user`` / North: C1 orders O4 250 (day 18): new 1, active 1.
    Other company, ``user2`` / South: C4 orders O3 700 (day 12) and is invoiced
      I4 650 (day 22), paid (day 29): new 1, active 1, 1 order 700, invoiced 650,
      collected 650.
    ``previous``, main company, ``user`` / North: O0 400, C2 new: new 1, active 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            cls.env["account.chart.template"]._guess_chart_template(cls.other_company.country_id),
            company=cls.other_company,
            install_demo=False,
        )
        cls.user.company_ids |= cls.other_company
        cls.user2.company_ids |= cls.other_company
        # Teams shared by both companies, so that one team sells in each.
        (cls.team_north | cls.team_south).company_id = False
        today = fields.Date.context_today(cls.env["res.partner"])
        cls.month = add_months(month_start(today), -2)
        cls.previous = add_months(cls.month, -1)
        cls.following = add_months(cls.month, 1)
        cls.product = cls.env["product.product"].create(
            {"name": "Pump", "type": "consu", "list_price": 100.0, "taxes_id": [Command.clear()]}
        )
        cls.c1 = cls._customer("Customer One", user_id=cls.user.id, level_id=cls.level_a.id)
        cls.c1_contact = cls.env["res.partner"].create(
            {"name": "Buyer at One", "parent_id": cls.c1.id, "function": "Purchasing"}
        )
        cls.c2 = cls._customer("Customer Two", user_id=cls.user2.id)
        cls.c3 = cls._customer("Customer Three", user_id=cls.user.id)
        cls.c4 = cls._customer("Customer Four", user_id=cls.user2.id)
        cls.eur = cls._foreign_currency()

        north, south = (cls.user, cls.team_north), (cls.user2, cls.team_south)
        month, other = cls.month, cls.other_company
        cls.o0 = cls._order(cls.c2, north, cls._at(cls.previous, 10), 400)
        cls.o1 = cls._order(cls.c1, north, cls._at(month, 5), 1000)
        cls.o2 = cls._order(cls.c1_contact, north, cls._at(month, 20), 500)
        cls.o5 = cls._order(cls.c1, north, cls._at(month, 8), 50, pricelist=cls.eur_pricelist)
        cls.o4 = cls._order(cls.c1, north, cls._at(month, 18), 250, company=other)
        cls.o3 = cls._order(cls.c4, south, cls._at(month, 12), 700, company=other)

        cls.i3 = cls.o1._create_invoices()
        cls.i3.invoice_date = cls._day(month, 6)
        cls.i3.action_post()
        cls.i1 = cls._invoice(cls.c2, south, cls._day(month, 10), 800)
        cls.i2 = cls._invoice(cls.c3, north, cls._day(month, 15), 300)
        cls.r1 = cls._invoice(cls.c3, north, cls._day(month, 25), 100, move_type="out_refund")
        cls.i4 = cls._invoice(cls.c4, south, cls._day(month, 22), 650, company=other)
        cls._pay(cls.i3, cls._day(month, 28))
        cls._pay(cls.i2, cls._day(month, 27), 150)
        cls._pay(cls.i1, cls._day(cls.following, 3), 200)
        cls._pay(cls.i4, cls._day(month, 29))

    @classmethod
    def _foreign_currency(cls):
        """EUR (or USD for a EUR company) at 0.5 per company currency unit since ``previous``."""
        code = "USD" if cls.company.currency_id.name == "EUR" else "EUR"
        currency = (
            cls.env["res.currency"].with_context(active_test=False).search([("name", "=", code)])
        )
        currency.active = True
        cls.env["res.currency.rate"].create(
            {
                "name": cls.previous,
                "rate": 0.5,
                "currency_id": currency.id,
                "company_id": cls.company.id,
            }
        )
        cls.eur_pricelist = cls.env["product.pricelist"].create(
            {"name": f"Price list {code}", "currency_id": currency.id, "company_id": cls.company.id}
        )
        return currency

    @staticmethod
    def _day(month, day):
        return month + timedelta(days=day - 1)

    @classmethod
    def _at(cls, month, day, hour=10):
        return datetime.combine(cls._day(month, day), time(hour))

    @classmethod
    def _order(cls, partner, seller, when, amount, *, company=None, pricelist=None):
        """A confirmed order of ``seller`` (salesperson, team) dated ``when``."""
        user, team = seller
        company = company or cls.company
        values = {
            "partner_id": partner.id,
            "user_id": user.id,
            "team_id": team.id,
            "company_id": company.id,
            "order_line": [
                Command.create(
                    {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                )
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].with_company(company).create(values)
        order.action_confirm()
        order.date_order = when
        return order

    @classmethod
    def _invoice(cls, partner, seller, day, amount, *, move_type="out_invoice", company=None):
        """A posted invoice (or credit note) of ``seller`` (salesperson, team)."""
        user, team = seller
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_user_id": user.id,
                    "team_id": team.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, day, amount=None):
        values = {"payment_date": day}
        if amount is not None:
            values["amount"] = amount
        wizard = (
            cls.env["account.payment.register"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
        )
        return wizard._create_payments()

    def _report(self, user=None, companies=None, tz=None):
        """The report model as ``user`` (default: superuser) in ``companies``."""
        env = self.env(user=user or self.env.uid)
        companies = companies or (self.company | self.other_company)
        context = {"allowed_company_ids": companies.ids}
        if tz:
            context["tz"] = tz
        return env["crm.customer.performance.report"].with_context(**context)

    def _figures(self, report, domain=()):
        """Sums of every measure over ``domain``, keyed by (company, user, team, month)."""
        fnames = [fname for fname, _kind in report._measure_specs()]
        return {
            (company, user, team, month): dict(zip(fnames, sums, strict=True))
            for company, user, team, month, *sums in report._read_group(
                [("user_id", "in", (self.user | self.user2).ids), *domain],
                ["company_id", "user_id", "team_id", "date:month"],
                [f"{fname}:sum" for fname in fnames],
            )
        }
