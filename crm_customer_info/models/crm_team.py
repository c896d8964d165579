from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    """A second alias of the team, beside crm's lead alias: it opens log entries of one type."""

    _inherit = "crm.team"

    crm_log_alias_id = fields.Many2one(
        "mail.alias", string="Log Entry Alias", copy=False, readonly=True, ondelete="restrict"
    )
    crm_log_alias_name = fields.Char(
        string="Log Entry Alias Name",
        compute="_compute_crm_log_alias_name",
        inverse="_inverse_crm_log_alias",
        help="E-mails to this address create log entries of the chosen type for the team.",
    )
    crm_log_alias_email = fields.Char(
        string="Log Entry E-mail", related="crm_log_alias_id.display_name"
    )
    crm_log_type_id = fields.Many2one(
        "crm.customer.log.type",
        string="Type of E-mailed Entries",
        check_company=True,
    )

    @api.depends("crm_log_alias_id.alias_name")
    def _compute_crm_log_alias_name(self):
        for team in self:
            team.crm_log_alias_name = team.crm_log_alias_id.alias_name

    @api.constrains("crm_log_alias_id", "crm_log_type_id", "company_id")
    def _check_crm_log_alias(self):
        for team in self.filtered(lambda team: team.crm_log_alias_id.alias_name):
            if not team.crm_log_type_id or not team.company_id:
                raise ValidationError(
                    self.env._(
                        "The log entry alias of %(team)s needs a type of entries and a company.",
                        team=team.display_name,
                    )
                )

    def _crm_log_alias_values(self):
        self.ensure_one()
        return {
            "alias_model_id": self.env["ir.model"]._get_id("crm.customer.log"),
            "alias_parent_model_id": self.env["ir.model"]._get_id(self._name),
            "alias_parent_thread_id": self.id,
            "alias_defaults": repr(
                {
                    "type_id": self.crm_log_type_id.id,
                    "team_id": self.id,
                    "company_id": self.company_id.id,
                }
            ),
        }

    def _inverse_crm_log_alias(self):
        Alias = self.env["mail.alias"].sudo()
        for team in self:
            name = team.crm_log_alias_name
            if team.crm_log_alias_id:
                values = team._crm_log_alias_values()
                if name != team.crm_log_alias_id.alias_name:
                    values["alias_name"] = Alias._sanitize_alias_name(name) if name else False
                team.crm_log_alias_id.sudo().write(values)
            elif name:
                team.crm_log_alias_id = Alias.create(
                    {
                        **team._crm_log_alias_values(),
                        "alias_name": Alias._sanitize_alias_name(name),
                        "alias_domain_id": team.company_id.alias_domain_id.id,
                    }
                )

    def write(self, vals):
        result = super().write(vals)
        if {"crm_log_type_id", "company_id"} & vals.keys():
            for team in self.filtered("crm_log_alias_id"):
                team.crm_log_alias_id.sudo().write(team._crm_log_alias_values())
        return result

    def unlink(self):
        aliases = self.crm_log_alias_id
        result = super().unlink()
        aliases.sudo().unlink()
        return result
