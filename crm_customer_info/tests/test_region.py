from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestRegion(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env["crm.customer.region"]
        cls.east = Region.create({"name": "East China"})
        cls.shanghai = Region.create({"name": "Shanghai", "parent_id": cls.east.id})
        cls.pudong = Region.create({"name": "Pudong", "parent_id": cls.shanghai.id})
        cls.jiangsu = Region.create({"name": "Jiangsu", "parent_id": cls.east.id})
        cls.north = Region.create({"name": "North China"})
        cls.in_pudong = cls._customer("Pudong Customer", region_id=cls.pudong.id)
        cls.in_shanghai = cls._customer("Shanghai Customer", region_id=cls.shanghai.id)
        cls.in_jiangsu = cls._customer("Jiangsu Customer", region_id=cls.jiangsu.id)
        cls.in_north = cls._customer("North Customer", region_id=cls.north.id)

    def test_full_name(self):
        self.assertEqual(self.pudong.complete_name, "East China / Shanghai / Pudong")
        self.shanghai.name = "Shanghai City"
        self.assertEqual(self.pudong.complete_name, "East China / Shanghai City / Pudong")
        self.assertEqual(self.pudong.display_name, "East China / Shanghai City / Pudong")

    def test_child_of_search_finds_sub_regions(self):
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("region_id", "child_of", self.east.id)]),
            self.in_pudong | self.in_shanghai | self.in_jiangsu,
        )
        self.assertEqual(
            Partner.search([("region_id", "child_of", self.shanghai.id)]),
            self.in_pudong | self.in_shanghai,
        )
        self.assertEqual(Partner.search([("region_id", "child_of", self.north.id)]), self.in_north)

    def test_customer_counts_include_sub_regions(self):
        regions = self.east | self.shanghai | self.pudong | self.north
        self.assertEqual(regions.mapped("partner_count"), [3, 2, 1, 1])

    def test_cycle_refused(self):
        with self.assertRaises(UserError):
            self.east.parent_id = self.pudong

    def test_open_customers_of_region(self):
        action = self.shanghai.action_open_customers()
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]), self.in_pudong | self.in_shanghai
        )

    def test_contacts_inherit_region_and_level(self):
        self.in_pudong.level_id = self.level_a
        contact = self.env["res.partner"].create({"name": "Mr Li", "parent_id": self.in_pudong.id})
        self.assertEqual(contact.region_id, self.pudong)
        self.assertEqual(contact.level_id, self.level_a)
