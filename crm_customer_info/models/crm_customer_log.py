from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..customer_insight.service import elapsed_hours, warranty_status
from .constants import (
    DONE_STATES,
    LOG_STATES,
    MANAGER_GROUP,
    OPEN_STATES,
    SATISFACTION,
)
from .integrity import MAX_AMOUNT, check_client_values, check_dates, check_range, server_write

CHANNELS = [
    ("phone", "Phone"),
    ("visit", "Visit"),
    ("email", "E-mail"),
    ("im", "WeChat / IM"),
    ("walk_in", "Walk-in"),
    ("other", "Other"),
]
SEQUENCE_CODE = "crm.customer.log"
# Fields only the entry's own methods write (buttons, the SLA), with the only
# value a request may create an entry with (None: no value).
SERVER_FIELDS = {
    "state": "new",
    "resolved_by_id": None,
    "resolved_on": None,
    "resolution_hours": None,
    "deadline": None,
    "parts_cost": None,
    "total_cost": None,
    "under_warranty": None,
    "warranty_end_date": None,
}


class CrmCustomerLog(models.Model):
    """Maintenance log entry (维护日志): a consultation, complaint, contact, service or feedback."""

    _name = "crm.customer.log"
    _description = "Customer Log Entry"
    _inherit = ["crm.customer.numbered.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "log_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "subject"]

    name = fields.Char(string="Reference")
    subject = fields.Char(required=True, tracking=True)
    type_id = fields.Many2one(
        "crm.customer.log.type",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    type_icon = fields.Char(related="type_id.icon", string="Type Icon")
    type_color = fields.Integer(related="type_id.color")
    needs_resolution = fields.Boolean(related="type_id.needs_resolution")
    is_service = fields.Boolean(related="type_id.is_service")
    state = fields.Selection(
        LOG_STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="The customer (a company or an individual); a contact person chosen here "
        "is moved to Contact Person and the customer becomes its company.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
    )
    log_date = fields.Datetime(
        string="Date", required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Defaults to the customer's salesperson.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    # What the entry is about
    product_ids = fields.Many2many("product.product", string="Products", check_company=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Lots/Serial Numbers",
        check_company=True,
        domain="[('product_id', 'in', product_ids)]",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id), ('picking_type_code', '=', 'outgoing')]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id),"
        " ('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )

    # Service / repair
    symptom = fields.Text()
    work_done = fields.Text()
    part_ids = fields.One2many("crm.customer.log.part", "log_id", string="Parts Used", copy=True)
    parts_cost = fields.Monetary(compute="_compute_costs", store=True)
    labour_cost = fields.Monetary()
    total_cost = fields.Monetary(compute="_compute_costs", store=True)
    under_warranty = fields.Boolean(
        compute="_compute_warranty",
        store=True,
        tracking=True,
        help="Every lot (or, without lots, every product of the linked delivery) was delivered "
        "to a customer within its product's warranty period before the log date.",
    )
    warranty_end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_warranty",
        store=True,
        help="Delivery date plus the product's warranty period; the earliest of the items.",
    )

    # Outcome
    satisfaction = fields.Selection(SATISFACTION, default="0", required=True, tracking=True)
    competitor_notes = fields.Text(
        help="What the customer says about competitors and their products."
    )
    resolution = fields.Text(tracking=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    resolved_on = fields.Datetime(readonly=True, copy=False)
    resolution_hours = fields.Float(
        string="Hours to Resolve",
        compute="_compute_resolution_hours",
        store=True,
        aggregator="avg",
        help="Hours from the log date to the resolution.",
    )
    is_locked = fields.Boolean(
        compute="_compute_is_locked", help="Closed, and the current user is not a manager."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_user_id(self):
        for log in self:
            log.user_id = log.partner_id.user_id or log.user_id or self.env.user

    @api.depends("partner_id", "user_id")
    def _compute_team_id(self):
        """The customer's team, unless the responsible user works in another one."""
        for log in self:
            team = log.partner_id.team_id or log.team_id
            user = log.user_id
            if user and user not in team.member_ids and user != team.user_id:
                team = user.sale_team_id or team
            log.team_id = team

    @api.depends("part_ids.cost", "labour_cost")
    def _compute_costs(self):
        for log in self:
            log.parts_cost = sum(log.part_ids.mapped("cost"))
            log.total_cost = log.parts_cost + log.labour_cost

    @api.depends(
        "log_date",
        "lot_ids.product_id.warranty_months",
        "product_ids.warranty_months",
        "picking_id.date_done",
    )
    def _compute_warranty(self):
        delivered = self.lot_ids._crm_customer_delivery_dates()
        for log in self:
            if log.lot_ids:
                items = [
                    (delivered.get(lot._origin.id), lot.product_id.warranty_months)
                    for lot in log.lot_ids
                ]
            elif log.picking_id.date_done:
                day = log.picking_id.date_done.date()
                items = [(day, product.warranty_months) for product in log.product_ids]
            else:
                items = []
            status = warranty_status(items, (log.log_date or fields.Datetime.now()).date())
            log.under_warranty = status.covered
            log.warranty_end_date = status.end

    @api.depends("log_date", "resolved_on")
    def _compute_resolution_hours(self):
        for log in self:
            log.resolution_hours = elapsed_hours(log.log_date, log.resolved_on) or 0.0

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_is_locked(self):
        manager = self.env.user.has_group(MANAGER_GROUP)
        for log in self:
            log.is_locked = log.state == "closed" and not manager

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for log in self:
            log.display_name = f"{log.name} {log.subject}" if log.subject else log.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("lot_ids", "product_ids")
    def _check_lots_match_products(self):
        for log in self:
            strays = log.lot_ids.filtered(
                lambda lot, log=log: lot.product_id not in log.product_ids
            )
            if strays:
                raise ValidationError(
                    self.env._(
                        "Lot/serial number %(lots)s does not belong to the products of %(log)s: "
                        "add its product or remove it.",
                        lots=", ".join(strays.mapped("name")),
                        log=log.display_name,
                    )
                )

    @api.constrains("state", "resolution", "type_id")
    def _check_resolution(self):
        for log in self:
            if (
                log.state in DONE_STATES
                and log.needs_resolution
                and not (log.resolution or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Describe the resolution of %(log)s before resolving it.",
                        log=log.display_name,
                    )
                )

    @api.constrains("log_date")
    def _check_log_date(self):
        check_dates(self, "log_date")

    @api.constrains("labour_cost")
    def _check_labour_cost(self):
        check_range(self, "labour_cost", 0, MAX_AMOUNT)

    @api.constrains("state", "log_date")
    def _check_done_not_in_future(self):
        now = fields.Datetime.now()
        for log in self:
            if log.state in DONE_STATES and log.log_date > now:
                raise ValidationError(
                    self.env._(
                        "%(log)s is dated in the future: an entry can be resolved or closed "
                        "only once it happened.",
                        log=log.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _crm_split_contacts(self, vals_list):
        """A contact person chosen as customer: keep it as contact, log on its commercial entity."""
        partners = self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )
        commercial = {partner.id: partner.commercial_partner_id for partner in partners}
        for vals in vals_list:
            entity = commercial.get(vals.get("partner_id"))
            if entity and entity.id != vals["partner_id"]:
                vals.setdefault("contact_id", vals["partner_id"])
                vals["partner_id"] = entity.id

    @api.model_create_multi
    def create(self, vals_list):
        self = check_client_values(self, vals_list, SERVER_FIELDS)  # noqa: PLW0642
        self._crm_split_contacts(vals_list)
        return super().create(vals_list)

    @api.model
    def _crm_handover_records(self, customers, user):
        """Handover: the open entries of ``user`` on ``customers`` move with them."""
        return self.search(
            [
                ("partner_id", "in", customers.ids),
                ("user_id", "=", user.id),
                ("state", "in", OPEN_STATES),
            ]
        )

    @api.model
    def _crm_number_sequence(self, company):
        """The company's own log sequence, or the shared one."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", SEQUENCE_CODE), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(
                self.env._(
                    "Customer log entries have no sequence: create one with the code %(code)s.",
                    code=SEQUENCE_CODE,
                )
            )
        return sequence

    def write(self, vals):
        check_client_values(self, vals, SERVER_FIELDS)
        self._crm_check_editable(vals)
        if vals.get("partner_id"):
            vals_list = [vals]
            self._crm_split_contacts(vals_list)
        return super().write(vals)

    def unlink(self):
        self._crm_check_editable()
        return super().unlink()

    def _crm_write_workflow(self, vals):
        """Write workflow fields (status, resolution stamps, flags): for the entry's own methods.

        The buttons and the overdue job call this after checking their rules; the
        user's access rights and the closed-entry lock still apply.
        """
        with server_write(self._name):
            return self.write(vals)

    def _crm_check_editable(self, fnames=None):
        """Closed entries are read-only except for managers (chatter and activities stay open)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if fnames is not None and set(fnames) <= self._crm_chatter_fields():
            return
        closed = self.filtered(lambda log: log.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "%(logs)s is closed: only a manager can change it or reopen it.",
                    logs=", ".join(closed.mapped("display_name")),
                )
            )

    @api.model
    def _crm_chatter_fields(self):
        return set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _crm_check_states(self, allowed, action):
        wrong = self.filtered(lambda log: log.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(action)s is not possible for %(logs)s in its current stage.",
                    action=action,
                    logs=", ".join(wrong.mapped("display_name")),
                )
            )

    def action_start(self):
        self._crm_check_states(("new",), self.env._("Start"))
        self._crm_write_workflow({"state": "in_progress"})
        return True

    def action_resolve(self):
        self._crm_check_states(OPEN_STATES, self.env._("Resolve"))
        self._crm_write_workflow(
            {
                "state": "resolved",
                "resolved_by_id": self.env.uid,
                "resolved_on": fields.Datetime.now(),
            }
        )
        return True

    def action_close(self):
        """Close resolved entries; entries that need no resolution close straight away."""
        self._crm_check_states((*OPEN_STATES, "resolved"), self.env._("Close"))
        unresolved = self.filtered(lambda log: log.state in OPEN_STATES and log.needs_resolution)
        if unresolved:
            raise UserError(
                self.env._(
                    "Resolve %(logs)s before closing it, or cancel it.",
                    logs=", ".join(unresolved.mapped("display_name")),
                )
            )
        done_now = self.filtered(lambda log: not log.resolved_on)
        done_now._crm_write_workflow(
            {"resolved_by_id": self.env.uid, "resolved_on": fields.Datetime.now()}
        )
        self._crm_write_workflow({"state": "closed"})
        return True

    def action_cancel(self):
        self._crm_check_states((*OPEN_STATES, "resolved"), self.env._("Cancel"))
        self._crm_write_workflow({"state": "cancelled"})
        return True

    def action_reopen(self):
        """Back to In Progress; the previous resolution is kept in the chatter.

        Its SLA statuses are worked out again from their deadlines.
        """
        self._crm_check_states(("resolved", "closed", "cancelled"), self.env._("Reopen"))
        bodies = {}
        for log in self:
            body = Markup("<p>%s</p>") % self.env._(
                "Reopened by %(user)s.", user=self.env.user.name
            )
            if log.resolution:
                body += Markup("<p>%s</p><blockquote>%s</blockquote>") % (
                    self.env._("Previous resolution:"),
                    log.resolution,
                )
            bodies[log.id] = body
        self._crm_write_workflow(
            {
                "state": "in_progress",
                "resolved_by_id": False,
                "resolved_on": False,
            }
        )
        self._message_log_batch(bodies=bodies)
        return True

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def action_open_form(self):
        """From the quick-entry dialog: the full form of the entry."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.onchange("lot_ids")
    def _onchange_lot_ids(self):
        """Choosing a lot adds its product."""
        missing = self.lot_ids.product_id - self.product_ids
        if missing:
            self.product_ids |= missing
