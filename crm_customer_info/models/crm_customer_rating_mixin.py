from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .constants import SATISFACTION
from .integrity import server_write

# A customer rating at or below this value gives the team leader an activity.
LOW_RATING = 2
LOW_RATING_ACTIVITY = "crm_customer_info.mail_activity_type_low_rating"
# The models customers rate: their ``rating.rating`` records are written by the customer's
# path (the rating page, the portal chatter) and the addon's own code only, as superuser
# (see security/crm_customer_rating_security.xml, rating_rating.py and mail_message.py).
RATED_MODELS = ("crm.customer.log", "crm.customer.visit")
# Fields the rating machinery writes; a request never does (see ``check_client_values``).
RATING_SERVER_FIELDS = {
    "rating_request_sent": None,
    "rating_last_value": None,
    "customer_satisfaction": None,
}


class CrmCustomerRatingMixin(models.AbstractModel):
    """Customer ratings of log entries and visits, on Odoo's ``rating.mixin``.

    The customer's contact gets a rating request by e-mail (a template with the
    ``/rate/<token>/<score>`` links of the ``rating`` module); the score they
    give becomes :attr:`customer_satisfaction`, kept apart from the
    satisfaction staff enter. A low score gives the sales team leader (else the
    salesperson) an activity.
    """

    _name = "crm.customer.rating.mixin"
    _description = "Customer Rating Requests"
    _inherit = ["rating.mixin"]

    customer_satisfaction = fields.Selection(
        SATISFACTION,
        string="Customer Rating",
        compute="_compute_customer_satisfaction",
        store=True,
        help="The customer's own rating, from the rating request e-mail or the portal; "
        "reports prefer it to the satisfaction staff entered.",
    )
    rating_request_sent = fields.Boolean(
        string="Rating Requested",
        readonly=True,
        copy=False,
        help="The customer was e-mailed a rating request.",
    )

    @api.depends("rating_last_value")
    def _compute_customer_satisfaction(self):
        for record in self:
            value = round(record.rating_last_value or 0)
            record.customer_satisfaction = str(min(max(value, 0), 5))

    def _rating_get_partner(self):
        """The customer's contact person rates, else the customer."""
        self.ensure_one()
        return self.contact_id or self.partner_id

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    def _crm_rating_send(self, template_xmlid):
        """E-mail a rating request to the contact of each record, in batch.

        One unconsumed rating per record is created up front (the template's
        ``_rating_get_access_token`` then finds it), the mails are rendered and
        queued by ``send_mail_batch``, and the records are marked: a fixed number
        of queries per batch, plus the one query per rating that Odoo's
        ``rating.rating`` create costs (it reads each new rating's model to update
        the documents' ``rating_ids``). Records whose contact has no e-mail
        address are left unmarked.
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        records = self.filtered(
            lambda r: not r.rating_request_sent and r._rating_get_partner().email
        )
        if not template or not records:
            return records
        Rating = self.env["rating.rating"].sudo()
        pending = Rating.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", records.ids),
                ("consumed", "=", False),
            ]
        )
        has_rating = {(rating.res_id, rating.partner_id.id) for rating in pending}
        model_id = self.env["ir.model"]._get_id(self._name)
        Rating.create(
            [
                {
                    "partner_id": record._rating_get_partner().id,
                    "rated_partner_id": record._rating_get_operator().id,
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "is_internal": False,
                }
                for record in records
                if (record.id, record._rating_get_partner().id) not in has_rating
            ]
        )
        records.invalidate_recordset(["rating_ids"])
        template.sudo().send_mail_batch(
            records.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        # as superuser: a closed entry is read-only to its salesperson
        with server_write(self._name):
            records.sudo().write({"rating_request_sent": True})
        return records

    # ------------------------------------------------------------------
    # Ratings received
    # ------------------------------------------------------------------

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """A rating in the chatter (``rating_value``) comes from the customer only.

        Odoo creates that rating as superuser, and ``/mail/message/post`` posts as
        superuser too: the record rule on ratings cannot stop it, so the poster is
        checked here. Staff never rate; a portal user rates their own company's records.
        """
        if kwargs.get("rating_value"):
            user = self.env.user
            customer = user.partner_id.commercial_partner_id
            if user._is_internal() or any(
                record.partner_id.commercial_partner_id != customer for record in self
            ):
                raise AccessError(
                    self.env._(
                        "Only the customer rates log entries and visits: their ratings "
                        "cannot be moved, changed or deleted by hand."
                    )
                )
        return super().message_post(**kwargs)

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        """A low rating gives the team leader (else the salesperson) an activity."""
        rating = super().rating_apply(rate, token=token, rating=rating, feedback=feedback, **kwargs)
        if rating.rating and rating.rating <= LOW_RATING:
            self.browse(rating.res_id)._crm_rating_low_activity(rating)
        return rating

    def _crm_rating_low_activity(self, rating):
        """One open activity per record: a rating submitted again adds none."""
        self.ensure_one()
        user = self.team_id.user_id or self.user_id
        activity_type = self.env.ref(LOW_RATING_ACTIVITY)
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        if not user.active or Activity.search_count(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("activity_type_id", "=", activity_type.id),
            ],
            limit=1,
        ):
            return
        values = {
            "record": self.display_name,
            "customer": self.partner_id.display_name,
            "score": int(rating.rating),
        }
        note = Markup("<p>%s</p>") % self.env._(
            "%(customer)s rated %(record)s %(score)s out of 5.", **values
        )
        if rating.feedback:
            note += Markup("<blockquote>%s</blockquote>") % rating.feedback
        Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "date_deadline": fields.Date.context_today(self),
                "summary": self.env._("Low customer rating: %(score)s/5", **values),
                "note": note,
            }
        )
