from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """A posted customer invoice or credit note makes its customer a numbered customer of
        its company (as at install, see ``res.company._crm_adopt_history``)."""
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda move: move.move_type in ("out_invoice", "out_refund"))
        for company, moves in invoices.grouped("company_id").items():
            moves.partner_id.with_company(company)._assign_customer_numbers()
        return posted
