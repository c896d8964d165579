from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    crm_mail_new_sender = fields.Selection(
        [("create", "Create a contact"), ("unassigned", "Leave unassigned")],
        string="Unknown Senders",
        default="create",
        required=True,
        help="An e-mail from an address no customer has: create a contact for the sender, "
        "or file the entry under the company's 'Unknown e-mail senders' customer. "
        "Either is flagged for review.",
    )
    crm_mail_unknown_partner_id = fields.Many2one(
        "res.partner",
        string="Unknown E-mail Senders",
        readonly=True,
        copy=False,
        help="The customer of entries e-mailed by unknown senders when they are left unassigned.",
    )

    def _crm_mail_unknown_partner(self):
        """The company's placeholder customer for unassigned e-mails, created the first time."""
        self.ensure_one()
        if not self.crm_mail_unknown_partner_id:
            self.sudo().crm_mail_unknown_partner_id = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Unknown e-mail senders"),
                        "is_company": True,
                        "company_id": self.id,
                        "crm_to_review": True,
                    }
                )
            )
        return self.crm_mail_unknown_partner_id
