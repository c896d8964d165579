from datetime import date, datetime

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CustomerInfoCase

TODAY = date(2024, 7, 1)


class ClassificationCase(CustomerInfoCase, AccountTestInvoicingCommon):
    """Five customers with invoices, refunds, payments and orders, classified on 2024-07-01.

    Amounts are untaxed and in USD (the company currency) unless said otherwise;
    EUR is worth half a USD (rate 2.0). Default settings: 365-day window from
    2023-07-02, overdue after a 7-day grace (due before 2024-06-24).

    - acme (salesperson ``user``, team North): invoices 1,000 on 2024-01-10 paid
      2024-01-20; 2,000 on 2024-03-10 bought by its contact, 1,800 paid on
      2024-03-15 and 200 still open; EUR 1,000 (USD 500) on 2024-06-01 due in 30
      days; a 300 refund on 2024-06-15, open.
    - beta (salesperson ``user2``): 4,000 on 2024-05-01 paid the same day; 2,000
      on 2024-06-20 paid 2024-06-22.
    - gamma: 800 on 2023-08-01 paid 2023-08-21.
    - delta: registered customer that never bought.
    - eps: 100 on 2024-02-08 paid the same day, then a 150 refund on 2024-02-20.
    """

    @classmethod
    def setup_independent_user(cls):
        # Keep the superuser: the customer-info users and companies are created below.
        return None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.term_now = cls.env.ref("account.account_payment_term_immediate")
        cls.acme = cls._customer("Acme Trading", user_id=cls.user.id)
        cls.acme_buyer = cls.env["res.partner"].create(
            {"name": "Acme Buyer", "parent_id": cls.acme.id, "type": "contact"}
        )
        cls.beta = cls._customer("Beta Stores", user_id=cls.user2.id)
        cls.gamma = cls._customer("Gamma Old")
        cls.delta = cls._customer("Delta Prospect")
        cls.eps = cls._customer("Epsilon Refunds")
        cls.delta.action_register_customer()

        inv_a1 = cls._invoice(cls.acme, "2024-01-10", 1000)
        cls._pay(inv_a1, 1000, "2024-01-20")
        inv_a2 = cls._invoice(cls.acme_buyer, "2024-03-10", 2000)
        cls._pay(inv_a2, 1800, "2024-03-15")
        cls._invoice(cls.acme, "2024-06-01", 1000, currency=cls.eur, term=cls.term_30)
        cls._invoice(cls.acme, "2024-06-15", 300, move_type="out_refund")

        cls._pay(cls._invoice(cls.beta, "2024-05-01", 4000), 4000, "2024-05-01")
        cls._pay(cls._invoice(cls.beta, "2024-06-20", 2000), 2000, "2024-06-22")

        cls._pay(cls._invoice(cls.gamma, "2023-08-01", 800), 800, "2023-08-21")

        cls._pay(cls._invoice(cls.eps, "2024-02-08", 100), 100, "2024-02-08")
        cls._invoice(cls.eps, "2024-02-20", 150, move_type="out_refund")

        cls.customers = cls.acme | cls.beta | cls.gamma | cls.delta | cls.eps
        cls.level_d = cls.env.ref("crm_customer_info.crm_customer_level_d")
        cls.Classification = cls.env["crm.customer.classification"]

    @classmethod
    def _invoice(cls, partner, day, amount, *, move_type="out_invoice", currency=None, term=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_payment_term_id": (term or cls.term_now).id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, day):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": day})
            ._create_payments()
        )

    @classmethod
    def _order(cls, partner, day, amount, pricelist=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": pricelist.id if pricelist else False,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.fromisoformat(f"{day} 10:00:00")
        return order

    def _classify(self, **kwargs):
        return self.Classification._classify_company(self.company, today=TODAY, **kwargs)

    def _row(self, partner):
        return self.Classification.search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )
