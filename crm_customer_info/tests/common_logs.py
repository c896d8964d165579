from contextlib import contextmanager

from odoo import Command
from odoo.tools import SQL

from .common import CustomerInfoCase


class LogCase(CustomerInfoCase):
    """Customers, log types, products with lots, and helpers to deliver and return goods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.consultation = ref("crm_customer_info.crm_customer_log_type_consultation")
        cls.complaint = ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.contact_type = ref("crm_customer_info.crm_customer_log_type_contact")
        cls.service = ref("crm_customer_info.crm_customer_log_type_service")
        cls.feedback = ref("crm_customer_info.crm_customer_log_type_feedback")
        cls.stock_location = ref("stock.stock_location_stock")
        cls.customer_location = ref("stock.stock_location_customers")
        cls.cust = cls._customer("Log Customer North", user_id=cls.user.id)
        cls.cust_south = cls._customer("Log Customer South", user_id=cls.user2.id)
        cls.serial_product = cls.env["product.product"].create(
            {
                "name": "Compressor SA-37",
                "is_storable": True,
                "tracking": "serial",
                "warranty_months": 12,
            }
        )
        cls.plain_product = cls.env["product.product"].create(
            {"name": "Filter AF-12", "is_storable": True, "standard_price": 150.0}
        )

    @classmethod
    def _lots(cls, product, *names):
        return cls.env["stock.lot"].create(
            [{"name": name, "product_id": product.id} for name in names]
        )

    @classmethod
    def _move(cls, partner, product, qty, *, lots=None, date=None, returned=False, internal=False):
        """A done move of ``qty`` to the customer (or back from it when ``returned``)."""
        source, dest = cls.stock_location, cls.customer_location
        if returned:
            source, dest = dest, source
        if internal:
            dest = cls.stock_location
        lots = lots or cls.env["stock.lot"]
        line_qty = 1.0 if lots else qty
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "partner_id": partner.id,
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_id": product.uom_id.id,
                            "quantity": line_qty,
                            "lot_id": lot.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                    )
                    for lot in (lots or [cls.env["stock.lot"]])
                ],
            }
        )
        move._action_confirm()
        move.picked = True
        move._action_done()
        if date:
            move.move_line_ids.date = date
        return move

    @classmethod
    def _clone_rows(cls, table, template_id, **columns):
        """Insert copies of row ``template_id`` of ``table``, one per value of the given columns.

        ``columns`` maps column names to equally long lists of integers; the
        other columns are copied. Returns the new ids, in the order of the lists.
        """
        cr = cls.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            [table],
        )
        names = [name for (name,) in cr.fetchall()]
        select = SQL(", ").join(
            SQL("v.%s", SQL.identifier(name)) if name in columns else SQL.identifier("t", name)
            for name in names
        )
        cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(names)s)"
                " SELECT %(select)s FROM %(table)s t,"
                " unnest(%(arrays)s) WITH ORDINALITY AS v(%(columns)s, n)"
                " WHERE t.id = %(template)s ORDER BY v.n RETURNING id",
                table=SQL.identifier(table),
                names=SQL(", ").join(SQL.identifier(name) for name in names),
                select=select,
                arrays=SQL(", ").join(
                    SQL("%s::int[]", list(values)) for values in columns.values()
                ),
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                template=template_id,
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        cls.env.invalidate_all()
        return ids

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Like Odoo's ``assertRaises``: roll the failed operation back, then match the message."""
        with self.assertRaises(expected_exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex)

    def _log(self, log_type, partner=None, **values):
        return self.env["crm.customer.log"].create(
            {
                "type_id": log_type.id,
                "partner_id": (partner or self.cust).id,
                "subject": "Test entry",
                **values,
            }
        )
