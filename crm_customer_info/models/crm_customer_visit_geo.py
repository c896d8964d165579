import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..customer_insight.geo import haversine_m
from .integrity import check_client_values, is_server_write, server_write

# Context key the Check In / Check Out buttons fill with the browser's position
# (static/src/js/visit_geolocation.js): {"latitude", "longitude", "accuracy"} in degrees
# and metres, or {"error": "..."} when the browser gave none.
POSITION_KEY = "crm_visit_position"
POSITION_STATES = [
    ("on_site", "On Site"),
    ("off_site", "Off Site"),
    ("no_position", "No Position"),
    ("not_located", "Customer Not Located"),
]
# Written by the buttons and the override wizard only.
GEO_FIELDS = {
    f"{moment}_{suffix}": None
    for moment in ("check_in", "check_out")
    for suffix in ("latitude", "longitude", "accuracy", "distance", "position")
} | {"check_in_override_reason": None, "check_in_override_user_id": None, "off_site": None}
# Accuracy the browser may report, in metres (a position farther off is no position).
MAX_ACCURACY_M = 100_000


class CrmCustomerVisit(models.Model):
    # Field visits: where the salesperson was when checking in and out.
    _inherit = "crm.customer.visit"  # pylint: disable=consider-merging-classes-inherited

    check_in_latitude = fields.Float(
        string="Check-in Latitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    check_in_longitude = fields.Float(
        string="Check-in Longitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    check_in_accuracy = fields.Float(
        string="Check-in Accuracy (m)",
        readonly=True,
        copy=False,
        aggregator=None,
        help="How precise the browser said the position was, in metres.",
    )
    check_in_distance = fields.Float(
        string="Check-in Distance (m)",
        readonly=True,
        copy=False,
        aggregator=None,
        help="Straight-line distance, in metres, from the check-in position to the customer's "
        "geolocated address.",
    )
    check_in_position = fields.Selection(
        POSITION_STATES,
        string="Checked In",
        readonly=True,
        copy=False,
        tracking=True,
        help="Where the check-in was recorded: within the company's radius of the customer, "
        "farther away, without a position (the browser gave none), or for a customer without "
        "coordinates. Empty for visits not checked in with the button.",
    )
    check_out_latitude = fields.Float(
        string="Check-out Latitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    check_out_longitude = fields.Float(
        string="Check-out Longitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    check_out_accuracy = fields.Float(
        string="Check-out Accuracy (m)", readonly=True, copy=False, aggregator=None
    )
    check_out_distance = fields.Float(
        string="Check-out Distance (m)", readonly=True, copy=False, aggregator=None
    )
    check_out_position = fields.Selection(
        POSITION_STATES, string="Checked Out", readonly=True, copy=False
    )
    check_in_override_reason = fields.Text(
        string="Override Reason",
        readonly=True,
        copy=False,
        tracking=True,
        help="Why a team leader checked this visit in although the policy refused it.",
    )
    check_in_override_user_id = fields.Many2one(
        "res.users", string="Overridden By", readonly=True, copy=False
    )
    off_site = fields.Boolean(
        compute="_compute_off_site",
        store=True,
        help="An on-site visit checked in or out farther than the company's radius from the "
        "customer.",
    )

    @api.depends("check_in_position", "check_out_position")
    def _compute_off_site(self):
        for visit in self:
            visit.off_site = "off_site" in (visit.check_in_position, visit.check_out_position)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self = check_client_values(self, vals_list, GEO_FIELDS)  # noqa: PLW0642
        self._crm_check_typed_check_in([vals for vals in vals_list if vals.get("check_in")])
        return super().create(vals_list)

    def write(self, vals):
        check_client_values(self, vals, GEO_FIELDS)
        if vals.get("check_in"):
            self._crm_check_typed_check_in([vals], self)
        return super().write(vals)

    def _crm_check_typed_check_in(self, vals_list, visits=None):
        """Under the *refuse* policy, a check-in time typed in by hand needs a team leader."""
        if not vals_list or is_server_write(self):
            return
        if self.env.user.has_group("crm_customer_info.group_crm_customer_team_leader"):
            return
        if visits is None:
            company_ids = {vals.get("company_id") or self.env.company.id for vals in vals_list}
            companies = self.env["res.company"].browse(company_ids)
            on_site = any(vals.get("method", "on_site") == "on_site" for vals in vals_list)
        else:
            companies = visits.company_id
            method = vals_list[0].get("method")
            on_site = method == "on_site" or (
                not method and any(v.method == "on_site" for v in visits)
            )
        if on_site and "refuse" in companies.sudo().mapped("crm_visit_geo_policy"):
            raise UserError(
                self.env._(
                    "Your company checks on-site visits in by position: use the Check In "
                    "button at the customer, or ask a team leader."
                )
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def _crm_browser_position(self):
        """The position sent by the button: (latitude, longitude, accuracy) or None."""
        position = self.env.context.get(POSITION_KEY)
        if not isinstance(position, dict) or position.get("error"):
            return None
        try:
            latitude = float(position["latitude"])
            longitude = float(position["longitude"])
            accuracy = float(position.get("accuracy") or 0.0)
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(self.env._("The position sent by the browser is not valid.")) from error
        if not (
            -90 <= latitude <= 90
            and -180 <= longitude <= 180
            and math.isfinite(accuracy)
            and 0 <= accuracy <= MAX_ACCURACY_M
        ):
            raise UserError(self.env._("The position sent by the browser is not valid."))
        return latitude, longitude, accuracy

    def _crm_customer_position(self):
        """Coordinates of the visited customer, or None when it has none."""
        partner = self.partner_id
        if partner.partner_latitude or partner.partner_longitude:
            return partner.partner_latitude, partner.partner_longitude
        return None

    def _crm_locate(self, moment):
        """Values of the ``moment`` ('check_in'/'check_out') position fields of one visit."""
        self.ensure_one()
        position = self._crm_browser_position()
        values = dict.fromkeys(
            (f"{moment}_latitude", f"{moment}_longitude", f"{moment}_accuracy"), 0.0
        )
        values[f"{moment}_distance"] = 0.0
        if position is None:
            values[f"{moment}_position"] = "no_position"
            return values
        latitude, longitude, accuracy = position
        values.update(
            {
                f"{moment}_latitude": latitude,
                f"{moment}_longitude": longitude,
                f"{moment}_accuracy": accuracy,
            }
        )
        customer = self._crm_customer_position()
        if customer is None:
            values[f"{moment}_position"] = "not_located"
            return values
        distance = haversine_m((latitude, longitude), customer)
        values[f"{moment}_distance"] = distance
        # the browser's uncertainty counts in the salesperson's favour
        inside = distance - accuracy <= self.company_id.crm_visit_radius_m
        values[f"{moment}_position"] = "on_site" if inside else "off_site"
        return values

    def _crm_geo_message(self, values):
        """Warning for a check-in that is not on site, or None."""
        state = values["check_in_position"]
        if state == "off_site":
            return self.env._(
                "%(visit)s: you are %(distance)s m from %(customer)s, farther than the "
                "%(radius)s m allowed.",
                visit=self.name,
                distance=round(values["check_in_distance"]),
                customer=self.partner_id.display_name,
                radius=self.company_id.crm_visit_radius_m,
            )
        if state == "no_position":
            return self.env._(
                "%(visit)s: the browser gave no position; allow location for this site.",
                visit=self.name,
            )
        if state == "not_located":
            return self.env._(
                "%(visit)s: %(customer)s has no coordinates; geolocate its address.",
                visit=self.name,
                customer=self.partner_id.display_name,
            )
        return None

    def action_check_in(self):
        """Check in now, recording where: refused, warned or only recorded per the policy."""
        self._crm_check_planned()
        if self.filtered("check_in"):
            raise UserError(self.env._("This visit is already checked in."))
        warnings = []
        for visit in self:
            if visit.method != "on_site":
                continue
            values = visit._crm_locate("check_in")
            message = visit._crm_geo_message(values)
            policy = visit.company_id.crm_visit_geo_policy
            if message and policy == "refuse" and values["check_in_position"] != "not_located":
                raise UserError(
                    self.env._(
                        "%(reason)s Check in at the customer, or ask a team leader to override.",
                        reason=message,
                    )
                )
            if message and policy == "warn":
                warnings.append(message)
            visit._crm_write_workflow(values)
        with server_write(self._name):
            result = super().action_check_in()
        return self._crm_warning(warnings) if warnings else result

    def action_check_out(self):
        """Check out now, recording where (never refused: the visit happened)."""
        result = super().action_check_out()
        for visit in self.filtered(lambda v: v.method == "on_site"):
            visit._crm_write_workflow(visit._crm_locate("check_out"))
        return result

    def _crm_warning(self, messages):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Checked in off site"),
                "message": "\n".join(messages),
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_override_check_in(self):
        """Open the wizard where a team leader checks the visit in with a reason."""
        self.ensure_one()
        self._crm_check_planned()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Check-in"),
            "res_model": "crm.customer.visit.check.in.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    def _crm_override_check_in(self, reason):
        """Check in now although the policy refuses it: for team leaders, with a reason."""
        if not self.env.user.has_group("crm_customer_info.group_crm_customer_team_leader"):
            raise UserError(self.env._("Only team leaders and managers override a check-in."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the check-in is overridden."))
        self._crm_check_planned()
        if self.filtered("check_in"):
            raise UserError(self.env._("This visit is already checked in."))
        self.check_access("write")
        for visit in self:
            values = (
                visit._crm_locate("check_in")
                if visit.method == "on_site"
                else {"check_in_position": False}
            )
            values.update(
                {
                    "check_in": fields.Datetime.now(),
                    "check_in_override_reason": reason.strip(),
                    "check_in_override_user_id": self.env.user.id,
                }
            )
            visit._crm_write_workflow(values)
        return True
