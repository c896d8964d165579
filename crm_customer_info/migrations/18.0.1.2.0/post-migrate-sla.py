"""18.0.1.2.0, SLA: the response time of each log type becomes an SLA policy.

The old deadline (log date plus the type's response time in clock hours) is kept:
each type with a response time gets, in each company, a policy counting clock
hours (no working calendar) that does not pause, and every open entry of the
type gets its SLA status with that same response deadline. The type's response
time and the entry's clock-hour deadline stay as they were.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    policies = env["crm.customer.sla.policy"]._crm_from_log_types()
    _logger.info("SLA: %d policies from the response times of the log types", len(policies))
