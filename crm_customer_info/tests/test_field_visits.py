from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common_field_visits import FieldVisitCase, position
from .common_visits import NOW


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestFieldVisitCheckIn(FieldVisitCase):
    def _policy(self, policy):
        self.env.company.crm_visit_geo_policy = policy

    def test_check_in_within_the_radius_is_on_site(self):
        for policy in ("record", "warn", "refuse"):
            with self.subTest(policy=policy):
                self._policy(policy)
                visit = self._today_visit()
                self.assertIs(self._check_in(visit, position(300, accuracy=12)), True)
                self.assertEqual(visit.check_in, NOW)
                self.assertEqual(visit.check_in_position, "on_site")
                self.assertAlmostEqual(visit.check_in_distance, 300, delta=1)
                self.assertAlmostEqual(visit.check_in_latitude, position(300)["latitude"], 6)
                self.assertAlmostEqual(visit.check_in_longitude, 121.4998, 6)
                self.assertEqual(visit.check_in_accuracy, 12)
                self.assertFalse(visit.off_site)

    def test_accuracy_counts_for_the_salesperson(self):
        visit = self._today_visit()
        self._check_in(visit, position(600, accuracy=150))
        self.assertEqual(visit.check_in_position, "on_site")
        other = self._today_visit()
        self._check_in(other, position(600, accuracy=50))
        self.assertEqual(other.check_in_position, "off_site")

    def test_off_site_is_recorded_under_record(self):
        visit = self._today_visit()
        self.assertIs(self._check_in(visit, position(5000)), True)
        self.assertEqual(visit.check_in_position, "off_site")
        self.assertAlmostEqual(visit.check_in_distance, 5000, delta=2)
        self.assertTrue(visit.off_site)

    def test_off_site_is_recorded_with_a_warning_under_warn(self):
        self._policy("warn")
        visit = self._today_visit()
        action = self._check_in(visit, position(5000))
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("5000 m", action["params"]["message"])
        self.assertEqual(visit.check_in, NOW)
        self.assertTrue(visit.off_site)

    def test_off_site_is_refused_under_refuse(self):
        self._policy("refuse")
        visit = self._today_visit()
        with self.assertRaisesText(UserError, "farther than the 500 m allowed"):
            self._check_in(visit, position(5000))
        self.assertFalse(visit.check_in)
        self.assertFalse(visit.check_in_position)
        self.assertFalse(visit.check_in_latitude)

    def test_denied_location_follows_the_policy(self):
        denied = {"error": "User denied Geolocation"}
        for policy, allowed in (("record", True), ("warn", True), ("refuse", False)):
            with self.subTest(policy=policy):
                self._policy(policy)
                visit = self._today_visit()
                if allowed:
                    self._check_in(visit, denied)
                    self.assertEqual(visit.check_in_position, "no_position")
                    self.assertFalse(visit.check_in_latitude)
                    self.assertFalse(visit.off_site)
                else:
                    with self.assertRaisesText(UserError, "gave no position"):
                        self._check_in(visit, denied)
                    self.assertFalse(visit.check_in)
        # a client that sends nothing at all has no position either
        self._policy("record")
        visit = self._today_visit()
        visit.with_user(self.user).action_check_in()
        self.assertEqual(visit.check_in_position, "no_position")

    def test_customer_without_coordinates_is_not_refused(self):
        self._policy("refuse")
        self.customer.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        visit = self._today_visit()
        self._check_in(visit, position(5000))
        self.assertEqual(visit.check_in_position, "not_located")
        self.assertFalse(visit.check_in_distance)
        self.assertTrue(visit.check_in_latitude)

    def test_invalid_positions_are_refused(self):
        visit = self._today_visit()
        for bad in (
            {"latitude": 200, "longitude": 0},
            {"latitude": "north", "longitude": 0},
            {"longitude": 121},
            {**position(), "accuracy": -5},
            {**position(), "accuracy": float("nan")},
        ):
            with self.subTest(bad=bad), self.assertRaisesText(UserError, "not valid"):
                self._check_in(visit, bad)
        self.assertFalse(visit.check_in)

    def test_check_out_is_located_and_never_refused(self):
        self._policy("refuse")
        visit = self._today_visit()
        self._check_in(visit, position(50))
        self._check_out(visit, position(8000))
        self.assertEqual(visit.check_out, NOW)
        self.assertEqual(visit.check_out_position, "off_site")
        self.assertAlmostEqual(visit.check_out_distance, 8000, delta=3)
        self.assertTrue(visit.off_site)

    def test_visits_not_on_site_record_no_position(self):
        self._policy("refuse")
        visit = self._today_visit(method="phone")
        self._check_in(visit, position(9000))
        self._check_out(visit, {"error": "denied"})
        self.assertEqual(visit.check_in, NOW)
        self.assertFalse(visit.check_in_position)
        self.assertFalse(visit.check_out_position)

    def test_radius_is_bounded(self):
        for radius in (0, -1, 100_001):
            with self.subTest(radius=radius), self.assertRaises(ValidationError):
                self.env.company.crm_visit_radius_m = radius

    def test_done_visits_on_site_are_counted_in_the_performance_report(self):
        on_site, off_site = self._today_visit(), self._today_visit()
        self._check_in(on_site, position(100))
        self._check_in(off_site, position(3000))
        for visit in on_site | off_site:
            self._check_out(visit, position(100))
            self._finish(visit.with_user(self.user))
        report = self.env["crm.customer.performance.report"].with_context(
            allowed_company_ids=self.env.company.ids
        )
        [[done, on_site_count]] = report._read_group(
            [("user_id", "=", self.user.id), ("date", "=", "2024-06-01")],
            [],
            ["visit_done_count:sum", "visit_on_site_count:sum"],
        )
        self.assertEqual((done, on_site_count), (2, 1))


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestFieldVisitOverride(FieldVisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.crm_visit_geo_policy = "refuse"

    def _override(self, visit, user, reason="Customer met us at the trade fair."):
        wizard = (
            self.env["crm.customer.visit.check.in.override"]
            .with_user(user)
            .create({"visit_id": visit.id, "reason": reason})
        )
        return wizard.action_confirm()

    def test_team_leader_overrides_with_a_reason(self):
        visit = self._today_visit()
        action = visit.with_user(self.leader).action_override_check_in()
        self.assertEqual(action["res_model"], "crm.customer.visit.check.in.override")
        self._override(visit, self.leader)
        self.assertEqual(visit.check_in, NOW)
        self.assertEqual(visit.check_in_override_reason, "Customer met us at the trade fair.")
        self.assertEqual(visit.check_in_override_user_id, self.leader)
        self.assertEqual(visit.check_in_position, "no_position")
        # the salesperson checks out and closes the visit as usual
        self._check_out(visit, position(20))
        self.assertEqual(visit.check_out_position, "on_site")

    def test_salesperson_cannot_override(self):
        visit = self._today_visit()
        with self.assertRaises(AccessError):
            self._override(visit, self.user)
        with self.assertRaisesText(UserError, "Only team leaders"):
            visit.with_user(self.user)._crm_override_check_in("I was there")
        self.assertFalse(visit.check_in)

    def test_override_needs_a_reason_and_a_planned_visit(self):
        visit = self._today_visit()
        with self.assertRaisesText(UserError, "Say why"):
            visit.with_user(self.leader)._crm_override_check_in("  ")
        self._override(visit, self.leader)
        with self.assertRaisesText(UserError, "already checked in"):
            self._override(visit, self.leader)

    def test_position_fields_cannot_be_written_by_a_request(self):
        visit = self._today_visit()
        for values in (
            {"check_in_position": "on_site"},
            {"check_in_latitude": 31.0},
            {"check_in_override_reason": "none"},
            {"off_site": False},
        ):
            with self.subTest(values=values), self.assertRaisesText(UserError, "cannot be set"):
                visit.with_user(self.user).write(values)
        with self.assertRaisesText(UserError, "cannot be set"):
            self.env["crm.customer.visit"].with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "start": "2024-06-10 01:30:00",
                    "check_in_position": "on_site",
                }
            )

    def test_typed_check_in_needs_a_team_leader_under_refuse(self):
        visit = self._today_visit()
        with self.assertRaisesText(UserError, "use the Check In button"):
            visit.with_user(self.user).write({"check_in": "2024-06-10 01:45:00"})
        with self.assertRaisesText(UserError, "use the Check In button"):
            self.env["crm.customer.visit"].with_user(self.user).create(
                {
                    "partner_id": self.customer.id,
                    "start": "2024-06-10 01:30:00",
                    "check_in": "2024-06-10 01:45:00",
                }
            )
        visit.with_user(self.leader).write({"check_in": "2024-06-10 01:45:00"})
        self.assertFalse(visit.check_in_position)
        phone = self._today_visit(method="phone")
        phone.with_user(self.user).write({"check_in": "2024-06-10 01:45:00"})
        self.env.company.crm_visit_geo_policy = "record"
        other = self._today_visit()
        other.with_user(self.user).write({"check_in": "2024-06-10 01:45:00"})
        self.assertEqual(str(other.check_in), "2024-06-10 01:45:00")
