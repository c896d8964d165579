from email.message import EmailMessage

from .common_logs import LogCase

ALIAS_DOMAIN = "desk.example.com"


class MailCase(LogCase):
    """Log types and a team with e-mail aliases, and raw RFC 822 messages to feed the gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
        (cls.company | cls.other_company).alias_domain_id = cls.alias_domain
        cls.consultation.alias_name = "ask"
        cls.cust.email = "Service@North-Customer.example.com"
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Lei", "parent_id": cls.cust.id, "email": "li.lei@north.example.com"}
        )
        cls.log_model = cls.env["crm.customer.log"]

    @classmethod
    def _raw(cls, sender, to, subject, body, *, msg_id=None, in_reply_to=None, attachment=None):
        """An RFC 822 message as the mail server hands it to ``message_process``."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-Id"] = msg_id or f"<{abs(hash((sender, subject)))}@mail.example.com>"
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
            message["References"] = in_reply_to
        message.set_content(body)
        if attachment:
            name, content = attachment
            message.add_attachment(
                content.encode(), maintype="text", subtype="plain", filename=name
            )
        return message.as_string()

    def _process(self, sender, to, subject, body="Hello", **kwargs):
        """Feed one message to the gateway; the log entry it created or updated."""
        raw = self._raw(sender, to, subject, body, **kwargs)
        self.env["mail.thread"].message_process(None, raw)
        return self.log_model.search([("subject", "=", subject)])
