import math
from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime

from ..customer_insight.sla import (
    AT_RISK,
    FAILED,
    MET,
    ON_TRACK,
    add_working_hours,
    target_status,
    working_hours,
    worst,
)

SLA_STATUSES = [
    (ON_TRACK, "On Track"),
    (AT_RISK, "At Risk"),
    (FAILED, "Failed"),
    (MET, "Met"),
]
OPEN_SLA = (ON_TRACK, AT_RISK)
# Calendar stretch read at first for a target of ``hours``: two weeks plus half an hour
# of calendar per working hour; longer stretches are read when it was not enough.
_HORIZON_DAYS = 14
_HORIZON_TRIES = 4


class CrmCustomerSlaStatus(models.Model):
    """How one log entry stands against one SLA policy: deadlines, reached dates, status.

    Only the entry's methods and the SLA job write these rows.
    """

    _name = "crm.customer.sla.status"
    _description = "Customer SLA Status"
    _order = "log_id, policy_id"

    log_id = fields.Many2one(
        "crm.customer.log", required=True, index=True, ondelete="cascade", readonly=True
    )
    policy_id = fields.Many2one(
        "crm.customer.sla.policy", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="log_id.user_id", string="Responsible")
    start = fields.Datetime(required=True, readonly=True, help="When the clock started.")
    paused_hours = fields.Float(
        readonly=True, help="Working hours the clock stood still (waiting for the customer)."
    )
    response_deadline = fields.Datetime(readonly=True, index="btree_not_null")
    response_warn_at = fields.Datetime(readonly=True, index="btree_not_null")
    responded_on = fields.Datetime(readonly=True)
    resolution_deadline = fields.Datetime(readonly=True, index="btree_not_null")
    resolution_warn_at = fields.Datetime(readonly=True, index="btree_not_null")
    resolved_on = fields.Datetime(readonly=True)
    status = fields.Selection(
        SLA_STATUSES, default=ON_TRACK, required=True, readonly=True, index=True
    )
    warning_sent = fields.Boolean(readonly=True)
    breach_sent = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("log_policy_uniq", "unique(log_id, policy_id)", "A policy applies once to an entry."),
    ]

    # ------------------------------------------------------------------
    # Working time
    # ------------------------------------------------------------------

    @api.model
    def _crm_intervals(self, calendar, start, end):
        """Working intervals of ``calendar`` (naive UTC) between ``start`` and ``end``.

        Public holidays are the calendar's leaves without a resource; no calendar
        means every hour of the clock.
        """
        if not calendar:
            return [(start, end)]
        batch = calendar._work_intervals_batch(pytz.utc.localize(start), pytz.utc.localize(end))[
            False
        ]
        return [
            (
                low.astimezone(pytz.utc).replace(tzinfo=None),
                high.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for low, high, _records in batch
        ]

    def _crm_compute_deadlines(self):
        """Deadlines and warning moments of the rows, grouped by calendar (one read each)."""
        share = {}
        by_calendar = defaultdict(self.browse)
        for row in self:
            by_calendar[row.policy_id.calendar_id] |= row
            share[row.id] = (row.company_id.crm_sla_warning_share or 0) / 100.0
        for calendar, rows in by_calendar.items():
            values = self._crm_deadline_values(calendar, rows, share)
            groups = defaultdict(list)
            for row_id, vals in values.items():
                groups[tuple(sorted(vals.items()))].append(row_id)
            for vals, ids in groups.items():
                self.browse(ids).write(dict(vals))

    @api.model
    def _crm_deadline_values(self, calendar, rows, share):
        start = min(rows.mapped("start"))
        longest = max(
            max(r.policy_id.response_hours, r.policy_id.resolution_hours) + r.paused_hours
            for r in rows
        )
        days = _HORIZON_DAYS + math.ceil(longest / 2)
        values = {}
        pending = rows
        for _try in range(_HORIZON_TRIES):
            intervals = self._crm_intervals(calendar, start, start + timedelta(days=days))
            for row in pending:
                vals = {}
                for target in ("response", "resolution"):
                    hours = row.policy_id[f"{target}_hours"]
                    deadline = warn = False
                    if hours:
                        deadline = add_working_hours(row.start, hours + row.paused_hours, intervals)
                        warn = add_working_hours(
                            row.start, hours * share[row.id] + row.paused_hours, intervals
                        )
                        if deadline is None:
                            break
                    vals[f"{target}_deadline"] = deadline
                    vals[f"{target}_warn_at"] = warn
                else:
                    values[row.id] = vals
            pending = pending.filtered(lambda r: r.id not in values)
            if not pending:
                break
            days *= 4
        for row in pending:  # no working time within years: no deadline to keep
            values[row.id] = dict.fromkeys(
                (
                    "response_deadline",
                    "response_warn_at",
                    "resolution_deadline",
                    "resolution_warn_at",
                ),
                False,
            )
        return values

    def _crm_add_pause(self, since, until):
        """Count the working hours between ``since`` and ``until`` as paused; move the deadlines."""
        by_calendar = defaultdict(self.browse)
        for row in self.filtered("policy_id.pause_on_waiting"):
            by_calendar[row.policy_id.calendar_id] |= row
        for calendar, rows in by_calendar.items():
            hours = working_hours(since, until, self._crm_intervals(calendar, since, until))
            for row in rows:
                row.paused_hours += hours
            rows._crm_compute_deadlines()

    # ------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------

    def _crm_refresh(self, now=None):
        """Reached dates from the entries, statuses from the times, in grouped writes."""
        now = now or fields.Datetime.now()
        groups = defaultdict(list)
        for row in self:
            log = row.log_id
            resolved = log.resolved_on or False
            # resolving without an answer first answers too: the response target is reached
            responded = log.responded_on or resolved
            paused = log.state == "waiting" and row.policy_id.pause_on_waiting
            statuses = [
                target_status(
                    now if not paused else row.start,
                    row.response_deadline or None,
                    responded or None,
                    row.response_warn_at or None,
                ),
                target_status(
                    now if not paused else row.start,
                    row.resolution_deadline or None,
                    resolved or None,
                    row.resolution_warn_at or None,
                ),
            ]
            status = worst(statuses)
            if paused and row.status in (AT_RISK, FAILED) and status == ON_TRACK:
                status = row.status  # a paused clock keeps what it showed
            vals = {
                "responded_on": responded,
                "resolved_on": resolved,
                "status": status,
            }
            if status in OPEN_SLA:  # reopened or moved deadline: may warn again
                vals.update(breach_sent=False, warning_sent=row.warning_sent and status == AT_RISK)
            groups[tuple(sorted(vals.items()))].append(row.id)
        for vals, ids in groups.items():
            self.browse(ids).write(dict(vals))

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------

    @api.model
    def _crm_running_domain(self):
        """Rows whose clock runs: open, and not paused by waiting for the customer."""
        return [
            ("status", "in", OPEN_SLA),
            "|",
            ("log_id.state", "in", ("new", "in_progress")),
            "&",
            ("log_id.state", "=", "waiting"),
            ("policy_id.pause_on_waiting", "=", False),
        ]

    @api.model
    def _cron_sla(self):
        """Every 15 minutes: statuses from the clock; one warning and one breach activity each.

        Set-based: a fixed number of searches and grouped writes whatever the number
        of open entries; only rows that change are read.
        """
        now = fields.Datetime.now()
        running = self._crm_running_domain()
        failed = self.search(
            [
                *running,
                "|",
                "&",
                ("response_deadline", "<", now),
                ("responded_on", "=", False),
                "&",
                ("resolution_deadline", "<", now),
                ("resolved_on", "=", False),
            ]
        )
        failed.write({"status": FAILED})
        at_risk = self.search(
            [
                *running,
                ("status", "=", ON_TRACK),
                "|",
                "&",
                ("response_warn_at", "<=", now),
                ("responded_on", "=", False),
                "&",
                ("resolution_warn_at", "<=", now),
                ("resolved_on", "=", False),
            ]
        )
        at_risk.write({"status": AT_RISK})
        self._crm_notify(now)

    @api.model
    def _crm_notify(self, now):
        warn = self.search([("status", "=", AT_RISK), ("warning_sent", "=", False)])
        breach = self.search([("status", "=", FAILED), ("breach_sent", "=", False)])
        vals_list = [row._crm_activity_values(row.log_id.user_id, False, now) for row in warn]
        vals_list += [
            row._crm_activity_values(row.log_id.team_id.user_id or row.log_id.user_id, True, now)
            for row in breach
        ]
        # one activity per row, assigned without an e-mail each (the activity menu shows it)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [vals for vals in vals_list if vals]
        )
        warn.write({"warning_sent": True})
        breach.write({"breach_sent": True, "warning_sent": True})

    def _crm_activity_values(self, user, breached, now):
        self.ensure_one()
        if not user.active:
            return None
        log = self.log_id
        open_deadlines = [
            deadline
            for deadline, reached in (
                (self.response_deadline, self.responded_on),
                (self.resolution_deadline, self.resolved_on),
            )
            if deadline and not reached
        ]
        deadline = min(open_deadlines, default=now)
        values = {
            "policy": self.policy_id.name,
            "log": log.display_name,
            "customer": log.partner_id.display_name,
            "deadline": format_datetime(self.env, deadline, tz=user.tz),
        }
        if breached:
            summary = self.env._("SLA failed: %(policy)s", **values)
            note = self.env._(
                "%(log)s for %(customer)s missed its SLA %(policy)s, due on %(deadline)s.", **values
            )
            xmlid = "crm_customer_info.mail_activity_type_sla_breach"
        else:
            summary = self.env._("SLA at risk: %(policy)s", **values)
            note = self.env._(
                "%(log)s for %(customer)s is due under SLA %(policy)s on %(deadline)s.", **values
            )
            xmlid = "crm_customer_info.mail_activity_type_sla_warning"
        return {
            "res_model_id": self.env["ir.model"]._get_id(log._name),
            "res_id": log.id,
            "activity_type_id": self.env.ref(xmlid).id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(self),
            "summary": summary,
            "note": Markup("<p>%s</p>") % note,
        }
