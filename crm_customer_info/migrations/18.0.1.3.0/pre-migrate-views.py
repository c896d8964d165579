"""18.0.1.3.0: the log type's views lose the Response Time field.

Odoo checks a view against the views that extend it as stored in the database,
before those are loaded again: extensions of the log type's views placed after
the removed field would stop the upgrade. Anchor them on the field they follow now.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """UPDATE ir_ui_view view
                  SET arch_db = replace(view.arch_db::text, %s, 'is_service')::jsonb
                 FROM ir_model_data data
                WHERE data.model = 'ir.ui.view' AND data.res_id = view.id
                  AND data.module = 'crm_customer_info'
                  AND view.model = 'crm.customer.log.type' AND view.inherit_id IS NOT NULL
                  AND view.arch_db::text LIKE %s""",
            "response_hours",
            "%response_hours%",
        )
    )
