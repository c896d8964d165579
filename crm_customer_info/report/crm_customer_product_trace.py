from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_customer_log import OPEN_STATES


class CrmCustomerProductTrace(models.Model):
    """Who holds a product: done deliveries to customers net of their returns (recall list).

    One row per customer, product, lot/serial number and company. A move into a
    customer location counts positive, a move out of one (a return) negative;
    customers who returned everything are left out.
    """

    _name = "crm.customer.product.trace"
    _description = "Product Trace to Customers"
    _auto = False
    _order = "first_delivery_date desc, partner_id, id"
    _rec_name = "partner_id"
    _depends = {
        "stock.move.line": [
            "state",
            "quantity_product_uom",
            "location_id",
            "location_dest_id",
            "lot_id",
            "product_id",
            "date",
            "picking_id",
            "move_id",
            "company_id",
        ],
        "stock.move": ["partner_id"],
        "stock.picking": ["partner_id"],
        "stock.location": ["usage"],
        "res.partner": ["commercial_partner_id", "user_id", "team_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["uom_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    quantity = fields.Float(
        string="Quantity Held",
        digits="Product Unit of Measure",
        readonly=True,
        help="Delivered minus returned, in the product's unit.",
    )
    delivered_qty = fields.Float(
        string="Delivered", digits="Product Unit of Measure", readonly=True
    )
    returned_qty = fields.Float(string="Returned", digits="Product Unit of Measure", readonly=True)
    first_delivery_date = fields.Date(string="Delivery Date", readonly=True)
    last_delivery_date = fields.Date(string="Last Delivery", readonly=True)
    has_open_log = fields.Boolean(
        string="Open Log Entry",
        compute="_compute_has_open_log",
        help="The customer already has an open log entry about this product.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH moves AS (
                SELECT sml.id, sml.company_id, sml.product_id, sml.lot_id, sml.date,
                       COALESCE(sp.partner_id, sm.partner_id) AS delivery_partner_id,
                       CASE WHEN dest.usage = 'customer' THEN sml.quantity_product_uom
                            ELSE -sml.quantity_product_uom END AS qty
                  FROM stock_move_line sml
                  JOIN stock_move sm ON sm.id = sml.move_id
                  JOIN stock_location src ON src.id = sml.location_id
                  JOIN stock_location dest ON dest.id = sml.location_dest_id
             LEFT JOIN stock_picking sp ON sp.id = sml.picking_id
                 WHERE sml.state = 'done'
                   AND (src.usage = 'customer') <> (dest.usage = 'customer')
            )
            SELECT MIN(m.id) AS id,
                   cp.id AS partner_id,
                   cp.user_id AS user_id,
                   cp.team_id AS team_id,
                   m.company_id AS company_id,
                   m.product_id AS product_id,
                   pt.id AS product_tmpl_id,
                   m.lot_id AS lot_id,
                   pt.uom_id AS uom_id,
                   SUM(m.qty) AS quantity,
                   SUM(GREATEST(m.qty, 0)) AS delivered_qty,
                   SUM(GREATEST(-m.qty, 0)) AS returned_qty,
                   MIN(m.date) FILTER (WHERE m.qty > 0)::date AS first_delivery_date,
                   MAX(m.date) FILTER (WHERE m.qty > 0)::date AS last_delivery_date
              FROM moves m
              JOIN res_partner p ON p.id = m.delivery_partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
          GROUP BY cp.id, m.company_id, m.product_id, pt.id, m.lot_id
            HAVING SUM(m.qty) > 0
            """
        )

    @api.depends("partner_id", "product_id")
    def _compute_has_open_log(self):
        groups = self.env["crm.customer.log"]._read_group(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("product_ids", "in", self.product_id.ids),
                ("state", "in", OPEN_STATES),
            ],
            ["partner_id", "product_ids"],
        )
        open_pairs = {(partner.id, product.id) for partner, product in groups}
        for row in self:
            row.has_open_log = (row.partner_id.id, row.product_id.id) in open_pairs

    @api.model
    def _crm_action(self, domain, name):
        """The trace list restricted to ``domain``, titled after what is traced."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_product_trace_action"
        )
        action["domain"] = domain
        action["display_name"] = self.env._("Customers Holding %(what)s", what=name)
        return action

    def action_follow_up(self):
        """Open the dialog that creates follow-ups for the selected customers."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow Up Customers"),
            "res_model": "crm.customer.trace.action",
            "view_mode": "form",
            "target": "new",
            "context": {"default_trace_ids": self.ids},
        }
