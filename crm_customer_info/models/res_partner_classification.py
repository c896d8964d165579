"""The customer's classification on the partner, and the history of its levels.

The values (segment, value class, credit rating, churn, lifecycle, ...) are those
of the customer's current classification row in the current company. They are
computed with the reader's rights, not related fields (which would read as
superuser): a row the reader may not see gives an empty value; searching goes
through the rows (their record rules apply) and sorting and grouping join the
rows the reader may read (:meth:`ResPartner._field_to_sql`). The row pointer
``classification_id`` is written by the classification run only.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .constants import ALL_CUSTOMERS_READERS, CUSTOMER_FILE_READERS
from .crm_customer_classification import CHURN_BANDS, GRADES, LIFECYCLE_STAGES, SEGMENTS
from .integrity import in_server_write

# Who sees a customer's classification on the customer file: salespeople and finance users.
CLASSIFICATION_GROUPS = CUSTOMER_FILE_READERS
# Partner field -> column of its current classification row.
CLASSIFICATION_VALUES = {
    "customer_segment": "segment",
    "value_class": "pareto_class",
    "credit_rating": "credit_rating",
    "churn_risk": "churn_risk",
    "churn_band": "churn_band",
    "lifecycle_stage": "lifecycle_stage",
    "customer_value": "monetary",
    "last_purchase_date": "last_purchase_date",
    "days_since_purchase": "recency_days",
    "level_locked": "level_locked",
}


def _classification_value(column):
    """Field attributes of a partner value read from its classification row ``column``.

    Computed with the reader's rights (not as a related field, which would read
    as superuser): a row the reader may not see gives an empty value, and
    searching, sorting and grouping go through the rows' record rules too.
    """
    return {
        "compute": "_compute_classification_values",
        "search": _search_through_rows(column),
        "groups": CLASSIFICATION_GROUPS,
        "help": "From the customer's current classification; empty where you may not see it.",
    }


def _search_through_rows(column):
    """Search on a classification value: through the rows, so their record rules apply."""

    def search(partners, operator, value):
        rows = partners.env["crm.customer.classification"]
        company = [("company_id", "=", partners.env.company.id)]
        partner_id = SQL.identifier(rows._table, "partner_id")
        domain = [
            ("id", "in", rows._search([*company, (column, operator, value)]).subselect(partner_id))
        ]
        values = value if isinstance(value, list | tuple) else [value]
        empty = any(item is False or item is None for item in values)
        if operator in ("=", "in", "!=", "not in") and empty == (operator in ("=", "in")):
            # unclassified customers, and those whose row is not the user's, hold no value
            domain = ["|", *domain, ("id", "not in", rows._search(company).subselect(partner_id))]
        return domain

    return search


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Classification (crm.customer.classification): the current company's result row and the
    # values lists filter, group and sort customers by (related through the row, in SQL).
    classification_id = fields.Many2one(
        "crm.customer.classification",
        string="Current Classification",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=ALL_CUSTOMERS_READERS,
    )
    classification_ids = fields.One2many(
        "crm.customer.classification",
        "partner_id",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
        groups=CLASSIFICATION_GROUPS,
    )
    level_history_ids = fields.One2many(
        "crm.customer.level.history",
        "partner_id",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
        groups=CLASSIFICATION_GROUPS,
    )
    customer_segment = fields.Selection(
        SEGMENTS, string="Segment", **_classification_value("segment")
    )
    value_class = fields.Selection(GRADES, **_classification_value("pareto_class"))
    credit_rating = fields.Selection(GRADES, **_classification_value("credit_rating"))
    churn_risk = fields.Integer(aggregator="avg", **_classification_value("churn_risk"))
    churn_band = fields.Selection(
        CHURN_BANDS, string="Churn Risk Band", **_classification_value("churn_band")
    )
    lifecycle_stage = fields.Selection(LIFECYCLE_STAGES, **_classification_value("lifecycle_stage"))
    customer_value = fields.Monetary(
        string="Revenue in Window",
        currency_field="currency_id",
        aggregator="sum",
        **_classification_value("monetary"),
    )
    last_purchase_date = fields.Date(**_classification_value("last_purchase_date"))
    days_since_purchase = fields.Integer(
        string="Days Since Last Purchase", **_classification_value("recency_days")
    )
    level_locked = fields.Boolean(**_classification_value("level_locked"))

    @api.depends_context("uid", "company")
    @api.depends(*(f"classification_id.{column}" for column in CLASSIFICATION_VALUES.values()))
    def _compute_classification_values(self):
        """Values of the current rows the user may read, in one query on the rows."""
        pointers = self.sudo().mapped("classification_id")
        readable = self.env["crm.customer.classification"].search_fetch(
            [("id", "in", pointers.ids)], list(CLASSIFICATION_VALUES.values())
        )
        values = {row.id: row for row in readable}
        for partner in self:
            pointer = partner.sudo().classification_id
            row = values.get(pointer.id)
            for fname, column in CLASSIFICATION_VALUES.items():
                partner[fname] = row[column] if row else False

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """Sort and group by classification values through the rows the user may read."""
        column = CLASSIFICATION_VALUES.get(fname)
        if not column:
            return super()._field_to_sql(alias, fname, query, flush)
        if query is None:
            raise ValueError(f"Cannot convert {fname} to SQL without a query")
        self.check_field_access_rights("read", [fname])
        rows = self.env["crm.customer.classification"]
        coalias = query.make_alias(alias, "crm_classification")
        if coalias not in query._joins:
            readable = rows._search([])
            condition = SQL(
                "%s = %s",
                self.sudo()._field_to_sql(alias, "classification_id", query),
                SQL.identifier(coalias, "id"),
            )
            if readable.where_clause:
                condition = SQL(
                    "%s AND %s IN %s",
                    condition,
                    SQL.identifier(coalias, "id"),
                    readable.subselect(),
                )
            query.add_join("LEFT JOIN", coalias, rows._table, condition)
        return rows.sudo()._field_to_sql(coalias, column, query, flush)

    def action_crm_classify(self):
        """Button and list action: classify the selected customers now (managers)."""
        classification = self.env["crm.customer.classification"]
        classification._check_manager()
        stats = classification.sudo()._classify_company(self.env.company, partners=self)
        return classification._notify(stats)

    # ------------------------------------------------------------------
    # Level history of manual changes (the classification run writes its own)
    # ------------------------------------------------------------------

    def _crm_levels_before_write(self, vals):
        """Levels of the commercial entities whose level ``vals`` may change, by partner."""
        if "level_id" not in vals or in_server_write(self):
            return {}
        return {partner: partner.level_id for partner in self if partner._is_commercial_entity()}

    def _crm_log_level_changes(self, levels_before):
        """Write a manual level-history line for each partner whose level changed."""
        lines = [
            {
                "partner_id": partner.id,
                "company_id": self.env.company.id,
                "from_level_id": level.id,
                "to_level_id": partner.level_id.id,
                "source": "manual",
                "user_id": self.env.uid,
            }
            for partner, level in levels_before.items()
            if partner.level_id != level
        ]
        if lines:
            self.env["crm.customer.level.history"].sudo().create(lines)
