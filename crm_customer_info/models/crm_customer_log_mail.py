from email.utils import getaddresses

from markupsafe import Markup

from odoo import api, fields, models

from ..customer_insight.normalize import normalize_email

ACK_TEMPLATE = "crm_customer_info.mail_template_log_acknowledgement"


class CrmCustomerLog(models.Model):
    """Log entries from e-mail: an alias opens one, replies go into its chatter."""

    _inherit = "crm.customer.log"
    _primary_email = "email_from"

    email_from = fields.Char(
        string="Sender E-mail",
        help="The address the entry was e-mailed from; the acknowledgement goes there.",
    )
    partner_to_review = fields.Boolean(
        related="partner_id.crm_to_review", string="Customer to Review"
    )

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to a type's or a team's alias: a new entry in the alias's company.

        The entry is numbered, so the subject goes into ``subject``, not ``name``;
        the body becomes the description. The gateway then posts the e-mail itself,
        attachments included, in the entry's chatter.
        """
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        log_model = self.with_company(company)
        customer = log_model._crm_mail_customer(msg_dict.get("email_from"), company)
        team = self.env["crm.team"].browse(values.get("team_id")) or customer.team_id
        if team.company_id and team.company_id != company:
            team = self.env["crm.team"]
        user = customer.user_id
        if not user or company not in user.company_ids:
            user = team.user_id
        values.update(
            subject=msg_dict.get("subject") or self.env._("(no subject)"),
            description=msg_dict.get("body"),
            channel="email",
            email_from=msg_dict.get("email_from"),
            partner_id=customer.id,
            company_id=company.id,
            team_id=team.id,
            user_id=user.id,
        )
        log = log_model.create(values)
        log._crm_mail_acknowledge()
        return log

    @api.model
    def _crm_mail_customer(self, email_from, company):
        """The partner an e-mail comes from: a known customer or contact, else a new one.

        Matched on the normalized address among the partners ``company`` may use;
        a contact person stays the entry's contact (its commercial entity is the
        customer, see :meth:`_crm_split_contacts`).
        """
        email = normalize_email(email_from)
        Partner = self.env["res.partner"].with_company(company)
        if email:
            partner = Partner.search(
                [("dedup_email", "=", email), ("company_id", "in", [False, company.id])],
                order="is_company desc, id",
                limit=1,
            )
            if partner:
                return partner
        if company.crm_mail_new_sender == "unassigned" or not email:
            return company._crm_mail_unknown_partner()
        name = next((name for name, _address in getaddresses([email_from]) if name), email)
        return Partner.create(
            {"name": name, "email": email, "company_id": company.id, "crm_to_review": True}
        )

    def message_update(self, msg_dict, update_vals=None):
        """A reply from the customer reopens a resolved entry if its type says so."""
        email = normalize_email(msg_dict.get("email_from"))
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        reopen = self.filtered(
            lambda log: (
                log.state == "resolved"
                and log.type_id.mail_reopen
                and log._crm_mail_from_customer(author, email)
            )
        )
        result = super().message_update(msg_dict, update_vals=update_vals)
        if reopen:
            reopen.action_reopen()
            reopen._message_log_batch(
                bodies=dict.fromkeys(
                    reopen.ids,
                    Markup("<p>%s</p>") % self.env._("The customer replied to the resolved entry."),
                )
            )
        return result

    def _crm_mail_from_customer(self, author, email):
        """Whether a message comes from the entry's customer (any of its contacts)."""
        self.ensure_one()
        if author and author.commercial_partner_id == self.partner_id.commercial_partner_id:
            return True
        addresses = {normalize_email(self.email_from), self.partner_id.dedup_email}
        addresses.add(self.contact_id.dedup_email)
        return bool(email) and email in addresses

    def _crm_mail_acknowledge(self):
        """Send the sender the entry's reference and response deadline."""
        template = self.env.ref(ACK_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        for log in self.filtered("email_from"):
            template.send_mail(log.id, email_layout_xmlid="mail.mail_notification_light")
