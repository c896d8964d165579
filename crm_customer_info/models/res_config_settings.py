from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_visit_calendar = fields.Boolean(related="company_id.crm_visit_calendar", readonly=False)
    crm_visit_planning = fields.Selection(related="company_id.crm_visit_planning", readonly=False)
    crm_visit_grace_hours = fields.Integer(
        related="company_id.crm_visit_grace_hours", readonly=False
    )
    crm_visit_reminder_hours = fields.Integer(
        related="company_id.crm_visit_reminder_hours", readonly=False
    )
    crm_classification_method = fields.Selection(
        related="company_id.crm_classification_method", readonly=False
    )
    crm_classification_window_days = fields.Integer(
        related="company_id.crm_classification_window_days", readonly=False
    )
    crm_classification_basis = fields.Selection(
        related="company_id.crm_classification_basis", readonly=False
    )
    crm_pareto_a_share = fields.Float(related="company_id.crm_pareto_a_share", readonly=False)
    crm_pareto_b_share = fields.Float(related="company_id.crm_pareto_b_share", readonly=False)
    crm_rfm_min_score_a = fields.Integer(related="company_id.crm_rfm_min_score_a", readonly=False)
    crm_rfm_min_score_b = fields.Integer(related="company_id.crm_rfm_min_score_b", readonly=False)
    crm_rfm_min_score_c = fields.Integer(related="company_id.crm_rfm_min_score_c", readonly=False)
    crm_credit_days_late_a = fields.Integer(
        related="company_id.crm_credit_days_late_a", readonly=False
    )
    crm_credit_days_late_b = fields.Integer(
        related="company_id.crm_credit_days_late_b", readonly=False
    )
    crm_credit_days_late_c = fields.Integer(
        related="company_id.crm_credit_days_late_c", readonly=False
    )
    crm_credit_overdue_share_a = fields.Integer(
        related="company_id.crm_credit_overdue_share_a", readonly=False
    )
    crm_credit_overdue_share_b = fields.Integer(
        related="company_id.crm_credit_overdue_share_b", readonly=False
    )
    crm_credit_overdue_share_c = fields.Integer(
        related="company_id.crm_credit_overdue_share_c", readonly=False
    )
    crm_credit_oldest_overdue_a = fields.Integer(
        related="company_id.crm_credit_oldest_overdue_a", readonly=False
    )
    crm_credit_oldest_overdue_b = fields.Integer(
        related="company_id.crm_credit_oldest_overdue_b", readonly=False
    )
    crm_credit_oldest_overdue_c = fields.Integer(
        related="company_id.crm_credit_oldest_overdue_c", readonly=False
    )
    crm_credit_refund_ratio_a = fields.Integer(
        related="company_id.crm_credit_refund_ratio_a", readonly=False
    )
    crm_credit_refund_ratio_b = fields.Integer(
        related="company_id.crm_credit_refund_ratio_b", readonly=False
    )
    crm_credit_refund_ratio_c = fields.Integer(
        related="company_id.crm_credit_refund_ratio_c", readonly=False
    )
    crm_credit_limit_usage_a = fields.Integer(
        related="company_id.crm_credit_limit_usage_a", readonly=False
    )
    crm_credit_limit_usage_b = fields.Integer(
        related="company_id.crm_credit_limit_usage_b", readonly=False
    )
    crm_credit_limit_usage_c = fields.Integer(
        related="company_id.crm_credit_limit_usage_c", readonly=False
    )
    crm_credit_grace_days = fields.Integer(
        related="company_id.crm_credit_grace_days", readonly=False
    )
    crm_churn_medium_risk = fields.Integer(
        related="company_id.crm_churn_medium_risk", readonly=False
    )
    crm_churn_high_risk = fields.Integer(related="company_id.crm_churn_high_risk", readonly=False)
    crm_churn_single_gap_days = fields.Integer(
        related="company_id.crm_churn_single_gap_days", readonly=False
    )
    crm_new_customer_days = fields.Integer(
        related="company_id.crm_new_customer_days", readonly=False
    )
    crm_classification_hour = fields.Integer(
        related="company_id.crm_classification_hour", readonly=False
    )
    crm_classification_last_run = fields.Datetime(related="company_id.crm_classification_last_run")

    crm_performance_tz = fields.Selection(
        related="company_id.partner_id.tz",
        readonly=False,
        string="Reporting Time Zone",
        help="Orders count in the month of their date in this time zone (UTC when empty). "
        "It is the time zone of the company's address.",
    )

    def action_crm_classify_now(self):
        """Settings button: save, then classify every customer of the company now."""
        self.execute()
        return self.env["crm.customer.classification"].action_classify_all()

    def action_crm_adopt_history(self):
        """Settings button (managers): number the customers with sales or invoices but no
        number yet, oldest first, then classify every customer of the company (as at
        install)."""
        classification = self.env["crm.customer.classification"]
        classification._check_manager()
        company = self.env.company
        stats = company.sudo()._crm_adopt_history()[company]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Existing customers"),
                "message": self.env._(
                    "%(numbered)s customers numbered from their orders and invoices, "
                    "%(classified)s customers classified.",
                    numbered=stats["numbered"],
                    classified=stats["classified"],
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_open_customer_number_sequence(self):
        """Open the company's customer number sequence (prefix, padding, next number)."""
        sequence = self.env.company._crm_customer_number_sequence()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ir.sequence",
            "res_id": sequence.id,
            "view_mode": "form",
            "target": "current",
        }
