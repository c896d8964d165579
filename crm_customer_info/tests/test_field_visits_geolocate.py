from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from ..models.res_partner_geo import GEOLOCATE_BATCH
from .common_field_visits import FieldVisitCase
from .common_visits import NOW

FOUND = (31.2304, 121.4737)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestFieldVisitGeolocate(FieldVisitCase):
    """Customers get coordinates from their address; the geocoder is mocked (no network)."""

    def _geocoder(self, known=("Shanghai",), calls=None):
        """Patch base_geolocalize's lookup: finds the cities in ``known``, nothing else.

        It is called with (street, zip, city, state, country); the cities asked
        for are appended to ``calls``.
        """

        def lookup(_model, *address):
            city = address[2]
            if calls is not None:
                calls.append(city)
            return FOUND if city in known else None

        return patch.object(type(self.env["res.partner"]), "_geo_localize", lookup)

    def _unlocated(self, name, city, **values):
        partner = self._customer(name, user_id=self.user.id, city=city, **values)
        partner.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        return partner

    def test_batch_button_geolocates_the_selected_customers(self):
        shanghai = self._unlocated("Pudong Auto", "Shanghai")
        nowhere = self._unlocated("Atlantis Parts", "Atlantis")
        with self._geocoder(), patch.object(type(self.env.user), "_bus_send"):
            action = (
                (shanghai | nowhere | self.customer).with_user(self.user).action_crm_geolocate()
            )
        self.assertEqual(action["params"]["message"], "1 of 2 customers geolocated.")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual((shanghai.partner_latitude, shanghai.partner_longitude), FOUND)
        self.assertEqual(shanghai.date_localization, date(2024, 6, 10))
        self.assertFalse(nowhere.partner_latitude)
        self.assertTrue(nowhere.date_localization)
        # the already located customer was left alone
        self.assertAlmostEqual(self.customer.partner_latitude, 31.2397, 6)

    def test_batch_button_is_limited(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Shop {i}", "city": "Shanghai"} for i in range(GEOLOCATE_BATCH + 1)]
        )
        with self._geocoder(), self.assertRaisesText(UserError, "at most"):
            partners.action_crm_geolocate()
        self.assertFalse(any(partners.mapped("partner_latitude")))

    def test_daily_job_geolocates_customers_once_per_address(self):
        shanghai = self._unlocated("Pudong Auto", "Shanghai", customer_rank=1)
        nowhere = self._unlocated("Atlantis Parts", "Atlantis", customer_rank=1)
        prospect = self.env["res.partner"].create({"name": "Just a Contact", "city": "Shanghai"})
        calls = []
        with self._geocoder(calls=calls), patch.object(type(self.env.user), "_bus_send"):
            found = self.env["res.partner"]._cron_crm_geolocate()
            self.assertIn(shanghai, found)
            self.assertNotIn(nowhere, found)
            self.assertIn("Atlantis", calls)
            self.assertNotIn(prospect, found)
            self.assertFalse(prospect.partner_latitude)
            # run again: the address not found is not asked for again
            calls.clear()
            self.assertNotIn(nowhere, self.env["res.partner"]._cron_crm_geolocate())
            self.assertNotIn("Atlantis", calls)
            # once the address changes (here: dated yesterday), the job tries again
            nowhere.write({"city": "Shanghai", "date_localization": "2024-06-09"})
            self.assertIn(nowhere, self.env["res.partner"]._cron_crm_geolocate())
        self.assertEqual((nowhere.partner_latitude, nowhere.partner_longitude), FOUND)
