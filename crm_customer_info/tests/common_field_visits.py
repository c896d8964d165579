from .common_visits import VisitCase

# Huaxin Machinery, 88 Century Avenue, Shanghai.
CUSTOMER_POSITION = (31.2397, 121.4998)


def position(north_m=0.0, accuracy=10.0):
    """A browser position ``north_m`` metres north of the customer (1e-3 degree ~ 111.2 m)."""
    return {
        "latitude": CUSTOMER_POSITION[0] + north_m / 111_195.0,
        "longitude": CUSTOMER_POSITION[1],
        "accuracy": accuracy,
    }


class FieldVisitCase(VisitCase):
    """Visits of a geolocated customer, checked in with or without a browser position."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {"partner_latitude": CUSTOMER_POSITION[0], "partner_longitude": CUSTOMER_POSITION[1]}
        )
        cls.env.company.write({"crm_visit_radius_m": 500, "crm_visit_geo_policy": "record"})

    def _check_in(self, visit, browser_position, user=None):
        visit = visit.with_user(user or self.user)
        return visit.with_context(crm_visit_position=browser_position).action_check_in()

    def _check_out(self, visit, browser_position, user=None):
        visit = visit.with_user(user or self.user)
        return visit.with_context(crm_visit_position=browser_position).action_check_out()

    def _today_visit(self, **values):
        return self._visit(start="2024-06-10 01:30:00", **values)
