"""SLA figures of the performance report: entries that met or missed their SLA."""

from odoo import api, models
from odoo.tools import SQL


class CrmCustomerPerformanceReport(models.Model):
    _inherit = "crm.customer.performance.report"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _source_logs_sla(self, scope):
        """Log entries by log date with an SLA met or failed (the entry's worst status)."""
        return self._source(
            keys=self._record_keys(scope, "log", SQL("log.log_date")),
            measures={
                "sla_met_count": SQL("(log.sla_status = 'met')::int"),
                "sla_failed_count": SQL("(log.sla_status = 'failed')::int"),
            },
            from_clause=SQL("crm_customer_log log"),
            where=SQL(
                "log.state != 'cancelled' AND log.sla_status IN ('met', 'failed') AND %s",
                self._in_scope(scope, SQL("log.company_id"), SQL("log.log_date"), "datetime"),
            ),
        )
