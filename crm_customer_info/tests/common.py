from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CustomerInfoCase(TransactionCase):
    """Users of each customer-info group, two sales teams and a second company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Company Ltd"})
        cls.level_a = cls.env.ref("crm_customer_info.crm_customer_level_a")
        cls.level_b = cls.env.ref("crm_customer_info.crm_customer_level_b")
        cls.level_c = cls.env.ref("crm_customer_info.crm_customer_level_c")
        cls.user = cls._new_user("ci_user", "sales_team.group_sale_salesman")
        cls.user2 = cls._new_user("ci_user2", "sales_team.group_sale_salesman")
        cls.leader = cls._new_user(
            "ci_leader",
            "sales_team.group_sale_salesman_all_leads,crm_customer_info.group_crm_customer_team_leader",
        )
        cls.manager = cls._new_user("ci_manager", "sales_team.group_sale_manager")
        cls.finance = cls._new_user("ci_finance", "account.group_account_invoice")
        cls.team_north = cls.env["crm.team"].create(
            {
                "name": "North Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set(cls.user.ids)],
            }
        )
        cls.team_south = cls.env["crm.team"].create(
            {"name": "South Team", "member_ids": [Command.set(cls.user2.ids)]}
        )

    @classmethod
    def _new_user(cls, login, groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.env.company.id,
            company_ids=[cls.env.company.id],
        )

    @classmethod
    def _customer(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **values})
