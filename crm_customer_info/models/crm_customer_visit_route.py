from collections import defaultdict
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..customer_insight.geo import haversine_m, route_map_url, suggest_order


class CrmCustomerVisit(models.Model):
    # My Day: a salesperson's visits of a day as a route.
    _inherit = "crm.customer.visit"  # pylint: disable=consider-merging-classes-inherited

    fixed_time = fields.Boolean(
        help="The time is agreed with the customer: *Suggest Order* leaves this visit where it is.",
    )
    route_distance = fields.Float(
        string="From Previous Stop (km)",
        compute="_compute_route_distance",
        digits=(16, 1),
        help="Straight-line distance from the salesperson's previous visit of the day, in "
        "kilometres; 0 for the first one or when a customer has no coordinates.",
    )

    def _crm_day_key(self):
        return (self.user_id.id, self.visit_date)

    @api.depends(
        "start",
        "state",
        "user_id",
        "visit_date",
        "partner_id.partner_latitude",
        "partner_id.partner_longitude",
    )
    def _compute_route_distance(self):
        self.route_distance = 0.0
        planned = self.filtered(lambda v: isinstance(v.id, int) and v.user_id and v.visit_date)
        if not planned:
            return
        days = defaultdict(list)
        for visit in self.search(
            [
                ("user_id", "in", planned.user_id.ids),
                ("visit_date", "in", list(set(planned.mapped("visit_date")))),
                ("state", "!=", "cancelled"),
            ],
            order="start, id",
        ):
            days[visit._crm_day_key()].append(visit)
        for stops in days.values():
            for previous, visit in pairwise(stops):
                if visit not in planned:
                    continue
                here, there = previous._crm_customer_position(), visit._crm_customer_position()
                if here and there:
                    visit.route_distance = haversine_m(here, there) / 1000

    def _crm_my_day(self):
        """The visits of My Day: these, or the user's visits of today when none is selected."""
        if self:
            visits = self
        else:
            visits = self.search(
                [
                    ("user_id", "=", self.env.uid),
                    ("visit_date", "=", fields.Date.context_today(self)),
                    ("state", "!=", "cancelled"),
                ]
            )
        if len({visit._crm_day_key() for visit in visits}) > 1:
            raise UserError(self.env._("Select the visits of one salesperson and one day."))
        return visits.sorted(lambda v: (v.start, v.id))

    def action_open_route_map(self):
        """Open the day's itinerary, stop by stop in planned order, on a public map site."""
        visits = self._crm_my_day()
        points = [p for p in (v._crm_customer_position() for v in visits) if p]
        if not points:
            raise UserError(self.env._("None of these customers has coordinates yet."))
        return {"type": "ir.actions.act_url", "url": route_map_url(points), "target": "new"}

    def action_suggest_order(self):
        """Reorder the day's movable visits to shorten the trip, keeping their time slots.

        Movable: planned, not checked in, on site, not at a fixed time, at a customer
        with coordinates. They swap their planned starts so that, in time order,
        they follow the shortest path found from the last stop before them.
        """
        visits = self._crm_my_day()
        visits.check_access("write")
        movable = visits.filtered(
            lambda v: (
                v.state == "planned"
                and not v.check_in
                and not v.fixed_time
                and v.method == "on_site"
                and v._crm_customer_position()
            )
        )
        if len(movable) < 2:
            raise UserError(self.env._("There are not two visits to reorder on this day."))
        first_start = min(movable.mapped("start"))
        before = visits.filtered(
            lambda v: v.start < first_start and v.state != "cancelled" and v not in movable
        )
        start = next((p for p in (v._crm_customer_position() for v in reversed(before)) if p), None)
        order = suggest_order([v._crm_customer_position() for v in movable], start=start)
        if start is None and order[-1] < order[0]:
            # an open path is as long both ways: start from the visit planned first
            order.reverse()
        slots = sorted(movable.mapped("start"))
        for index, slot in zip(order, slots, strict=True):
            visit = movable[index]
            if visit.start != slot:
                visit.write({"start": slot})
        return {"type": "ir.actions.client", "tag": "soft_reload"}
