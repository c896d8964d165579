"""Visits on the partner: the customer's visit dates, which the partner alone writes.

The last visit, next due and next planned dates of a customer are stored per
company on the partner. Whoever changes what they depend on tells the partner:
visits (``crm.customer.visit``) when they are planned, done or moved, levels and
the classification when a level or its interval changes
(:meth:`ResPartner._crm_levels_changed`); the partner recomputes them with
:meth:`ResPartner._crm_refresh_visit_dates`, a fixed number of queries per
company, and writes them with ``_crm_write_company_values``.
"""

import logging
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..customer_insight.cadence import CustomerCadence, evaluate_cadence, is_visit_overdue
from .integrity import MAX_INTERVAL_DAYS, check_range

_logger = logging.getLogger(__name__)

# The partner's visit dates, written only by _crm_refresh_visit_dates.
VISIT_DATE_FIELDS = [
    "last_visit_date",
    "next_visit_due_date",
    "next_planned_visit_date",
    "visit_overdue_notified_date",
    "visit_overdue_date",
]


class VisitDateRow(NamedTuple):
    """What the visit dates of one customer in one company are computed from (days are dates,
    intervals whole days), and the dates stored now."""

    partner_id: int
    level_interval_days: int
    override_interval_days: int
    min_gap_days: int  # the level's days between visits (0: unset)
    max_gap_days: int
    last_visit: object  # day of the last done visit
    since: object  # day the customer was created
    next_planned: object  # start of the first planned visit (UTC datetime)
    notified_due: object  # due date the salesperson was last reminded of
    stored_last_visit: object
    stored_due: object
    stored_next_planned: object
    stored_overdue_from: object
    responsible: int  # salesperson, else the team leader


def _sane_interval(partner_id, days):
    """``days``, or 0 (no cadence) for an interval stored before the bounds existed."""
    if 0 <= days <= MAX_INTERVAL_DAYS:
        return days
    _logger.warning(
        "Customer %s: visit interval of %s days is out of bounds (0-%s); ignored.",
        partner_id,
        days,
        MAX_INTERVAL_DAYS,
    )
    return 0


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    visit_interval_days = fields.Integer(
        string="Visit Interval Override (days)",
        company_dependent=True,
        help="Days between two visits to this customer; 0 uses the interval of its level.",
    )
    last_visit_date = fields.Date(
        company_dependent=True, readonly=True, help="Day of the last done visit."
    )
    next_visit_due_date = fields.Date(
        string="Next Visit Due",
        company_dependent=True,
        readonly=True,
        help="Last done visit (or creation) plus the visit interval of the customer's level.",
    )
    next_planned_visit_date = fields.Datetime(
        string="Next Planned Visit", company_dependent=True, readonly=True
    )
    visit_overdue_notified_date = fields.Date(
        string="Overdue Reminder For",
        company_dependent=True,
        readonly=True,
        help="Due date for which the salesperson was last reminded that a visit is overdue.",
    )
    visit_overdue_date = fields.Date(
        string="Overdue After",
        company_dependent=True,
        readonly=True,
        help="Last done visit (or creation) plus the maximum days between visits of the "
        "customer's level (the visit interval when unset): the customer is overdue after it.",
    )
    visit_overdue = fields.Boolean(
        compute="_compute_visit_overdue",
        search="_search_visit_overdue",
        help="The last day between visits (the level's maximum, else the next visit due date) "
        "passed before today and no visit is planned.",
    )
    visit_count = fields.Integer(string="Visits", compute="_compute_visit_count")

    @api.constrains("visit_interval_days")
    def _check_visit_interval_days(self):
        check_range(self, "visit_interval_days", 0, MAX_INTERVAL_DAYS)

    @api.depends_context("company")
    @api.depends("visit_overdue_date", "next_planned_visit_date")
    def _compute_visit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.visit_overdue = is_visit_overdue(
                partner.visit_overdue_date or None, today, bool(partner.next_planned_visit_date)
            )

    def _search_visit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on overdue visits."))
        domain = [
            ("visit_overdue_date", "<", fields.Date.context_today(self)),
            ("next_planned_visit_date", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _compute_visit_count(self):
        counts = self.env["crm.customer.visit"]._crm_count_by("partner_id", self)
        for partner in self:
            partner.visit_count = counts.get(partner, 0)

    def action_open_visits(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.env["crm.customer.visit"]._crm_action(
            [("partner_id", "=", customer.id)], {"default_partner_id": customer.id}
        )

    def action_plan_visit(self):
        """Open a new visit of this customer, on its due day by default."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Visit"),
            "res_model": "crm.customer.visit",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_plan_visits(self):
        """Plan one visit for each selected customer that has none planned (one transaction)."""
        visits = self.env["crm.customer.visit"]._crm_plan_for_customers(self)
        skipped = len(self.commercial_partner_id) - len(visits)
        if not visits:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "Every selected customer already has a planned visit: nothing planned."
                    ),
                },
            }
        action = self.env["crm.customer.visit"]._crm_action([("id", "in", sorted(visits.ids))], {})
        action.update(
            {
                "name": self.env._("Planned Visits"),
                "view_mode": "list,calendar,form",
                "views": [(False, "list"), (False, "calendar"), (False, "form")],
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(planned)s visits planned; %(skipped)s customers skipped "
                    "(a visit is already planned).",
                    planned=len(visits),
                    skipped=skipped,
                ),
                "next": action,
            },
        }

    # ------------------------------------------------------------------
    # The visit dates (one entry point)
    # ------------------------------------------------------------------

    @api.model
    def _crm_levels_changed(self, companies=None, partners=None):
        """Hook: the levels (or level intervals) of ``partners`` (``None``: every customer)
        changed in ``companies`` (``None``: every active company). Their next visits move."""
        self._crm_refresh_visit_dates(companies, partners)

    @api.model
    def _crm_refresh_visit_dates(self, companies=None, partners=None, notify=False):
        """Recompute the customers' last visit, next due and next planned dates, per company.

        ``companies`` defaults to every active company; ``partners`` (commercial
        entities) limits the refresh (all customers when ``None``). With
        ``notify``, each customer that became overdue gets one "Visit Overdue"
        activity for its salesperson (or its team leader), once per due date.
        Runs a fixed number of queries per company, whatever the number of customers.
        """
        companies = companies or self.env["res.company"].sudo().search([("active", "=", True)])
        partner_ids = None if partners is None else partners.ids
        self.env["crm.customer.visit"].flush_model(
            ["partner_id", "company_id", "state", "visit_date", "start"]
        )
        self.flush_model()
        self.env["crm.customer.level"].flush_model(
            ["visit_interval_days", "visit_min_gap_days", "visit_max_gap_days"]
        )
        today = fields.Date.context_today(self)
        overdue, seen, reminders = set(), set(), []
        for company in companies:
            rows = self._crm_visit_date_rows(company, partner_ids)
            statuses = evaluate_cadence(
                [
                    CustomerCadence(
                        partner_id=row.partner_id,
                        level_interval_days=_sane_interval(row.partner_id, row.level_interval_days),
                        override_interval_days=_sane_interval(
                            row.partner_id, row.override_interval_days
                        ),
                        last_visit=row.last_visit,
                        since=row.since,
                        has_planned_visit=row.next_planned is not None,
                        notified_due=row.notified_due,
                        min_gap_days=_sane_interval(row.partner_id, row.min_gap_days),
                        max_gap_days=_sane_interval(row.partner_id, row.max_gap_days),
                    )
                    for row in rows
                ],
                today,
            )
            changes = {fname: {} for fname in VISIT_DATE_FIELDS}
            for row, status in zip(rows, statuses, strict=True):
                seen.add(row.partner_id)
                if status.overdue:
                    overdue.add(row.partner_id)
                notified = row.notified_due
                if notify and status.remind and row.responsible:
                    reminders.append((row.partner_id, row.responsible))
                    notified = status.due
                stored = (
                    row.stored_last_visit,
                    row.stored_due,
                    row.stored_next_planned,
                    row.stored_overdue_from,
                )
                computed = (row.last_visit, status.due, row.next_planned, status.overdue_from)
                if computed != stored or notified != row.notified_due:
                    changes["last_visit_date"][row.partner_id] = row.last_visit
                    changes["next_visit_due_date"][row.partner_id] = status.due
                    changes["next_planned_visit_date"][row.partner_id] = row.next_planned
                    changes["visit_overdue_notified_date"][row.partner_id] = notified
                    changes["visit_overdue_date"][row.partner_id] = status.overdue_from
            self._crm_write_company_values(company, changes)
        self._crm_update_overdue_activities(seen - overdue, reminders, today)

    @api.model
    def _crm_visit_date_rows(self, company, partner_ids):
        """One :class:`VisitDateRow` per customer of ``company`` that has visits, a cadence or
        stored visit dates (of ``partner_ids`` only, unless ``None``), by id."""
        key = str(company.id)
        only = partner_ids is not None
        self.env.cr.execute(
            SQL(
                """
                WITH visits AS (
                    SELECT partner_id,
                           max(visit_date) FILTER (WHERE state = 'done') AS last_visit,
                           min(start) FILTER (WHERE state = 'planned') AS next_planned
                      FROM crm_customer_visit
                     WHERE company_id = %(company_id)s
                       AND (NOT %(only)s OR partner_id = ANY(%(ids)s::int[]))
                     GROUP BY partner_id
                )
                SELECT p.id,
                       COALESCE(l.visit_interval_days, 0),
                       COALESCE((p.visit_interval_days->>%(key)s)::int, 0),
                       COALESCE(l.visit_min_gap_days, 0),
                       COALESCE(l.visit_max_gap_days, 0),
                       v.last_visit,
                       p.create_date::date,
                       v.next_planned,
                       (p.visit_overdue_notified_date->>%(key)s)::date,
                       (p.last_visit_date->>%(key)s)::date,
                       (p.next_visit_due_date->>%(key)s)::date,
                       (p.next_planned_visit_date->>%(key)s)::timestamp,
                       (p.visit_overdue_date->>%(key)s)::date,
                       COALESCE(p.user_id, t.user_id)
                  FROM res_partner p
                  LEFT JOIN visits v ON v.partner_id = p.id
                  LEFT JOIN crm_customer_level l ON l.id = (p.level_id->>%(key)s)::int
                  LEFT JOIN crm_team t ON t.id = p.team_id
                 WHERE (p.is_company OR p.parent_id IS NULL)
                   AND p.active
                   AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
                   AND (NOT %(only)s OR p.id = ANY(%(ids)s::int[]))
                   AND (v.partner_id IS NOT NULL
                        OR l.visit_interval_days > 0
                        OR (p.visit_interval_days->>%(key)s)::int > 0
                        OR p.last_visit_date->>%(key)s IS NOT NULL
                        OR p.next_visit_due_date->>%(key)s IS NOT NULL
                        OR p.next_planned_visit_date->>%(key)s IS NOT NULL
                        OR p.visit_overdue_date->>%(key)s IS NOT NULL)
                 ORDER BY p.id
                """,
                company_id=company.id,
                key=key,
                only=only,
                ids=list(partner_ids or []),
            )
        )
        return [VisitDateRow._make(row) for row in self.env.cr.fetchall()]

    @api.model
    def _crm_update_overdue_activities(self, not_overdue_ids, reminders, today):
        """Drop "Visit Overdue" activities of customers no longer overdue; add the new ones."""
        # the cached id, not env.ref: no existence query on every level write
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "crm_customer_info.mail_activity_type_visit_overdue", raise_if_not_found=True
        )
        Activity = self.env["mail.activity"].sudo()
        if not_overdue_ids:
            Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", list(not_overdue_ids)),
                    ("activity_type_id", "=", activity_type_id),
                ]
            ).unlink()
        if reminders:
            # mail.activity computes its record name one record at a time: read them all first.
            self.browse([pid for pid, _user in reminders]).mapped("display_name")
            model_id = self.env["ir.model"]._get_id("res.partner")
            Activity.with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner_id,
                        "activity_type_id": activity_type_id,
                        "user_id": user_id,
                        "date_deadline": today,
                    }
                    for partner_id, user_id in reminders
                ]
            )
