"""Customer portal of log entries: what a customer's portal users read, submit and close.

Portal users read their commercial entity's entries through the record rule of
``base.group_portal`` (security/portal_security.xml) and only the fields listed in
:data:`PORTAL_READABLE_FIELDS`. They neither create nor write entries through the
ORM: a request is submitted with :meth:`_portal_submit_request` and a resolved
entry closed with :meth:`_portal_close`, which check the caller's access and the
values first and then run the entry's own create and workflow as the superuser,
the portal user staying the author (``sudo()`` keeps the user).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from .crm_customer_log import SERVER_FIELDS
from .integrity import check_client_values

# What a portal user reads of an entry (the chatter's and portal's fields come on top):
# not the responsible, costs, internal notes nor the staff's satisfaction.
PORTAL_READABLE_FIELDS = {
    "id",
    "name",
    "display_name",
    "subject",
    "type_id",
    "state",
    "partner_id",
    "contact_id",
    "log_date",
    "channel",
    "description",
    "product_ids",
    "lot_ids",
    "resolution",
    "resolved_on",
    "deadline",
    "company_id",
    "create_date",
    "write_date",
}
# What a portal request may carry (form field -> meaning); everything else is the server's.
PORTAL_REQUEST_FIELDS = ("type_id", "subject", "description", "product_id", "lot_id")
SUBJECT_SIZE = 200
DESCRIPTION_SIZE = 10000


class CrmCustomerLogType(models.Model):
    _inherit = "crm.customer.log.type"

    portal_available = fields.Boolean(
        string="Available on Portal",
        help="Customers' portal users may submit requests of this type under My Account.",
    )


class CrmCustomerLog(models.Model):
    _name = "crm.customer.log"
    _inherit = ["crm.customer.log", "portal.mixin"]

    channel = fields.Selection(
        selection_add=[("portal", "Customer Portal")], ondelete={"portal": "set default"}
    )

    def _compute_access_url(self):
        for log in self:
            log.access_url = f"/my/logs/{log.id}"

    # ------------------------------------------------------------------
    # Field access of portal users
    # ------------------------------------------------------------------

    @api.model
    def _portal_readable_fields(self):
        mixins = ("mail.thread", "portal.mixin")
        return PORTAL_READABLE_FIELDS.union(*(self.env[name]._fields for name in mixins))

    def _portal_restricted(self):
        return not self.env.su and self.env.user._is_portal()

    def check_field_access_rights(self, operation, field_names):
        if not self._portal_restricted():
            return super().check_field_access_rights(operation, field_names)
        readable = self._portal_readable_fields()
        if not field_names:
            names = super().check_field_access_rights(operation, field_names)
            return [fname for fname in names if fname in readable]
        hidden = set(field_names) & set(self._fields) - readable
        if hidden:
            raise AccessError(
                self.env._(
                    "Portal users cannot read %(fields)s of customer log entries.",
                    fields=", ".join(sorted(hidden)),
                )
            )
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        if self._portal_restricted():
            readable = self._portal_readable_fields()
            field_names = [fname for fname in field_names if fname in readable]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)

    # ------------------------------------------------------------------
    # What the customer may choose
    # ------------------------------------------------------------------

    @api.model
    def _portal_customer(self):
        """The commercial entity of the current portal user; refuses everyone else."""
        user = self.env.user
        if not user._is_portal():
            raise AccessError(self.env._("Only portal users submit requests from the portal."))
        return user.commercial_partner_id

    @api.model
    def _portal_types(self):
        """Log types the current portal user may submit, in their company."""
        company = self.env.user.company_id
        return (
            self.env["crm.customer.log.type"]
            .sudo()
            .search(
                [
                    ("portal_available", "=", True),
                    ("company_id", "in", [False, company.id]),
                ]
            )
        )

    @api.model
    def _portal_deliveries(self):
        """[(product, lot)] delivered to the current user's commercial entity, in one query.

        Move lines of done outgoing pickings of the entity (or its contacts) in the
        user's company; ``lot`` is empty for products without lots.
        """
        customer = self._portal_customer()
        groups = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "done"),
                    ("picking_code", "=", "outgoing"),
                    ("picking_id.partner_id", "child_of", customer.id),
                    ("company_id", "=", self.env.user.company_id.id),
                ],
                ["product_id", "lot_id"],
                order="product_id, lot_id",
            )
        )
        return groups

    # ------------------------------------------------------------------
    # Submit and close
    # ------------------------------------------------------------------

    @api.model
    def _portal_request_values(self, form):
        """The entry values of a portal form, after checking every choice; raises UserError."""
        customer = self._portal_customer()
        unknown = set(form) - set(PORTAL_REQUEST_FIELDS)
        if unknown:
            raise UserError(
                self.env._("Unknown request fields: %(fields)s", fields=", ".join(sorted(unknown)))
            )
        log_type = self._portal_types().filtered(lambda t: str(t.id) == str(form.get("type_id")))
        if not log_type:
            raise ValidationError(self.env._("Choose one of the request types offered."))
        subject = (form.get("subject") or "").strip()
        if not subject or len(subject) > SUBJECT_SIZE:
            raise ValidationError(
                self.env._("Give a subject of at most %(size)s characters.", size=SUBJECT_SIZE)
            )
        description = (form.get("description") or "").strip()
        if len(description) > DESCRIPTION_SIZE:
            raise ValidationError(
                self.env._(
                    "The description is limited to %(size)s characters.", size=DESCRIPTION_SIZE
                )
            )
        product, lot = self._portal_delivered_item(form.get("product_id"), form.get("lot_id"))
        user = self.env.user
        return {
            "type_id": log_type.id,
            "subject": subject,
            "description": plaintext2html(description) if description else False,
            "partner_id": customer.id,
            "contact_id": user.partner_id.id if user.partner_id != customer else False,
            "user_id": customer.user_id.id,
            "channel": "portal",
            "company_id": user.company_id.id,
            "product_ids": [fields.Command.set(product.ids)],
            "lot_ids": [fields.Command.set(lot.ids)],
        }

    @api.model
    def _portal_delivered_item(self, product_id, lot_id):
        """The product and lot chosen on the form, among those delivered to the customer."""
        product = self.env["product.product"]
        lot = self.env["stock.lot"]
        if not product_id and not lot_id:
            return product, lot
        for delivered_product, delivered_lot in self._portal_deliveries():
            if str(delivered_product.id) != str(product_id or delivered_product.id):
                continue
            if lot_id and str(delivered_lot.id) != str(lot_id):
                continue
            return delivered_product, delivered_lot if lot_id else lot
        raise ValidationError(
            self.env._("Choose a product and serial number among those delivered to you.")
        )

    @api.model
    def _portal_submit_request(self, form):
        """Create an entry from a portal form; the portal user is its author and follower."""
        vals = self._portal_request_values(form)
        check_client_values(self, [vals], SERVER_FIELDS)
        log_sudo = self.sudo().create(vals)
        log_sudo.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        log = log_sudo.sudo(False)
        log.check_access("read")  # the portal rule shows the user what they created
        return log

    def _portal_close(self):
        """Close the customer's own resolved entries (the workflow's action_close)."""
        self._portal_customer()
        self.check_access("read")
        not_resolved = self.filtered(lambda log: log.sudo().state != "resolved")
        if not_resolved:
            raise UserError(
                self.env._(
                    "Only a resolved entry can be closed: %(logs)s",
                    logs=", ".join(not_resolved.sudo().mapped("display_name")),
                )
            )
        logs = self.sudo()
        logs.action_close()
        logs._message_log_batch(
            bodies=dict.fromkeys(
                logs.ids,
                Markup("<p>%s</p>")
                % self.env._("Closed by the customer (%(user)s).", user=self.env.user.name),
            )
        )
        return True
