"""18.0.1.2.0, portal: customers submit consultations, complaints, services and feedback.

The data file that flags those standard log types "Available on Portal" is not
applied to existing databases (noupdate): flag them here, as a new install does.
Access tokens of existing entries are created when an entry is first shown on
the portal (``portal.mixin``), so none is written here.
"""

from odoo.tools import SQL

PORTAL_TYPES = ["consultation", "complaint", "service", "feedback"]


def migrate(cr, version):
    cr.execute(
        SQL(
            "UPDATE crm_customer_log_type t SET portal_available = TRUE"
            " FROM ir_model_data d"
            " WHERE d.model = 'crm.customer.log.type' AND d.module = 'crm_customer_info'"
            " AND d.name = ANY(%s) AND d.res_id = t.id",
            [f"crm_customer_log_type_{code}" for code in PORTAL_TYPES],
        )
    )
