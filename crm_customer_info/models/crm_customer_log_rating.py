from odoo import fields, models

from .crm_customer_log import SERVER_FIELDS
from .crm_customer_log_portal import PORTAL_READABLE_FIELDS
from .crm_customer_rating_mixin import RATING_SERVER_FIELDS

SERVER_FIELDS.update(RATING_SERVER_FIELDS)
# The customer sees the rating they gave on the entry's portal page.
PORTAL_READABLE_FIELDS.add("customer_satisfaction")
LOG_RATING_TEMPLATE = "crm_customer_info.mail_template_log_rating_request"


class CrmCustomerLog(models.Model):
    """Rating requests of log entries: sent when an entry of a rated type is resolved or closed."""

    _name = "crm.customer.log"
    _inherit = ["crm.customer.rating.mixin", "crm.customer.log"]

    rating_request = fields.Boolean(related="type_id.rating_request")

    def action_resolve(self):
        result = super().action_resolve()
        self._crm_rating_request()
        return result

    def action_close(self):
        result = super().action_close()
        self._crm_rating_request()
        return result

    def _crm_rating_request(self):
        """Once per entry: the first resolution or closing of a type that asks for a rating."""
        self.filtered("type_id.rating_request")._crm_rating_send(LOG_RATING_TEMPLATE)


class CrmCustomerLogType(models.Model):
    _inherit = "crm.customer.log.type"  # pylint: disable=consider-merging-classes-inherited

    rating_request = fields.Boolean(
        string="Ask for a Rating",
        help="When an entry of this type is resolved or closed, its contact person (else the "
        "customer) is e-mailed a rating request, once per entry.",
    )
