from odoo import api, fields, models


class CrmCustomerLogType(models.Model):
    """Kind of maintenance log entry: consultation, complaint, contact, service, feedback..."""

    _name = "crm.customer.log.type"
    _inherit = ["crm.customer.shared.mixin"]
    _description = "Customer Log Type"
    _order = "sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical name, the same in every language, e.g. complaint.",
    )
    sequence = fields.Integer(default=10)
    icon = fields.Char(default="fa-comment", help="Font Awesome icon class, e.g. fa-wrench.")
    color = fields.Integer()
    needs_resolution = fields.Boolean(
        help="Entries of this type are resolved with a written resolution before they are closed.",
    )
    is_service = fields.Boolean(
        string="Service / Repair",
        help="Entries record a service: symptom, work done, parts used, cost and warranty.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the type between all companies."
    )
    log_count = fields.Integer(string="Log Entries", compute="_compute_log_count")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A log type with this code already exists in this company.",
        ),
    ]

    def _compute_log_count(self):
        counts = dict(
            self.env["crm.customer.log"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for log_type in self:
            log_type.log_count = counts.get(log_type, 0)

    @api.model
    def _service_type(self):
        """The first active service/repair type of the current company (for recalls)."""
        return self.search(
            [
                ("is_service", "=", True),
                ("company_id", "in", [False, self.env.company.id]),
            ],
            limit=1,
        )

    def action_open_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_log_action"
        )
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id}
        return action
