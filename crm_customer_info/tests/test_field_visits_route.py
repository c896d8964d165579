from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from ..customer_insight.geo import haversine_m
from .common_field_visits import CUSTOMER_POSITION, FieldVisitCase
from .common_visits import NOW

# One kilometre east of the customer, in degrees of longitude at its latitude.
KM_EAST = 1 / 95.08


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestFieldVisitRoute(FieldVisitCase):
    """My Day: Huaxin (0 km), then shops 2, 1 and 3 km east of it, an hour apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shops = {
            km: cls._customer(
                f"Shop {km} km",
                user_id=cls.user.id,
                partner_latitude=CUSTOMER_POSITION[0],
                partner_longitude=CUSTOMER_POSITION[1] + km * KM_EAST,
            )
            for km in (1, 2, 3)
        }

    def _day(self):
        """Visits at 9:00, 10:00, 11:00 and 12:00 Shanghai time: 0, 2, 1, 3 km east."""
        customers = [self.customer, self.shops[2], self.shops[1], self.shops[3]]
        return [
            self._visit(customer, start=f"2024-06-10 0{hour}:00:00")
            for hour, customer in enumerate(customers, start=1)
        ]

    def _order(self, visits):
        return [v.partner_id for v in sorted(visits, key=lambda v: v.start)]

    def test_distance_between_stops(self):
        first, second, third, fourth = self._day()
        km = haversine_m(CUSTOMER_POSITION, (CUSTOMER_POSITION[0], CUSTOMER_POSITION[1] + KM_EAST))
        self.assertAlmostEqual(km, 1000, delta=5)
        self.assertEqual(first.route_distance, 0)
        self.assertAlmostEqual(second.route_distance, 2 * km / 1000, 3)
        self.assertAlmostEqual(third.route_distance, km / 1000, 3)
        self.assertAlmostEqual(fourth.route_distance, 2 * km / 1000, 3)
        # cancelled visits are no stop; a customer without coordinates breaks the leg
        third.with_user(self.user)._crm_cancel("Closed today")
        self.env.invalidate_all()
        self.assertAlmostEqual(fourth.route_distance, km / 1000, 3)
        self.shops[2].write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        self.env.invalidate_all()
        self.assertEqual(fourth.route_distance, 0)

    def test_suggest_order_shortens_the_trip_in_the_same_slots(self):
        visits = self._day()
        slots = sorted(v.start for v in visits)
        action = self.env["crm.customer.visit"].with_user(self.user).action_suggest_order()
        self.assertEqual(action["tag"], "soft_reload")
        self.assertEqual(sorted(v.start for v in visits), slots)
        self.assertEqual(
            self._order(visits),
            [self.customer, self.shops[1], self.shops[2], self.shops[3]],
        )
        self.env.invalidate_all()
        self.assertAlmostEqual(sum(v.route_distance for v in visits), 3, 1)

    def test_suggest_order_leaves_fixed_and_started_visits(self):
        first, second, third, fourth = self._day()
        self._check_in(first, {"error": "denied"})
        third.fixed_time = True
        (first | second | third | fourth).with_user(self.user).action_suggest_order()
        # Huaxin (checked in) and Shop 1 km (fixed) stay; 2 and 3 km swap nothing better
        self.assertEqual(first.start.hour, 1)
        self.assertEqual(third.start.hour, 3)
        self.assertEqual({second.start.hour, fourth.start.hour}, {2, 4})
        with self.assertRaisesText(UserError, "not two visits"):
            (first | third).with_user(self.user).action_suggest_order()

    def test_route_map_lists_the_stops_in_planned_order(self):
        self._day()
        action = self.env["crm.customer.visit"].with_user(self.user).action_open_route_map()
        self.assertEqual(action["type"], "ir.actions.act_url")
        url = action["url"]
        self.assertEqual(url.count("point="), 4)
        positions = [f"{CUSTOMER_POSITION[1] + km * KM_EAST:.6f}" for km in (0, 2, 1, 3)]
        indexes = [url.index(position) for position in positions]
        self.assertEqual(indexes, sorted(indexes))

    def test_one_day_of_one_salesperson_at_a_time(self):
        day = self._day()
        tomorrow = self._visit(self.shops[1], start="2024-06-11 01:00:00")
        with self.assertRaisesText(UserError, "one salesperson and one day"):
            (day[0] | tomorrow).with_user(self.user).action_open_route_map()
        with self.assertRaises(AccessError):
            self.env["crm.customer.visit"].concat(*day).with_user(self.user2).action_suggest_order()
        # nobody else's day: the superuser has no visit today
        with self.assertRaisesText(UserError, "has coordinates yet"):
            self.env["crm.customer.visit"].action_open_route_map()
