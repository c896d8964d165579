"""18.0.1.3.0, one source of deadlines: the SLA policies.

Earlier versions had two: the log type's response time (clock hours from the log
date, with a daily overdue job) and, from 18.0.1.2.0, SLA policies. The type's
response time and the overdue job are gone (Odoo drops their columns after this
script). Here:

1. each type's response time becomes, in each company, a policy counting clock
   hours that never pauses, unless that policy exists already (databases that ran
   the 18.0.1.2.0 upgrade); every open entry of the type gets its status, with the
   deadline it had;
2. every entry with SLA statuses takes its response deadline from them; closed
   history without statuses keeps its deadline, so the report's overdue
   complaints of past months stay as they were;
3. the overdue job is deleted: the SLA job warns the responsible and escalates to
   the team leader.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.crm_customer_info.models.constants import OPEN_STATES

_logger = logging.getLogger(__name__)
BATCH = 10_000


def policies_from_types(env):
    """The clock-hour policies of the types' response times that do not exist yet."""
    cr = env.cr
    Policy = env["crm.customer.sla.policy"].with_context(active_test=False)
    if not column_exists(cr, "crm_customer_log_type", "response_hours"):
        return Policy
    cr.execute("SELECT id, response_hours FROM crm_customer_log_type WHERE response_hours > 0")
    hours = dict(cr.fetchall())
    types = env["crm.customer.log.type"].with_context(active_test=False).browse(sorted(hours))
    existing = {
        (policy.company_id.id, policy.type_ids.id, policy.response_hours)
        for policy in Policy.search([("calendar_id", "=", False), ("type_ids", "in", types.ids)])
        if len(policy.type_ids) == 1
    }
    vals_list = []
    for company in env["res.company"].search([]):  # pylint: disable=no-search-all
        for log_type in types:
            if log_type.company_id not in (company, env["res.company"]) or (
                (company.id, log_type.id, hours[log_type.id]) in existing
            ):
                continue
            vals_list.append(
                {
                    "name": env._("Response time: %(type)s", type=log_type.name),
                    "company_id": company.id,
                    "type_ids": [(6, 0, log_type.ids)],
                    "response_hours": hours[log_type.id],
                    "calendar_id": False,
                    "pause_on_waiting": False,
                }
            )
    policies = Policy.create(vals_list)
    Log = env["crm.customer.log"]
    ids = Log.search([("state", "in", OPEN_STATES), ("type_id", "in", policies.type_ids.ids)]).ids
    for start in range(0, len(ids), BATCH):
        Log.browse(ids[start : start + BATCH])._crm_sla_apply()
        env.flush_all()
        env.invalidate_all()
    return policies


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    policies = policies_from_types(env)
    _logger.info("SLA: %d policies from the response times of the log types", len(policies))
    env.flush_all()
    cr.execute(
        SQL(
            """UPDATE crm_customer_log log SET deadline = status.deadline
                 FROM (SELECT log_id, MIN(response_deadline) AS deadline
                         FROM crm_customer_sla_status GROUP BY log_id) status
                WHERE status.log_id = log.id AND log.deadline IS DISTINCT FROM status.deadline"""
        )
    )
    _logger.info("SLA: %d response deadlines taken from the SLA statuses", cr.rowcount)
    env.invalidate_all()
    cron = env.ref("crm_customer_info.ir_cron_crm_customer_log_overdue", raise_if_not_found=False)
    if cron:
        cron.unlink()
    activity_type = env.ref(
        "crm_customer_info.mail_activity_type_log_overdue", raise_if_not_found=False
    )
    if activity_type and not env["mail.activity"].search_count(
        [("activity_type_id", "=", activity_type.id)], limit=1
    ):
        activity_type.unlink()
