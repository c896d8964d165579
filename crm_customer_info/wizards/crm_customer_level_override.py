from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.integrity import server_write


class CrmCustomerLevelOverride(models.TransientModel):
    """A manager sets customers' level by hand and locks it, or unlocks it again."""

    _name = "crm.customer.level.override"
    _description = "Customer Level Override"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    mode = fields.Selection(
        [("lock", "Set and lock the level"), ("unlock", "Unlock the level")],
        default="lock",
        required=True,
    )
    level_id = fields.Many2one(
        "crm.customer.level",
        domain="['|', ('company_id', '=', False), ('company_id', '=', current_company_id)]",
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            partners = self.env["res.partner"].browse(context["active_ids"])
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        return values

    def action_apply(self):
        """Apply the override in one transaction; history lines record it."""
        self.ensure_one()
        self.env["crm.customer.classification"]._check_manager()
        partners = self.partner_ids.commercial_partner_id
        if self.mode == "lock":
            self._lock(partners)
        else:
            self._unlock(partners)
        return {"type": "ir.actions.act_window_close"}

    def _rows(self, partners):
        """The current company's classification rows of ``partners``, created when missing."""
        classification = self.env["crm.customer.classification"].sudo()
        company = self.env.company
        rows = classification.search(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
        )
        missing = partners - rows.partner_id
        if missing:
            new_rows = classification.create(
                [{"partner_id": partner.id, "company_id": company.id} for partner in missing]
            )
            classification._set_partner_pointers(
                company,
                [{"id": row.id, "partner_id": row.partner_id.id} for row in new_rows],
            )
            rows |= new_rows
        return rows

    def _lock(self, partners):
        if not self.level_id:
            raise UserError(self.env._("Choose the level to give the customers."))
        now = fields.Datetime.now()
        before = {partner: partner.level_id for partner in partners}
        with server_write("res.partner"):  # the override writes its own history lines
            partners.sudo().write({"level_id": self.level_id.id})
        self._rows(partners).write(
            {
                "level_locked": True,
                "lock_reason": self.reason,
                "locked_by_id": self.env.uid,
                "locked_date": now,
            }
        )
        self._history(
            [(partner, before[partner], self.level_id) for partner in partners], "manual", now
        )

    def _unlock(self, partners):
        rows = self._rows(partners).filtered("level_locked")
        if not rows:
            raise UserError(self.env._("None of these customers has a locked level."))
        rows.write(
            {
                "level_locked": False,
                "lock_reason": False,
                "locked_by_id": False,
                "locked_date": False,
            }
        )
        self._history(
            [(partner, partner.level_id, partner.level_id) for partner in rows.partner_id],
            "unlock",
            fields.Datetime.now(),
        )

    def _history(self, changes, source, now):
        """One history line per (partner, from level, to level) in ``changes``."""
        self.env["crm.customer.level.history"].sudo().create(
            [
                {
                    "date": now,
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "from_level_id": from_level.id,
                    "to_level_id": to_level.id,
                    "source": source,
                    "locked": source == "manual",
                    "user_id": self.env.uid,
                    "reason": self.reason,
                }
                for partner, from_level, to_level in changes
            ]
        )
