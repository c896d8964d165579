from odoo import Command
from odoo.tests import new_test_user

from .common_logs import LogCase


class PortalCase(LogCase):
    """Two customers with portal users, deliveries to them and entries in two companies.

    ``acme`` (a company) has a contact person with a portal user; ``south`` has its own
    portal user; ``acme`` also has an entry in the other company, which its portal user
    (of the main company only) must never see.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.acme = cls.cust
        cls.acme_contact = env["res.partner"].create(
            {"name": "Alice Acme", "parent_id": cls.acme.id, "email": "alice@acme.example"}
        )
        cls.portal_acme = cls._portal_user("ci_portal_acme", cls.acme_contact)
        cls.portal_south = cls._portal_user("ci_portal_south", cls.cust_south)
        cls.sn_acme, cls.sn_south = cls._lots(cls.serial_product, "SN-ACME-1", "SN-SOUTH-1")
        cls._deliver(cls.acme_contact, cls.serial_product, cls.sn_acme)
        cls._deliver(cls.acme, cls.plain_product)
        cls._deliver(cls.cust_south, cls.serial_product, cls.sn_south)
        Log = env["crm.customer.log"]
        cls.log_open, cls.log_resolved, cls.log_south = Log.create(
            [
                {"type_id": type_.id, "partner_id": partner.id, "subject": subject}
                for type_, partner, subject in (
                    (cls.complaint, cls.acme, "Pump leaks"),
                    (cls.consultation, cls.acme, "Filter sizes"),
                    (cls.complaint, cls.cust_south, "Late delivery"),
                )
            ]
        )
        cls.log_resolved.action_resolve()
        cls.log_other_company = Log.with_company(cls.other_company).create(
            {
                "type_id": cls.consultation.id,
                "partner_id": cls.acme.id,
                "subject": "Branch question",
                "company_id": cls.other_company.id,
                "user_id": False,
                "team_id": False,
            }
        )

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _deliver(cls, partner, product, lot=None):
        """A done delivery (outgoing picking) of one ``product`` (``lot``) to ``partner``."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.env.ref("stock.picking_type_out").id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
            }
        )
        locations = {
            "location_id": cls.stock_location.id,
            "location_dest_id": cls.customer_location.id,
        }
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": 1,
                **locations,
                "move_line_ids": [
                    Command.create(
                        {
                            "picking_id": picking.id,
                            "product_id": product.id,
                            "product_uom_id": product.uom_id.id,
                            "quantity": 1,
                            "lot_id": lot and lot.id,
                            **locations,
                        }
                    )
                ],
            }
        )
        move._action_confirm()
        move.picked = True
        move._action_done()
        return picking
