from odoo import api, fields, models
from odoo.exceptions import UserError

from ..customer_insight.service import is_past_deadline
from ..customer_insight.sla import worst
from .constants import DONE_STATES, OPEN_STATES
from .crm_customer_log import SERVER_FIELDS
from .crm_customer_sla_policy import PRIORITIES
from .crm_customer_sla_status import SLA_STATUSES

# Written by the entry's own methods only (buttons, messages, the SLA job).
SERVER_FIELDS.update({"responded_on": None, "waiting_since": None})
# A change of these fields may change which SLA policies apply.
SLA_FIELDS = ("type_id", "priority", "team_id", "partner_id", "company_id", "tag_ids")


class CrmCustomerLog(models.Model):
    """SLA of log entries: priority, first response, waiting for the customer, statuses.

    The SLA policies are the only source of deadlines: the response deadline shown
    to staff and customers, the Overdue list and the report's overdue complaints all
    come from the entry's SLA statuses.
    """

    _inherit = "crm.customer.log"  # pylint: disable=consider-merging-classes-inherited

    priority = fields.Selection(PRIORITIES, default="0", tracking=True, index=True)
    responded_on = fields.Datetime(
        string="First Response",
        readonly=True,
        copy=False,
        help="First message from staff to the customer after the entry was logged, or the "
        "Responded button.",
    )
    waiting_since = fields.Datetime(readonly=True, copy=False)
    sla_status_ids = fields.One2many(
        "crm.customer.sla.status", "log_id", string="SLA", readonly=True, copy=False
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        index="btree_not_null",
        help="The worst status of the SLA policies that apply to the entry.",
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_status",
        store=True,
        help="The nearest deadline not yet reached.",
    )
    deadline = fields.Datetime(
        string="Response Deadline",
        compute="_compute_sla_status",
        store=True,
        index="btree_not_null",
        help="The earliest first-response deadline of the SLA policies that apply.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Still open after its response deadline.",
    )

    @api.depends(
        "sla_status_ids.status",
        "sla_status_ids.response_deadline",
        "sla_status_ids.resolution_deadline",
        "sla_status_ids.responded_on",
        "sla_status_ids.resolved_on",
    )
    def _compute_sla_status(self):
        for log in self:
            rows = log.sla_status_ids
            log.sla_status = worst(rows.mapped("status")) if rows else False
            deadlines = [
                deadline
                for row in rows
                for deadline, reached in (
                    (row.response_deadline, row.responded_on),
                    (row.resolution_deadline, row.resolved_on),
                )
                if deadline and not reached
            ]
            log.sla_deadline = min(deadlines, default=False)
            log.deadline = min(
                (row.response_deadline for row in rows if row.response_deadline), default=False
            )

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for log in self:
            log.is_overdue = is_past_deadline(log.deadline or None, now, log.state in OPEN_STATES)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue entries."))
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [("state", "in", OPEN_STATES), ("deadline", "<", now)]
        return [
            "|",
            "|",
            ("state", "not in", OPEN_STATES),
            ("deadline", "=", False),
            ("deadline", ">=", now),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        # an entry recorded already resolved (history, imports) is judged by its SLA too
        logs._crm_sla_apply(states=(*OPEN_STATES, *DONE_STATES))
        return logs

    def write(self, vals):
        result = super().write(vals)
        if any(fname in vals for fname in (*SLA_FIELDS, "log_date")):
            self._crm_sla_apply(restart="log_date" in vals)
        return result

    def _crm_write_workflow(self, vals):
        """Stop or restart the clock with the state; statuses follow the reached dates."""
        now = fields.Datetime.now()
        if vals.get("state") == "waiting":
            vals = {**vals, "waiting_since": now}
        elif "state" in vals:
            waited = self.filtered(lambda log: log.state == "waiting" and log.waiting_since)
            for since, logs in waited.grouped("waiting_since").items():
                logs.sla_status_ids.sudo()._crm_add_pause(since, now)
            if waited:
                vals = {**vals, "waiting_since": False}
        result = super()._crm_write_workflow(vals)
        if {"state", "responded_on"} & set(vals):
            self.sla_status_ids.sudo()._crm_refresh(now)
        return result

    def _crm_sla_apply(self, restart=False, states=OPEN_STATES):
        """Create the statuses of the policies that apply now; drop those that stopped applying.

        Rows already reached something are kept. ``restart``: the log date moved, the
        clocks start again from it. Only entries in ``states`` are looked at: a change
        to a resolved entry does not rewrite its history.
        """
        logs = self.sudo().filtered(lambda log: log.state in states)
        if not logs:
            return
        Status = self.env["crm.customer.sla.status"].sudo()
        policies = (
            self.env["crm.customer.sla.policy"]
            .sudo()
            .search([("company_id", "in", logs.company_id.ids)])
        )
        stale = Status.browse()
        new_vals = []
        for log in logs:
            applies = policies.filtered(lambda policy, log=log: policy._crm_applies_to(log))
            rows = log.sla_status_ids
            stale |= rows.filtered(
                lambda row, applies=applies: (
                    row.policy_id not in applies and not row.responded_on and not row.resolved_on
                )
            )
            new_vals += [
                {"log_id": log.id, "policy_id": policy.id, "start": log.log_date}
                for policy in applies - rows.policy_id
            ]
        stale.unlink()
        rows = Status.create(new_vals)
        if restart:
            kept = logs.sla_status_ids - rows
            for log_date, group in kept.grouped(lambda row: row.log_id.log_date).items():
                group.write({"start": log_date})
            rows |= kept
        rows._crm_compute_deadlines()
        logs.sla_status_ids._crm_refresh()

    # ------------------------------------------------------------------
    # Buttons and messages
    # ------------------------------------------------------------------

    def action_wait(self):
        """Waiting for the customer: the clock of the policies that pause stops."""
        self._crm_check_states(("new", "in_progress"), self.env._("Wait for the customer"))
        self._crm_write_workflow({"state": "waiting"})
        return True

    def action_resume(self):
        """The customer answered: back to In Progress, the clock runs again."""
        self._crm_check_states(("waiting",), self.env._("Resume"))
        self._crm_write_workflow({"state": "in_progress"})
        return True

    def action_responded(self):
        """The first response was given outside the chatter (a phone call, a visit)."""
        self._crm_check_states(OPEN_STATES, self.env._("Responded"))
        self.filtered(lambda log: not log.responded_on)._crm_write_workflow(
            {"responded_on": fields.Datetime.now()}
        )
        return True

    def _message_post_after_hook(self, message, msg_vals):
        """A message from staff to the customer is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        if self.responded_on or self.state not in OPEN_STATES:
            return result
        author = message.author_id
        staff = any(not user.share for user in author.user_ids)
        to_customer = message.partner_ids.commercial_partner_id & self.partner_id
        public = message.subtype_id == self.env.ref("mail.mt_comment")
        if staff and to_customer and public and message.message_type in ("comment", "email"):
            self.sudo()._crm_write_workflow({"responded_on": message.date or fields.Datetime.now()})
        return result
