from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # The credit feature lives in its own files, apart from the main inheritance.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    crm_credit_hold_limit = fields.Boolean(
        related="company_id.crm_credit_hold_limit", readonly=False
    )
    crm_credit_hold_rating = fields.Selection(
        related="company_id.crm_credit_hold_rating", readonly=False
    )
    crm_credit_hold_overdue = fields.Boolean(
        related="company_id.crm_credit_hold_overdue", readonly=False
    )
    crm_credit_hold_overdue_days = fields.Integer(
        related="company_id.crm_credit_hold_overdue_days", readonly=False
    )
    crm_credit_tolerance_amount = fields.Monetary(
        related="company_id.crm_credit_tolerance_amount", readonly=False
    )
    crm_credit_tolerance_percent = fields.Float(
        related="company_id.crm_credit_tolerance_percent", readonly=False
    )
    crm_credit_exempt_term_ids = fields.Many2many(
        related="company_id.crm_credit_exempt_term_ids", readonly=False
    )
    crm_credit_exempt_prepaid = fields.Boolean(
        related="company_id.crm_credit_exempt_prepaid", readonly=False
    )
    crm_credit_controller_id = fields.Many2one(
        related="company_id.crm_credit_controller_id", readonly=False
    )
