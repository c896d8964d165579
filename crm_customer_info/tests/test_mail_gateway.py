from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_mail import ALIAS_DOMAIN, MailCase

ASK = f"ask@{ALIAS_DOMAIN}"


@tagged("post_install", "-at_install")
class TestMailGateway(MailCase):
    """E-mails to a type's or a team's alias open log entries; replies go to their chatter."""

    def test_known_sender(self):
        log = self._process(
            '"Service Desk" <service@north-customer.example.com>',
            ASK,
            "Price of filters",
            "What does the AF-12 filter cost?",
            attachment=("list.txt", "AF-12 x 10"),
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.type_id, self.consultation)
        self.assertEqual(log.partner_id, self.cust, "matched on the normalized address")
        self.assertFalse(log.contact_id)
        self.assertEqual(log.user_id, self.user, "the customer's salesperson")
        self.assertEqual(log.team_id, self.team_north, "the customer's team")
        self.assertEqual(log.company_id, self.company)
        self.assertEqual(log.channel, "email")
        self.assertIn("AF-12 filter cost", log.description)
        self.assertNotEqual(log.name, "Price of filters", "the entry keeps its number")
        message = log.message_ids.filtered(lambda msg: msg.message_type == "email")
        self.assertEqual(message.attachment_ids.mapped("name"), ["list.txt"])
        self.assertFalse(self.cust.crm_to_review)

    def test_contact_of_a_company(self):
        log = self._process("Li Lei <LI.LEI@north.example.com>", ASK, "Delivery date")
        self.assertEqual(log.partner_id, self.cust, "the contact's commercial entity")
        self.assertEqual(log.contact_id, self.contact)

    def test_unknown_sender_creates_contact(self):
        log = self._process("Wang Fang <wang.fang@new.example.com>", ASK, "First order")
        partner = log.partner_id
        self.assertEqual(partner.name, "Wang Fang")
        self.assertEqual(partner.email, "wang.fang@new.example.com")
        self.assertEqual(partner.company_id, self.company)
        self.assertTrue(partner.crm_to_review)
        self.assertTrue(log.partner_to_review)
        self.assertFalse(log.user_id, "no salesperson yet")
        # the same sender again: the contact created the first time
        again = self._process("wang.fang@NEW.example.com", ASK, "Second order")
        self.assertEqual(again.partner_id, partner)
        partner.action_crm_mark_reviewed()
        self.assertFalse(partner.crm_to_review)

    def test_unknown_sender_left_unassigned(self):
        self.company.crm_mail_new_sender = "unassigned"
        log = self._process("zhao@nobody.example.com", ASK, "Who are you?")
        placeholder = self.company.crm_mail_unknown_partner_id
        self.assertTrue(placeholder)
        self.assertEqual(log.partner_id, placeholder)
        self.assertTrue(log.partner_to_review)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "zhao@nobody.example.com")])
        )
        self.assertEqual(log.email_from, "zhao@nobody.example.com")

    def test_alias_company(self):
        """An alias of the other company files its entries there, with that company's partners."""
        other_type = self.env["crm.customer.log.type"].create(
            {"name": "Other Desk", "code": "desk", "company_id": self.other_company.id}
        )
        other_type.alias_name = "other-desk"
        self.cust.company_id = self.company
        log = self._process(
            "service@north-customer.example.com", f"other-desk@{ALIAS_DOMAIN}", "Wrong company?"
        )
        self.assertEqual(log.company_id, self.other_company)
        self.assertEqual(log.type_id, other_type)
        self.assertNotEqual(log.partner_id, self.cust, "a partner of another company is not used")
        self.assertEqual(log.partner_id.company_id, self.other_company)
        self.assertNotEqual(log.user_id, self.user, "the salesperson has no access to it")

    def test_shared_type_company(self):
        self.consultation.mail_company_id = self.other_company
        log = self._process("li.lei@north.example.com", ASK, "Shared type, other company")
        self.assertEqual(log.company_id, self.other_company)
        self.assertEqual(log.contact_id, self.contact, "a shared partner serves both companies")

    def test_team_alias(self):
        self.team_south.write(
            {
                "company_id": self.company.id,
                "crm_log_alias_name": "south-service",
                "crm_log_type_id": self.service.id,
            }
        )
        self.assertEqual(self.team_south.crm_log_alias_email, f"south-service@{ALIAS_DOMAIN}")
        # crm's lead alias of the team is another alias, untouched
        self.assertNotEqual(self.team_south.alias_id, self.team_south.crm_log_alias_id)
        log = self._process(
            "service@north-customer.example.com", f"south-service@{ALIAS_DOMAIN}", "Broken unit"
        )
        self.assertEqual(log.type_id, self.service)
        self.assertEqual(log.team_id, self.team_south)
        self.assertEqual(log.user_id, self.user)
        # the team's lead alias still creates leads
        self.team_south.alias_name = "south-leads"
        raw = self._raw("buyer@prospect.example.com", f"south-leads@{ALIAS_DOMAIN}", "Quote", "?")
        self.env["mail.thread"].message_process(None, raw)
        lead = self.env["crm.lead"].search([("name", "=", "Quote")])
        self.assertEqual(lead.team_id, self.team_south)
        self.assertFalse(self.log_model.search([("subject", "=", "Quote")]))

    def test_team_alias_needs_type(self):
        with self.assertRaises(ValidationError):
            self.team_north.write({"company_id": self.company.id, "crm_log_alias_name": "north"})

    def test_reply_goes_to_chatter(self):
        log = self._process(
            "service@north-customer.example.com", ASK, "Opening hours", msg_id="<first@north>"
        )
        self._process(
            "service@north-customer.example.com",
            ASK,
            "Re: Opening hours",
            "And on Sundays?",
            msg_id="<second@north>",
            in_reply_to="<first@north>",
        )
        self.assertEqual(self.log_model.search_count([("partner_id", "=", self.cust.id)]), 1)
        self.assertIn("And on Sundays?", log.message_ids[0].body)
        self.assertEqual(log.state, "new")

    def test_customer_reply_reopens_resolved(self):
        log = self._process("li.lei@north.example.com", ASK, "Manual", msg_id="<m1@north>")
        log.action_resolve()
        self._process(
            "li.lei@north.example.com",
            ASK,
            "Re: Manual",
            "It still does not work.",
            msg_id="<m2@north>",
            in_reply_to="<m1@north>",
        )
        self.assertEqual(log.state, "in_progress")
        self.assertFalse(log.resolved_on)
        self.assertIn(
            "It still does not work.", log.message_ids[0].body, "the reply is in the chatter"
        )
        self.assertTrue(log.message_ids.filtered(lambda msg: "The customer replied" in msg.body))

    def test_reply_without_reopen(self):
        self.consultation.mail_reopen = False
        log = self._process("li.lei@north.example.com", ASK, "Catalogue", msg_id="<c1@north>")
        log.action_resolve()
        self.user.partner_id.email = "ci_user@company.example.com"
        self._process(
            "li.lei@north.example.com",
            ASK,
            "Re: Catalogue",
            msg_id="<c2@north>",
            in_reply_to="<c1@north>",
        )
        self.assertEqual(log.state, "resolved", "the type does not reopen on replies")
        self.consultation.mail_reopen = True
        self._process(
            "ci_user@company.example.com",
            ASK,
            "Re: Catalogue",
            msg_id="<c3@north>",
            in_reply_to="<c1@north>",
        )
        self.assertEqual(log.state, "resolved", "a reply from staff does not reopen")

    def test_acknowledgement(self):
        log = self._process("Li Lei <li.lei@north.example.com>", ASK, "Spare parts")
        mail = self.env["mail.mail"].search([("model", "=", log._name), ("res_id", "=", log.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("li.lei@north.example.com", mail.email_to)
        self.assertIn(log.name, mail.subject)
        self.assertIn(log.name, mail.body_html)
        self.assertIn("We will respond by", mail.body_html)
        self.assertIn(str(log.deadline.year), mail.body_html)
        self.contact_type.alias_name = "contact"
        no_deadline = self._process("li.lei@north.example.com", f"contact@{ALIAS_DOMAIN}", "Hi")
        mail = self.env["mail.mail"].search(
            [("res_id", "=", no_deadline.id), ("model", "=", log._name)]
        )
        self.assertIn(no_deadline.name, mail.body_html)
        self.assertNotIn("We will respond by", mail.body_html, "the type has no response time")
