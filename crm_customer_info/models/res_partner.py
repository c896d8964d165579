from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..customer_insight.cadence import is_overdue
from ..customer_insight.normalize import (
    MIN_PHONE_DIGITS,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_vat,
)
from .crm_customer_classification import CHURN_BANDS, GRADES, LIFECYCLE_STAGES, SEGMENTS
from .crm_customer_log import OPEN_STATES
from .integrity import in_server_write, is_server_write

# Who sees a customer's classification on the customer file: salespeople and finance users.
CLASSIFICATION_GROUPS = (
    "crm_customer_info.group_crm_customer_user,"
    "account.group_account_invoice,account.group_account_readonly"
)

# Who reads every customer's classification: managers and finance. The row pointer is theirs;
# the others read the values below, which follow the classification rows' record rules.
ALL_CUSTOMERS_READERS = (
    "crm_customer_info.group_crm_customer_manager,"
    "account.group_account_invoice,account.group_account_readonly"
)
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


# Partner fields only the addon's own code writes (cadence, classification).
SYSTEM_FIELDS = (
    "classification_id",
    "last_visit_date",
    "next_visit_due_date",
    "next_planned_visit_date",
    "visit_overdue_notified_date",
)
MANAGER_GROUP = "crm_customer_info.group_crm_customer_manager"


# Stored comparison keys; the two phone keys are compared with each other too.
DEDUP_KEYS = ("dedup_vat", "dedup_email", "dedup_name")
DEDUP_PHONE_KEYS = ("dedup_phone", "dedup_mobile")
# Who reads customer log entries: the customer-info users and finance.
LOG_READERS = (
    "crm_customer_info.group_crm_customer_user,"
    "account.group_account_invoice,account.group_account_readonly"
)


class ResPartner(models.Model):
    _inherit = "res.partner"
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "customer_number",
    ]

    customer_number = fields.Char(
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Assigned from the company's sequence when the partner becomes a customer: "
        "first confirmed sale order, first posted invoice, or 'Register as customer'.",
    )
    level_id = fields.Many2one(
        "crm.customer.level",
        string="Customer Level",
        company_dependent=True,
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', current_company_id)]",
    )
    level_color = fields.Integer(related="level_id.color", string="Level Colour")
    region_id = fields.Many2one(
        "crm.customer.region",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="['|', ('company_id', '=', False), ('company_id', '=', current_company_id)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        ondelete="set null",
        help="Team responsible for the customer; follows the salesperson's team by default.",
    )
    source_id = fields.Many2one("utm.source", tracking=True, help="How this customer found us.")
    customer_company_id = fields.Many2one(
        "res.company",
        compute="_compute_customer_company_id",
        help="The company whose customer attributes apply: the partner's own company, "
        "or the current one for partners shared between companies.",
    )
    customer_properties = fields.Properties(
        string="Customer Attributes",
        definition="customer_company_id.customer_properties_definition",
        copy=True,
    )
    customer_keyword = fields.Char(
        string="Name, number, phone, e-mail, VAT or contact",
        store=False,
        search="_search_customer_keyword",
    )
    dedup_vat = fields.Char(
        string="Normalized VAT", compute="_compute_dedup_keys", store=True, index="btree_not_null"
    )
    dedup_email = fields.Char(
        string="Normalized E-mail",
        compute="_compute_dedup_keys",
        store=True,
        index="btree_not_null",
    )
    dedup_name = fields.Char(
        string="Normalized Name", compute="_compute_dedup_keys", store=True, index="btree_not_null"
    )
    dedup_phone = fields.Char(
        string="Normalized Phone", compute="_compute_dedup_keys", store=True, index="btree_not_null"
    )
    dedup_mobile = fields.Char(
        string="Normalized Mobile",
        compute="_compute_dedup_keys",
        store=True,
        index="btree_not_null",
    )
    duplicate_partner_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_duplicate_partner_ids",
        search="_search_duplicate_partner_ids",
    )
    visit_interval_days = fields.Integer(
        string="Visit Interval Override (days)",
        company_dependent=True,
        help="Days between two visits to this customer; 0 uses the interval of its level.",
    )
    last_visit_date = fields.Date(
        company_dependent=True, readonly=True, help="Day of the last done visit."
    )
    next_visit_due_date = fields.Date(
        string="Next Visit Due",
        company_dependent=True,
        readonly=True,
        help="Last done visit (or creation) plus the visit interval of the customer's level.",
    )
    next_planned_visit_date = fields.Datetime(
        string="Next Planned Visit", company_dependent=True, readonly=True
    )
    visit_overdue_notified_date = fields.Date(
        string="Overdue Reminder For",
        company_dependent=True,
        readonly=True,
        help="Due date for which the salesperson was last reminded that a visit is overdue.",
    )
    visit_overdue = fields.Boolean(
        compute="_compute_visit_overdue",
        search="_search_visit_overdue",
        help="The next visit was due before today and none is planned.",
    )
    visit_count = fields.Integer(string="Visits", compute="_compute_visit_count")

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

    def _commercial_fields(self):
        return [*super()._commercial_fields(), "level_id", "region_id", "source_id", "team_id"]

    @api.depends("user_id")
    def _compute_team_id(self):
        """Follow the salesperson's team unless the salesperson is a member of the current one."""
        for partner in self.filtered("user_id"):
            if partner.user_id not in partner.team_id.member_ids:
                partner.team_id = partner.user_id.sale_team_id

    @api.depends_context("company")
    @api.depends("company_id")
    def _compute_customer_company_id(self):
        for partner in self:
            partner.customer_company_id = partner.company_id or self.env.company

    @api.depends("vat", "email", "name", "phone", "mobile", "country_id.phone_code")
    def _compute_dedup_keys(self):
        for partner in self:
            code = partner.country_id.phone_code
            partner.dedup_vat = normalize_vat(partner.vat) or False
            partner.dedup_email = normalize_email(partner.email) or False
            partner.dedup_name = normalize_name(partner.name) or False
            partner.dedup_phone = normalize_phone(partner.phone, code) or False
            partner.dedup_mobile = normalize_phone(partner.mobile, code) or False

    def _is_commercial_entity(self):
        return self.is_company or not self.parent_id

    @api.depends(*DEDUP_KEYS, *DEDUP_PHONE_KEYS, "company_id", "parent_id", "is_company")
    def _compute_duplicate_partner_ids(self):
        """Match all records against the database in one search, then pair them in memory."""
        entities = self.filtered(lambda p: p._is_commercial_entity())
        (self - entities).duplicate_partner_ids = False
        keyed = defaultdict(set)
        for partner in entities:
            for key in partner._dedup_key_values():
                keyed[key].add(partner)
        if not keyed:
            entities.duplicate_partner_ids = False
            return
        domain = expression.OR(
            [(fname, "in", list({v for (f, v) in keyed if f == fname}))]
            for fname in (*DEDUP_KEYS, *DEDUP_PHONE_KEYS)
            if any(f == fname for (f, v) in keyed)
        )
        candidates = self.with_context(active_test=True).search(
            expression.AND(
                [
                    domain,
                    ["|", ("is_company", "=", True), ("parent_id", "=", False)],
                    [("company_id", "in", [*entities.company_id.ids, False])],
                ]
            )
        )
        matches = defaultdict(set)
        for candidate in candidates:
            for key in candidate._dedup_key_values():
                for partner in keyed.get(key, ()):
                    if partner.company_id == candidate.company_id and (
                        candidate.id != partner._origin.id
                    ):
                        matches[partner].add(candidate.id)
        for partner in entities:
            partner.duplicate_partner_ids = [fields.Command.set(sorted(matches[partner]))]

    def _dedup_key_values(self):
        """(field, key) pairs of this partner; both phone keys as one 'phone' family."""
        pairs = {(fname, self[fname]) for fname in DEDUP_KEYS if self[fname]}
        for fname in DEDUP_PHONE_KEYS:
            if self[fname]:
                pairs.add(("dedup_phone", self[fname]))
                pairs.add(("dedup_mobile", self[fname]))
        return pairs

    def _search_duplicate_partner_ids(self, operator, value):
        """Support the 'Possible duplicates' filter: ('duplicate_partner_ids', '!=', False)."""
        if operator not in ("!=", "=") or value is not False:
            raise ValidationError(self.env._("Unsupported search on possible duplicates."))
        self.flush_model([*DEDUP_KEYS, *DEDUP_PHONE_KEYS, "company_id", "parent_id"])
        groups = [
            SQL(
                "SELECT id, company_id, %(fname)s AS kind, %(key)s AS key FROM res_partner"
                " WHERE active AND (is_company OR parent_id IS NULL) AND %(key)s IS NOT NULL",
                fname=kind,
                key=SQL.identifier(fname),
            )
            for fname, kind in (
                ("dedup_vat", "vat"),
                ("dedup_email", "email"),
                ("dedup_name", "name"),
                ("dedup_phone", "phone"),
                ("dedup_mobile", "phone"),
            )
        ]
        self.env.cr.execute(
            SQL(
                """
                WITH keys AS (%(keys)s)
                SELECT DISTINCT unnest(array_agg(DISTINCT id)) FROM keys
                GROUP BY company_id, kind, key HAVING count(DISTINCT id) > 1
                """,
                keys=SQL(" UNION ALL ").join(groups),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", "in" if operator == "!=" else "not in", ids)]

    def _search_customer_keyword(self, operator, value):
        if operator not in ("ilike", "like", "=", "=ilike") or not isinstance(value, str):
            raise ValidationError(self.env._("Unsupported search on customers."))
        fnames = ["complete_name", "customer_number", "ref", "vat", "email"]
        domain = expression.OR(
            [[(fname, "ilike", value)] for fname in fnames]
            + [[("child_ids.name", "ilike", value)], [("child_ids.email", "ilike", value)]]
        )
        digits = "".join(ch for ch in value if ch.isdigit()).lstrip("0")
        if len(digits) >= MIN_PHONE_DIGITS:
            domain = expression.OR(
                [domain]
                + [[(fname, "like", digits)] for fname in DEDUP_PHONE_KEYS]
                + [[(f"child_ids.{fname}", "like", digits)] for fname in DEDUP_PHONE_KEYS]
            )
        return domain

    @api.constrains("customer_number")
    def _check_customer_number_unique(self):
        """A number belongs to one customer per company; checked in one query."""
        numbered = self.filtered("customer_number")
        if not numbered:
            return
        numbered.flush_recordset(["customer_number"])
        company = str(self.env.company.id)
        self.env.cr.execute(
            SQL(
                "SELECT customer_number->>%(company)s FROM res_partner"
                " WHERE customer_number->>%(company)s IN %(numbers)s"
                " GROUP BY 1 HAVING count(*) > 1",
                company=company,
                numbers=tuple(numbered.mapped("customer_number")),
            )
        )
        clashes = [row[0] for row in self.env.cr.fetchall()]
        if clashes:
            raise ValidationError(
                self.env._(
                    "Customer number %(numbers)s is already used in company %(company)s.",
                    numbers=", ".join(clashes),
                    company=self.env.company.name,
                )
            )

    def _assign_customer_numbers(self):
        """Number the commercial entities of ``self`` that have no number in the current company.

        Numbers come from the company's sequence in one ``nextval`` batch and are
        written with one UPDATE; a number is never reused.
        """
        partners = self.commercial_partner_id.filtered(lambda p: not p.customer_number)
        if not partners:
            return partners
        partners.flush_recordset(["customer_number"])
        self._crm_write_customer_numbers(self.env.company, partners.sorted("id").ids)
        partners.invalidate_recordset(["customer_number", "write_date", "write_uid"])
        return partners

    @api.model
    def _crm_write_customer_numbers(self, company, partner_ids):
        """Give ``partner_ids``, in this order, the next numbers of ``company``'s sequence.

        One ``nextval`` batch, one look-up of numbers a manager typed, and one UPDATE,
        whatever the count; the caller passes partners without a number in
        ``company`` and invalidates the cache.
        """
        sequence = company._crm_customer_number_sequence()
        numbers = self._crm_free_numbers(company, sequence, len(partner_ids))
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET customer_number = COALESCE(p.customer_number, '{}'::jsonb)
                                         || jsonb_build_object(%(company)s, v.number),
                       write_date = now() AT TIME ZONE 'UTC', write_uid = %(uid)s
                  FROM unnest(%(ids)s::int4[], %(numbers)s::varchar[]) AS v(id, number)
                 WHERE p.id = v.id
                """,
                company=str(company.id),
                uid=self.env.uid,
                ids=list(partner_ids),
                numbers=numbers,
            )
        )

    @api.model
    def _crm_free_numbers(self, company, sequence, count):
        """``count`` new numbers of ``sequence`` that no customer of ``company`` holds yet.

        A manager may have typed a number the sequence gives later: it is skipped,
        so that an assignment never creates a duplicate.
        """
        numbers = []
        key = str(company.id)
        while len(numbers) < count:
            drawn = sequence._crm_next_batch(count - len(numbers))
            self.env.cr.execute(
                SQL(
                    "SELECT customer_number->>%(key)s FROM res_partner"
                    " WHERE customer_number->>%(key)s IN %(drawn)s",
                    key=key,
                    drawn=tuple(drawn),
                )
            )
            taken = {number for (number,) in self.env.cr.fetchall()}
            numbers += [number for number in drawn if number not in taken]
        return numbers

    def action_register_customer(self):
        """Button: make the selected partners customers of the current company."""
        self._assign_customer_numbers()
        return True

    def action_review_duplicates(self):
        """Open Odoo's merge wizard on this customer and its possible duplicates."""
        self.ensure_one()
        partners = self | self.duplicate_partner_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Contacts"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partners.ids,
                "active_id": self.id,
            },
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Record the initial level in the history and start the visit cadence."""
        for vals in vals_list:
            self._crm_check_client_values(vals)
            if vals.get("level_id") and not (vals.get("parent_id") and not vals.get("is_company")):
                self._crm_check_manager(
                    self.env._("Only customer information managers set levels.")
                )
        partners = super().create(vals_list)
        if not in_server_write(self):
            leveled = partners.filtered(lambda p: p.level_id and p._is_commercial_entity())
            leveled._crm_log_level_changes(dict.fromkeys(leveled, self.env["crm.customer.level"]))
        cadenced = partners.filtered(lambda p: p.level_id or p.visit_interval_days)
        if cadenced:
            self.env["crm.customer.visit"]._crm_refresh_cadence(
                cadenced.ids, companies=self.env.company
            )
        return partners

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

    # ------------------------------------------------------------------
    # What a client may write
    # ------------------------------------------------------------------

    def _crm_check_manager(self, message):
        if not is_server_write(self) and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(message)

    def _crm_check_client_values(self, vals):
        """Refuse values only the addon computes, and customer numbers typed by non-managers."""
        if is_server_write(self):
            return
        if written := [fname for fname in SYSTEM_FIELDS if fname in vals]:
            raise UserError(
                self.env._(
                    "%(fields)s are kept up to date by the customer file and cannot be written.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in written
                    ),
                )
            )
        if vals.get("customer_number"):
            self._crm_check_manager(
                self.env._(
                    "Customer numbers come from the company's sequence; "
                    "only customer information managers correct one."
                )
            )

    def _crm_check_write(self, vals):
        """Server-side rules of a write, whatever the client: see the README's Security."""
        self._crm_check_client_values(vals)
        if is_server_write(self):
            return
        if "customer_number" in vals and not vals["customer_number"]:
            self._crm_check_manager(self.env._("Only customer information managers clear numbers."))
        entities = self.filtered(lambda p: p._is_commercial_entity())
        if "level_id" in vals:
            level = int(vals["level_id"] or 0)
            changed = entities.filtered(lambda p: p.level_id.id != (level or False))
            if changed:
                self._crm_check_manager(
                    self.env._(
                        "Only customer information managers change a customer's level by hand."
                    )
                )
                if locked := changed.sudo().filtered("classification_id.level_locked"):
                    raise UserError(
                        self.env._(
                            "The level of %(customers)s is locked: unlock it with "
                            "Override Level first.",
                            customers=", ".join(locked.mapped("display_name")),
                        )
                    )
        if {"user_id", "team_id"} & vals.keys() and not self.env.user.has_group(MANAGER_GROUP):
            entities._crm_check_own_assignment(vals)

    def _crm_check_own_assignment(self, vals):
        """A salesperson keeps their customers theirs: reassigning is a manager's handover."""
        me = self.env.user
        user = int(vals.get("user_id") or 0)
        team = int(vals.get("team_id") or 0)
        my_teams = me.crm_team_ids | self.env["crm.team"].search([("user_id", "=", me.id)])
        for partner in self:
            moved_user = "user_id" in vals and partner.user_id.id != (user or False)
            moved_team = "team_id" in vals and partner.team_id.id != (team or False)
            if not (moved_user or moved_team):
                continue
            owner = user if "user_id" in vals else partner.user_id.id
            if (
                owner != me.id
                or partner.user_id not in (me, self.env["res.users"])
                or (moved_team and team and team not in my_teams.ids)
            ):
                raise AccessError(
                    self.env._(
                        "Only customer information managers move %(customer)s to another "
                        "salesperson or team (Handover).",
                        customer=partner.display_name,
                    )
                )

    def action_crm_classify(self):
        """Button and list action: classify the selected customers now (managers)."""
        classification = self.env["crm.customer.classification"]
        classification._check_manager()
        stats = classification.sudo()._classify_company(self.env.company, partners=self)
        return classification._notify(stats)

    def write(self, vals):
        """Record level changes, and keep other companies' attribute values.

        The web client sends only the attributes of the current company's
        definition, which would drop the values stored for another company's.
        A new level or visit interval moves the customers' next visit due date.
        """
        self._crm_check_write(vals)
        levels_before = self._crm_levels_before_write(vals)
        written = vals.get("customer_properties")
        kept = {}
        if isinstance(written, list):
            shown = {prop.get("name") for prop in written}
            kept = {
                partner.id: {
                    name: value
                    for name, value in (partner.customer_properties or {}).items()
                    if name not in shown
                }
                for partner in self
            }
        result = super().write(vals)
        for partner in self.filtered(lambda p: kept.get(p.id)):
            merged = {**(partner.customer_properties or {}), **kept[partner.id]}
            super(ResPartner, partner).write({"customer_properties": merged})
        if {"level_id", "visit_interval_days"} & vals.keys():
            self.env["crm.customer.visit"]._crm_refresh_cadence(
                self.commercial_partner_id.ids, companies=self.env.company
            )
        if levels_before:
            self._crm_log_level_changes(levels_before)
        return result

    # ------------------------------------------------------------------
    # Maintenance log
    # ------------------------------------------------------------------

    log_ids = fields.One2many("crm.customer.log", "partner_id", string="Logs", groups=LOG_READERS)
    log_count = fields.Integer(
        string="Log Entries", compute="_compute_log_counts", groups=LOG_READERS
    )
    open_log_count = fields.Integer(
        string="Open Log Entries", compute="_compute_log_counts", groups=LOG_READERS
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_log_counts(self):
        """Entries of each partner's commercial entity, all and open, in one grouped query."""
        groups = self.env["crm.customer.log"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id", "state"],
            ["__count"],
        )
        total, still_open = defaultdict(int), defaultdict(int)
        for partner, state, count in groups:
            total[partner.id] += count
            if state in OPEN_STATES:
                still_open[partner.id] += count
        for partner in self:
            entity = partner.commercial_partner_id._origin.id
            partner.log_count = total[entity]
            partner.open_log_count = still_open[entity]

    def action_open_customer_logs(self):
        """Smart button: the log entries of the customer."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_customer_log_action"
        )
        action["display_name"] = self.env._("Logs of %(customer)s", customer=customer.name)
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def action_new_customer_log(self):
        """Header button: the quick-entry form, prefilled with the customer (and contact)."""
        self.ensure_one()
        context = {"default_partner_id": self.commercial_partner_id.id}
        if self != self.commercial_partner_id:
            context["default_contact_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log"),
            "res_model": "crm.customer.log",
            "view_mode": "form",
            "views": [
                (self.env.ref("crm_customer_info.crm_customer_log_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    @api.depends_context("company")
    @api.depends("next_visit_due_date", "next_planned_visit_date")
    def _compute_visit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.visit_overdue = is_overdue(
                partner.next_visit_due_date or None, today, bool(partner.next_planned_visit_date)
            )

    def _search_visit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on overdue visits."))
        domain = [
            ("next_visit_due_date", "<", fields.Date.context_today(self)),
            ("next_planned_visit_date", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _compute_visit_count(self):
        counts = self.env["crm.customer.visit"]._crm_count_by("partner_id", self)
        for partner in self:
            partner.visit_count = counts.get(partner, 0)

    def action_open_visits(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.env["crm.customer.visit"]._crm_action(
            [("partner_id", "=", customer.id)], {"default_partner_id": customer.id}
        )

    def action_plan_visit(self):
        """Open a new visit of this customer, on its due day by default."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Visit"),
            "res_model": "crm.customer.visit",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_plan_visits(self):
        """Plan one visit for each selected customer that has none planned (one transaction)."""
        visits = self.env["crm.customer.visit"]._crm_plan_for_customers(self)
        skipped = len(self.commercial_partner_id) - len(visits)
        if not visits:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "Every selected customer already has a planned visit: nothing planned."
                    ),
                },
            }
        action = self.env["crm.customer.visit"]._crm_action([("id", "in", sorted(visits.ids))], {})
        action.update(
            {
                "name": self.env._("Planned Visits"),
                "view_mode": "list,calendar,form",
                "views": [(False, "list"), (False, "calendar"), (False, "form")],
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(planned)s visits planned; %(skipped)s customers skipped "
                    "(a visit is already planned).",
                    planned=len(visits),
                    skipped=skipped,
                ),
                "next": action,
            },
        }
