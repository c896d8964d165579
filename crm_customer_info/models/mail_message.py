from odoo import api, models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    """Deleting the message of a customer's rating would delete the rating with it."""

    _inherit = "mail.message"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_customer_rating(self):
        if not self.env.su and self.env["rating.rating"]._crm_rated_by_customer(
            [("message_id", "in", self.ids)]
        ):
            raise AccessError(
                self.env._(
                    "Only the customer rates log entries and visits: their ratings cannot "
                    "be moved, changed or deleted by hand."
                )
            )
