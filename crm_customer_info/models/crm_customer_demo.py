from datetime import datetime, time, timedelta

from odoo import api, fields, models


class CrmCustomerDemo(models.AbstractModel):
    """Plays the demo company's sales history; called only from the demo data files.

    XML creates the demo records; what XML cannot express cleanly (confirming,
    delivering, invoicing and paying on past dates) happens here, in batches: the
    methods behind a user's buttons confirm, deliver, invoice and return; payments
    are created and matched with their invoices directly, which is much faster
    than one payment wizard per invoice.
    """

    _name = "crm.customer.demo"
    _description = "Customer Information Demo Data"

    @api.model
    def _demo_moment(self, days_ago, hour):
        """The datetime (UTC, naive) ``days_ago`` days before today at ``hour`` o'clock."""
        return datetime.combine(fields.Date.today() - timedelta(days=days_ago), time(hour))

    @api.model
    def _demo_play_sales(self, story):
        """Take the demo sale orders through their history, each step in one batch.

        ``story``: a list of dicts, one per order, with days counted back from today:
        ``order`` (sale.order id), ``ordered`` (days ago it was confirmed),
        ``delivered`` (days ago its delivery was validated, or False),
        ``lots`` (stock.lot ids delivered on its serial-tracked lines),
        ``invoiced`` (days ago its invoice was posted, or False),
        ``payments`` (list of ``(days ago, amount)``; amount 0 pays the rest),
        ``returned`` (days ago everything came back and was refunded, or False).
        """
        orders = self.env["sale.order"].browse([row["order"] for row in story])
        order_of = dict(zip(orders, story, strict=True))
        orders.action_confirm()
        for order, row in order_of.items():
            order.date_order = self._demo_moment(row["ordered"], 2)
        # the serial numbers to deliver are given: drop what the confirmation reserved
        orders.picking_ids.do_unreserve()
        self._demo_deliver({o: r for o, r in order_of.items() if r["delivered"] is not False})
        orders.picking_ids.filtered(lambda picking: picking.state == "confirmed").action_assign()
        invoiced = orders.filtered(lambda order: order_of[order]["invoiced"] is not False)
        invoiced._create_invoices(grouped=True)
        for days_ago, group in invoiced.grouped(lambda o: order_of[o]["invoiced"]).items():
            group.invoice_ids.invoice_date = fields.Date.today() - timedelta(days=days_ago)
        invoiced.invoice_ids.action_post()
        self._demo_pay(
            [
                (order.invoice_ids, days_ago, amount)
                for order in invoiced
                for days_ago, amount in order_of[order].get("payments", [])
            ]
        )
        for order in invoiced.filtered(lambda order: order_of[order].get("returned")):
            self._demo_return(order, order_of[order]["returned"])

    @api.model
    def _demo_deliver(self, order_of):
        """Deliver the given orders' serial numbers and quantities, on their days."""
        orders = self.env["sale.order"].concat(*order_of)
        pickings = orders.picking_ids
        for order, row in order_of.items():
            lots = self.env["stock.lot"].browse(row["lots"])
            for move in order.picking_ids.move_ids.filtered(lambda m: m.has_tracking == "serial"):
                move.lot_ids = lots.filtered(lambda lot, m=move: lot.product_id == m.product_id)
        pickings.action_assign()
        pickings.move_ids.picked = True
        pickings.with_context(skip_sms=True).button_validate()
        for order, row in order_of.items():
            self._demo_date_pickings(order.picking_ids, row["delivered"])

    @api.model
    def _demo_date_pickings(self, pickings, days_ago):
        when = self._demo_moment(days_ago, 6)
        pickings.date_done = when
        pickings.move_ids.date = when
        pickings.move_ids.move_line_ids.date = when

    @api.model
    def _demo_pay(self, payments):
        """Register ``(invoice, days ago, amount)`` payments (amount 0: the rest) in the bank."""
        bank = self.env["account.journal"].search(
            [
                ("type", "=", "bank"),
                *self.env["account.journal"]._check_company_domain(self.env.company),
            ],
            limit=1,
        )
        residual = {}
        values = []
        for invoice, days_ago, amount in payments:
            paid = amount or residual.get(invoice, invoice.amount_residual)
            residual[invoice] = residual.get(invoice, invoice.amount_residual) - paid
            values.append(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": invoice.commercial_partner_id.id,
                    "amount": paid,
                    "date": fields.Date.today() - timedelta(days=days_ago),
                    "memo": invoice.name,
                    "journal_id": bank.id,
                }
            )
        records = self.env["account.payment"].create(values)
        records.action_post()
        for record, (invoice, _days_ago, _amount) in zip(records, payments, strict=True):
            lines = record.move_id.line_ids + invoice.line_ids
            lines.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()

    @api.model
    def _demo_return(self, order, days_ago):
        """Everything delivered comes back; a credit note settles the invoice."""
        delivery = order.picking_ids.filtered(lambda picking: picking.state == "done")
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_model="stock.picking", active_id=delivery.id)
            .create({})
        )
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        returned = wizard._create_return()
        returned.move_ids.picked = True
        returned.with_context(skip_sms=True).button_validate()
        self._demo_date_pickings(returned, days_ago)
        refund_date = fields.Date.today() - timedelta(days=days_ago)
        order.invoice_ids._reverse_moves(
            [{"invoice_date": refund_date, "date": refund_date, "ref": order.name}], cancel=True
        )
