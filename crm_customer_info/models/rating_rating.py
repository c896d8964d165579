from odoo import api, models
from odoo.exceptions import AccessError

from .crm_customer_rating_mixin import RATED_MODELS


class RatingRating(models.Model):
    """Customers' ratings of log entries and visits cannot be forged by staff.

    A global record rule keeps every user from creating, changing or deleting the
    ratings of those models; the customer's path runs as superuser. A rule is
    checked on a record's values before a ``write``, not after: moving another
    model's rating onto a log entry or visit is refused here.
    """

    _inherit = "rating.rating"

    def write(self, vals):
        if not self.env.su and vals.get("res_model_id"):
            model = self.env["ir.model"].sudo().browse(vals["res_model_id"]).model
            if model in RATED_MODELS:
                raise AccessError(
                    self.env._(
                        "Only the customer rates log entries and visits: their ratings cannot "
                        "be moved, changed or deleted by hand."
                    )
                )
        return super().write(vals)

    @api.model
    def _crm_rated_by_customer(self, domain):
        """Whether a rating of a log entry or visit matches ``domain`` (as superuser)."""
        return bool(self.sudo().search_count([*domain, ("res_model", "in", RATED_MODELS)], limit=1))
