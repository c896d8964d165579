from datetime import datetime, time, timedelta

from odoo import Command, fields

from odoo.addons.crm_customer_info.customer_insight.performance import month_start, shift_month

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

    Visits, logs and lost customers (:meth:`_service_scenario`). The main company
    reports in Shanghai time (UTC+8) and visits are missed 4 hours after their end;
    times below are Shanghai's for visits, UTC for log entries (10:00 UTC is 18:00
    in Shanghai, the same day).

    Main company, ``user`` / North, ``month``:
      - visits: V1 planned day 3 09:00, checked in 09:05 (on time, 5 stars); V2 day 6
        10:00, checked in 20:00 (after the grace period, on its planned day: on
        time, 3 stars); V3 day 8 22:00, checked in day 9 01:30 (the next day, within
        the grace period: on time, not rated); V4 day 10 10:00, checked in day 11
        07:00 (late, though still day 10 in UTC; 4 stars); V5 day 15 missed; V6 day
        20 cancelled; V7 day 25 still planned; V8 planned in ``previous`` (day 28),
        checked in on day 1 (late, not rated).
        => planned 6 (V1-V5, V7), done 5 (V1-V4, V8), missed 1, on time 3.
      - logs: L1 consultation (day 2, 4 stars), L2 complaint day 4 resolved 30 h
        later (2 stars), L3 complaint day 9 resolved 96 h later (past its 48 h
        deadline), L4 complaint day 20 still open (overdue), L5 contact (day 11,
        5 stars), L6 service, L7 feedback, L8 of a company's own type "Training",
        L9 consultation cancelled (5 stars, not counted); L10 complaint logged 20 h
        before the month began, resolved on day 1 (20 h, in time).
        Complaints answer within 48 clock hours (their SLA policies, set so here).
        => consultation 1, complaints opened 3, contact 1, service 1, feedback 1,
        other 1; resolved 3 in 30 + 96 + 20 = 146 h; overdue 2 (L3, L4).
      - satisfaction: visits 5 + 3 + 4, logs 4 + 2 + 5: 23 points, 6 ratings.
      - lost: C3, lost since day 9.
    Main company, ``user`` / North, ``previous``: V8 planned; L10 opened.
    Main company, ``user2`` / South, ``month``: V9 day 12 10:00 checked in 10:10 (on
      time, 2 stars); L11 complaint day 12 resolved in 5 h (1 star) => planned 1,
      done 1, on time 1, complaints opened 1, resolved 1 in 5 h, satisfaction 3 / 2.
    Other company, ``user`` / North: L12 contact day 7 (3 stars).
    Other company, ``user2`` / South: V10 day 14 missed; C4 lost since day 20.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        complaint = cls.env.ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.env["crm.customer.sla.policy"].search([("type_ids", "=", complaint.id)]).write(
            {"calendar_id": False, "response_hours": 48}
        )
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
        cls.month = shift_month(month_start(today), -2)
        cls.previous = shift_month(cls.month, -1)
        cls.following = shift_month(cls.month, 1)
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
        cls._service_scenario()

    @classmethod
    def _service_scenario(cls):
        """Visits, log entries and lost customers of the class docstring."""
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.crm_visit_grace_hours = 4
        north, south = (cls.user, cls.team_north), (cls.user2, cls.team_south)
        month, other = cls.month, cls.other_company
        visit = cls._visit
        cls.v1 = visit(
            cls.c1, north, cls._local(month, 3, 9), checked_in=cls._local(month, 3, 9, 5)
        )
        cls.v1.satisfaction = "5"
        cls.v2 = visit(cls.c1, north, cls._local(month, 6, 10), checked_in=cls._local(month, 6, 20))
        cls.v2.satisfaction = "3"
        cls.v3 = visit(
            cls.c3, north, cls._local(month, 8, 22), checked_in=cls._local(month, 9, 1, 30)
        )
        cls.v4 = visit(
            cls.c3, north, cls._local(month, 10, 10), checked_in=cls._local(month, 11, 7)
        )
        cls.v4.satisfaction = "4"
        cls.v5 = visit(cls.c1, north, cls._local(month, 15, 10), state="missed")
        cls.v6 = visit(cls.c1, north, cls._local(month, 20, 10), state="cancelled")
        cls.v7 = visit(cls.c3, north, cls._local(month, 25, 10))
        cls.v8 = visit(
            cls.c1,
            north,
            cls._local(cls.previous, 28, 10),
            checked_in=cls._local(month, 1, 10),
        )
        cls.v9 = visit(
            cls.c2, south, cls._local(month, 12, 10), checked_in=cls._local(month, 12, 10, 10)
        )
        cls.v9.satisfaction = "2"
        cls.v10 = visit(cls.c4, south, cls._local(month, 14, 10), state="missed", company=other)

        ref = cls.env.ref
        consultation = ref("crm_customer_info.crm_customer_log_type_consultation")
        complaint = ref("crm_customer_info.crm_customer_log_type_complaint")
        contact = ref("crm_customer_info.crm_customer_log_type_contact")
        service = ref("crm_customer_info.crm_customer_log_type_service")
        feedback = ref("crm_customer_info.crm_customer_log_type_feedback")
        cls.training = cls.env["crm.customer.log.type"].create(
            {"name": "Training Request", "code": "training"}
        )
        log = cls._log
        cls.l1 = log(
            consultation, cls.c1, north, cls._at(month, 2), state="closed", satisfaction="4"
        )
        cls.l2 = log(complaint, cls.c1, north, cls._at(month, 4), resolved=30, satisfaction="2")
        cls.l3 = log(complaint, cls.c3, north, cls._at(month, 9), resolved=96)
        cls.l4 = log(complaint, cls.c3, north, cls._at(month, 20), state="in_progress")
        cls.l5 = log(contact, cls.c1, north, cls._at(month, 11), satisfaction="5")
        cls.l6 = log(service, cls.c1, north, cls._at(month, 16), state="in_progress")
        cls.l7 = log(feedback, cls.c3, north, cls._at(month, 18))
        cls.l8 = log(cls.training, cls.c3, north, cls._at(month, 19))
        cls.l9 = log(
            consultation, cls.c1, north, cls._at(month, 21), state="cancelled", satisfaction="5"
        )
        cls.l10 = log(
            complaint, cls.c1, north, cls._at(month, 1) - timedelta(hours=20), resolved=20
        )
        cls.l11 = log(complaint, cls.c2, south, cls._at(month, 12), resolved=5, satisfaction="1")
        cls.l12 = log(contact, cls.c1, north, cls._at(month, 7), satisfaction="3", company=other)

        Classification = cls.env["crm.customer.classification"]
        cls.c3_classification = Classification.create(
            {
                "partner_id": cls.c3.id,
                "company_id": cls.company.id,
                "lifecycle_stage": "lost",
                "lost_on": cls._day(month, 9),
            }
        )
        Classification.create(
            {
                "partner_id": cls.c4.id,
                "company_id": other.id,
                "lifecycle_stage": "lost",
                "lost_on": cls._day(month, 20),
            }
        )

    @classmethod
    def _local(cls, month, day, hour, minute=0):
        """UTC moment of ``hour:minute`` on ``day`` of ``month`` in Shanghai (UTC+8)."""
        return datetime.combine(cls._day(month, day), time(hour, minute)) - timedelta(hours=8)

    @classmethod
    def _visit(cls, customer, seller, start, *, checked_in=None, state="planned", company=None):
        """A one-hour visit of ``seller`` (salesperson, team), done when ``checked_in``."""
        user, team = seller
        values = {
            "partner_id": customer.id,
            "user_id": user.id,
            "team_id": team.id,
            "company_id": (company or cls.company).id,
            "start": start,
            "duration": 1.0,
            "state": state,
        }
        if checked_in:
            values.update(
                state="done", check_in=checked_in, check_out=checked_in + timedelta(hours=1)
            )
        if state == "cancelled":
            values["cancel_reason"] = "The customer moved the meeting."
        return cls.env["crm.customer.visit"].create(values)

    @classmethod
    def _log(
        cls, log_type, customer, seller, when, *, state="new", resolved=None, company=None, **values
    ):
        """A log entry of ``seller`` (responsible, team) at ``when``; resolved ``resolved`` hours
        later when given."""
        user, team = seller
        values.update(
            type_id=log_type.id,
            subject=f"{log_type.name} of {customer.name}",
            partner_id=customer.id,
            user_id=user.id,
            team_id=team.id,
            company_id=(company or cls.company).id,
            log_date=when,
            state=state,
        )
        if resolved is not None:
            values.update(
                state="resolved",
                resolution="Replaced the part.",
                resolved_by_id=user.id,
                resolved_on=when + timedelta(hours=resolved),
            )
        return cls.env["crm.customer.log"].create(values)

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
        fnames = ["active_customer_count", *report._summed_measures()]
        return {
            (company, user, team, month): dict(zip(fnames, sums, strict=True))
            for company, user, team, month, *sums in report._read_group(
                [("user_id", "in", (self.user | self.user2).ids), *domain],
                ["company_id", "user_id", "team_id", "date:month"],
                [f"{fname}:sum" for fname in fnames],
            )
        }
