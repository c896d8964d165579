"""The customer file on the partner: number, level, region, team, properties, duplicates.

Also the one bulk writer of company-dependent partner values
(:meth:`ResPartner._crm_write_company_values`) and the rules of what a client
may write. The partner's classification, log and visit parts are in
``res_partner_classification.py``, ``res_partner_log.py`` and
``res_partner_visit.py``, as their views are.
"""

import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..customer_insight.normalize import (
    MIN_PHONE_DIGITS,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_vat,
)
from .constants import MANAGER_GROUP
from .integrity import in_server_write, is_server_write


def _json_value(field, value):
    """``value`` of ``field`` as stored in a company-dependent (jsonb) column."""
    if value is None or (value is False and field.type != "boolean"):
        return None
    if field.type == "datetime":
        return fields.Datetime.to_string(value)
    if field.type == "date":
        return fields.Date.to_string(value)
    return value


# Partner fields only the addon's own code writes (cadence, classification).
SYSTEM_FIELDS = (
    "classification_id",
    "last_visit_date",
    "next_visit_due_date",
    "next_planned_visit_date",
    "visit_overdue_notified_date",
    "visit_overdue_date",
)


# Stored comparison keys; the two phone keys are compared with each other too.
DEDUP_KEYS = ("dedup_vat", "dedup_email", "dedup_name")
DEDUP_PHONE_KEYS = ("dedup_phone", "dedup_mobile")


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
        return partners

    @api.model
    def _crm_write_customer_numbers(self, company, partner_ids):
        """Give ``partner_ids``, in this order, the next numbers of ``company``'s sequence.

        One ``nextval`` batch, one look-up of numbers a manager typed, and one UPDATE,
        whatever the count; the caller passes partners without a number in ``company``.
        """
        sequence = company._crm_customer_number_sequence()
        numbers = self._crm_free_numbers(company, sequence, len(partner_ids))
        self._crm_write_company_values(
            company,
            {"customer_number": dict(zip(partner_ids, numbers, strict=True))},
            touch=True,
        )

    @api.model
    def _crm_write_company_values(self, company, values, *, touch=False, contacts=False, now=None):
        """Write company-dependent values of many partners in ``company``, in one UPDATE.

        The one place where the addon writes such values in bulk (customer numbers,
        classification pointers and levels, visit dates). ``values`` is
        ``{field: {partner_id: value}}``; a value is what the field holds (an id for
        a many2one, a date, a datetime, a string, a number, or ``None``), and
        only the fields given for a partner change. With ``touch``, the write is a
        change a user sees (``write_date`` = ``now``, default the transaction's
        time, ``write_uid`` = the current user); with ``contacts``, the contacts
        of each partner get its values too. The cache follows and the fields
        depending on the written ones are told (``modified``).
        """
        fnames = [fname for fname, by_partner in values.items() if by_partner]
        for fname in values:
            if not self._fields[fname].company_dependent:
                raise ValueError(f"{fname} is not company-dependent")
        if not fnames:
            return
        # one row per partner: its id, then per field the JSON text of its value,
        # or SQL NULL when the field is not given for that partner (kept as is)
        partner_ids = sorted({pid for fname in fnames for pid in values[fname]})
        columns = [
            [
                json.dumps(_json_value(field, by_partner[pid])) if pid in by_partner else None
                for pid in partner_ids
            ]
            for field, by_partner in ((self._fields[fname], values[fname]) for fname in fnames)
        ]
        self.flush_model(fnames)
        key = str(company.id)
        assignments = []
        for index, (fname, column) in enumerate(zip(fnames, columns, strict=True)):
            value = SQL.identifier("v", f"f{index}")
            assignment = SQL(
                "COALESCE(p.%(column)s, '{}'::jsonb) || jsonb_build_object(%(key)s, %(value)s)",
                column=SQL.identifier(fname),
                key=key,
                value=value,
            )
            if None in column:  # not every partner gets this field
                assignment = SQL(
                    "CASE WHEN %(value)s IS NULL THEN p.%(column)s ELSE %(assignment)s END",
                    value=value,
                    column=SQL.identifier(fname),
                    assignment=assignment,
                )
            assignments.append(SQL("%s = %s", SQL.identifier(fname), assignment))
        if touch:
            assignments.append(
                SQL(
                    "write_uid = %s, write_date = %s",
                    self.env.uid,
                    now or self.env.cr.now(),
                )
            )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET %(assignments)s
                  FROM unnest(%(ids)s::int4[], %(columns)s) AS v(id, %(names)s)
                 WHERE %(target)s = v.id
                """,
                assignments=SQL(", ").join(assignments),
                ids=partner_ids,
                columns=SQL(", ").join(SQL("%s::jsonb[]", column) for column in columns),
                names=SQL(", ").join(SQL.identifier(f"f{index}") for index in range(len(fnames))),
                target=SQL("p.commercial_partner_id" if contacts else "p.id"),
            )
        )
        self.invalidate_model([*fnames, *(("write_uid", "write_date") if touch else ())])
        self.browse(partner_ids).modified(fnames)

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

    @api.model
    def _crm_detach_regions(self):
        """Uninstall: partners outlive the addon, their regions do not.

        The region column goes with the addon, but its restricting foreign key
        would keep the regions from being deleted; one UPDATE, no write logic.
        """
        self.env.cr.execute("UPDATE res_partner SET region_id = NULL WHERE region_id IS NOT NULL")
        self.invalidate_model(["region_id"])

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
            self._crm_refresh_visit_dates(self.env.company, cadenced)
        return partners

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
            self._crm_refresh_visit_dates(self.env.company, self.commercial_partner_id)
        if levels_before:
            self._crm_log_level_changes(levels_before)
        return result
