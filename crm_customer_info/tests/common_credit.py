from odoo import Command
from odoo.tests import new_test_user

from .common_classification import ClassificationCase


class CreditCase(ClassificationCase):
    """The classification customers, a credit controller, a chart in the other company.

    On 2024-07-01 acme owes 400: 200 left of the 2,000 invoice of 2024-03-10 (113 days
    past due), the EUR invoice (USD 500, due 2024-07-01, not due) and the open 300
    refund of 2024-06-15 (16 days past due).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            cls.env["account.chart.template"]._guess_chart_template(cls.other_company.country_id),
            company=cls.other_company,
            install_demo=False,
        )
        cls.controller = new_test_user(
            cls.env,
            login="ci_controller",
            groups="base.group_user,crm_customer_info.group_crm_credit_controller",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.eur_pricelist = cls.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": cls.eur.id}
        )
        cls.acme.user_id = cls.user
        cls.acme.team_id = cls.team_north
        cls.beta.team_id = cls.team_south

    def _quote(self, partner, amount, *, pricelist=None, user=None, term=None, tax=None):
        """A quotation of ``amount`` (untaxed unless ``tax``) for ``partner``."""
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or self.user).id,
                "pricelist_id": pricelist.id if pricelist else False,
                "payment_term_id": term.id if term else False,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.set(tax.ids)] if tax else [],
                        }
                    )
                ],
            }
        )

    def _policy(self, company=None, **values):
        (company or self.company).write(values)
