"""Credit hold on sale orders: the company's credit policy checked at confirmation.

Confirming an order that breaks the policy does not raise: the order stays a
quotation (``draft`` / ``sent``) *on credit hold*, with the broken rules kept as
data and shown in words, a message in the chatter, a line in the credit history
and an activity for the company's credit controller. Every confirmation path
goes through ``action_confirm`` (the form's button, RPC, the portal's signature
and payment flows, e-commerce), which still returns ``True``. Validating the
delivery of a confirmed order checks the policy again.

Credit controllers release a hold (the order is confirmed; the release is valid
for that order only) or reject it (the order stays unconfirmed), with a reason.
The hold fields are written only by that code (a ``server_write`` scope, see
``integrity``); the confirmation of a released order skips the check inside a
scope of this process too: nothing in a request's context opens either.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang
from odoo.tools.mail import plaintext2html

from ..customer_insight.credit_policy import Breach, OrderFacts, evaluate, evaluate_orders
from .integrity import check_client_values, server_write

CREDIT_CONTROLLER_GROUP = "crm_customer_info.group_crm_credit_controller"
# Fields only the credit check and the release wizard write (None: no value on create).
HOLD_FIELDS = {"credit_hold_state": None, "credit_hold": None, "credit_hold_breaches": None}
# Orders a credit controller released, confirmed without the check (this process only).
_RELEASED = ContextVar("crm_customer_info_credit_released", default=frozenset())


@contextmanager
def _released(orders):
    token = _RELEASED.set(_RELEASED.get() | set(orders.ids))
    try:
        yield
    finally:
        _RELEASED.reset(token)


CREDIT_READERS = (
    "crm_customer_info.group_crm_customer_user,"
    "account.group_account_invoice,account.group_account_readonly,"
    "crm_customer_info.group_crm_credit_controller"
)


class SaleOrder(models.Model):
    # The credit feature lives in its own files, apart from the main inheritance.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    credit_hold_state = fields.Selection(
        [("hold", "On Credit Hold"), ("released", "Released"), ("rejected", "Rejected")],
        string="Credit Check",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="On Credit Hold: confirming the order broke the company's credit policy; a "
        "credit controller releases it (the order is confirmed) or rejects it.",
    )
    credit_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_credit_hold",
        store=True,
        index=True,
        copy=False,
    )
    credit_hold_breaches = fields.Json(readonly=True, copy=False)
    credit_hold_reason = fields.Text(
        string="Credit Hold Reasons",
        compute="_compute_credit_hold_reason",
        help="The credit rules the order broke when it was held.",
    )
    credit_event_ids = fields.One2many(
        "crm.customer.credit.event", "order_id", string="Credit History", readonly=True
    )
    credit_overdue_amount = fields.Monetary(
        string="Customer Overdue",
        currency_field="credit_company_currency_id",
        compute="_compute_credit_overdue",
        groups=CREDIT_READERS,
    )
    credit_overdue_count = fields.Integer(
        string="Customer Overdue Invoices",
        compute="_compute_credit_overdue",
        groups=CREDIT_READERS,
    )
    credit_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )

    @api.depends("credit_hold_state", "state")
    def _compute_credit_hold(self):
        for order in self:
            order.credit_hold = order.credit_hold_state == "hold" and order.state != "cancel"

    @api.depends_context("lang")
    @api.depends("credit_hold_breaches", "credit_hold_state")
    def _compute_credit_hold_reason(self):
        for order in self:
            if order.credit_hold_state in ("hold", "rejected") and order.credit_hold_breaches:
                breaches = [
                    Breach(item["rule"], tuple(item["values"].items()))
                    for item in order.credit_hold_breaches
                ]
                order.credit_hold_reason = order._crm_credit_words(breaches)
            else:
                order.credit_hold_reason = False

    @api.depends_context("uid", "company")
    @api.depends("partner_id")
    def _compute_credit_overdue(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id
            order.credit_overdue_amount = partner.exposure_overdue
            order.credit_overdue_count = partner.exposure_overdue_count

    # ------------------------------------------------------------------
    # Words
    # ------------------------------------------------------------------

    def _crm_credit_words(self, breaches):
        """The broken rules in words, in the reader's language, one per line."""
        self.ensure_one()
        currency = self.company_id.currency_id

        def money(amount):
            return formatLang(self.env, amount, currency_obj=currency)

        lines = []
        for breach in breaches:
            if breach.rule == "limit":
                if breach.get("allowed") > breach.get("limit"):
                    lines.append(
                        self.env._(
                            "Exposure %(exposure)s > limit %(limit)s (tolerance up to %(allowed)s)",
                            exposure=money(breach.get("exposure")),
                            limit=money(breach.get("limit")),
                            allowed=money(breach.get("allowed")),
                        )
                    )
                else:
                    lines.append(
                        self.env._(
                            "Exposure %(exposure)s > limit %(limit)s",
                            exposure=money(breach.get("exposure")),
                            limit=money(breach.get("limit")),
                        )
                    )
            elif breach.rule == "rating":
                lines.append(
                    self.env._(
                        "Credit rating %(rating)s (orders are held at %(max_rating)s or worse)",
                        rating=breach.get("rating"),
                        max_rating=breach.get("max_rating"),
                    )
                )
            elif breach.rule == "overdue":
                lines.append(
                    self.env._(
                        "%(count)s invoice(s) overdue more than %(days)s days "
                        "(the oldest %(oldest)s days)",
                        count=breach.get("count"),
                        days=breach.get("days"),
                        oldest=breach.get("oldest"),
                    )
                )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # Guard: the hold fields are the credit check's
    # ------------------------------------------------------------------

    def _crm_credit_write(self, vals):
        """The credit check's own write of the hold fields (as superuser, in its scope)."""
        with server_write(self._name):
            return self.sudo().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self = check_client_values(self, vals_list, HOLD_FIELDS)  # noqa: PLW0642
        return super().create(vals_list)

    def write(self, vals):
        check_client_values(self, vals, HOLD_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------

    def _crm_credit_order_facts(self, policy, include_amount=True):
        """``OrderFacts`` of each order (amount in company currency, taxes included)."""
        prepaid = set()
        if policy.exempt_prepaid:
            prepaid = set(self.filtered(lambda o: o.amount_total and o._is_paid()).ids)
        return {
            order.id: OrderFacts(
                amount=(order.amount_total / (order.currency_rate or 1.0))
                if include_amount
                else 0.0,
                payment_term=order.payment_term_id.id or None,
                prepaid=order.id in prepaid,
            )
            for order in self
        }

    def _crm_credit_breaches(self, include_amount=True):
        """``{order: (exposure, breaches)}`` of the orders the policy holds.

        One exposure query per company whatever the number of orders; orders of a
        customer confirmed together count each other's amounts (``include_amount``:
        the orders are not confirmed yet, so their amount is not in the exposure).
        """
        held = {}
        for company, orders in self.grouped("company_id").items():
            policy = company._crm_credit_policy()
            if not policy.active:
                continue
            customers = orders.partner_id.commercial_partner_id
            engine = customers._crm_exposure_engine(company)
            exposures = engine.exposures(customers.ids)
            facts = orders._crm_credit_order_facts(policy, include_amount)
            if include_amount:
                breaches = evaluate_orders(
                    policy,
                    {pid: exposure.facts() for pid, exposure in exposures.items()},
                    [
                        (order.id, order.partner_id.commercial_partner_id.id, facts[order.id])
                        for order in orders
                    ],
                )
            else:
                breaches = {}
                for order in orders:
                    exposure = exposures.get(order.partner_id.commercial_partner_id.id)
                    if exposure and (found := evaluate(policy, exposure.facts(), facts[order.id])):
                        breaches[order.id] = found
            for order in orders:
                if order.id in breaches:
                    exposure = exposures[order.partner_id.commercial_partner_id.id]
                    held[order] = (exposure, breaches[order.id])
        return held

    def _crm_credit_place_holds(self, held, include_amount=True):
        """Put the orders of ``held`` (``_crm_credit_breaches``) on hold: fields, chatter,
        history, an activity for the credit controller. An order already on hold only
        gets its reasons updated (no second activity or history line).

        Portal and public users (signature, payment) leave the bookkeeping to the
        superuser: messages and activity notices need an author with an address.
        """
        orders = self.browse([order.id for order in held])
        trusted = orders.sudo()
        if self.env.user.share:
            trusted = trusted.with_user(SUPERUSER_ID)
        events, notes, activities = [], {}, []
        for order in trusted:
            exposure, breaches = held[order]
            data = [{"rule": b.rule, "values": dict(b.values)} for b in breaches]
            already = order.credit_hold_state == "hold"
            order._crm_credit_write({"credit_hold_state": "hold", "credit_hold_breaches": data})
            if already:
                continue
            words = order._crm_credit_words(breaches)
            amount = order.amount_total / (order.currency_rate or 1.0)
            after = next(
                (b.get("exposure") for b in breaches if b.rule == "limit"),
                exposure.total + (amount if include_amount else 0.0),
            )
            events.append(
                order._crm_credit_event_values(
                    "hold", words, amount=amount, exposure=after, limit=exposure.limit
                )
            )
            notes[order.id] = plaintext2html(
                self.env._("Put on credit hold:\n%(reasons)s", reasons=words)
            )
            activities.extend(order._crm_credit_activity_values(words))
        # one batch each: chatter notes, activities, history lines
        if notes:
            trusted.browse(list(notes))._message_log_batch(notes)
        trusted.env["mail.activity"].create(activities)
        trusted.env["crm.customer.credit.event"].create(events)
        return orders

    def _crm_credit_event_values(self, action, reason, amount=0.0, exposure=0.0, limit=0.0):
        self.ensure_one()
        return {
            "order_id": self.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "controller_id": self.env.uid,
            "action": action,
            "reason": reason,
            "amount": amount,
            "exposure": exposure,
            "credit_limit": limit,
        }

    def _crm_credit_activity_values(self, words):
        """Values of one *Credit Hold* activity for the company's credit controller (none
        without a controller)."""
        self.ensure_one()
        controller = self.company_id._crm_credit_controller()
        activity_type = self.env.ref(
            "crm_customer_info.mail_activity_type_credit_hold", raise_if_not_found=False
        )
        if not controller or not activity_type:
            return []
        return [
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "user_id": controller.id,
                "summary": self.env._("Credit hold: %(order)s", order=self.name),
                "note": plaintext2html(words),
                "date_deadline": fields.Date.context_today(self),
            }
        ]

    def _crm_credit_close_activities(self, feedback):
        activity_type = self.env.ref(
            "crm_customer_info.mail_activity_type_credit_hold", raise_if_not_found=False
        )
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            activities.action_feedback(feedback=feedback)

    def action_confirm(self):
        """Confirm the orders the credit policy allows; put the others on credit hold.

        Returns ``True`` like Odoo's, also when orders were held (the portal and
        the payment flow go on; the held orders stay quotations).
        """
        if set(self.ids) <= _RELEASED.get():
            return super().action_confirm()
        checked = self.filtered(
            lambda o: o.state in ("draft", "sent") and not o._confirmation_error_message()
        )
        held = checked._crm_credit_breaches() if checked else {}
        if held:
            self._crm_credit_place_holds(held)
        lifted = checked.filtered(lambda o: o.credit_hold_state and o not in held)
        if lifted:
            # confirmed again after the customer paid: the earlier hold no longer applies
            lifted._crm_credit_write({"credit_hold_state": False, "credit_hold_breaches": False})
            lifted._crm_credit_close_activities(
                self.env._("The credit policy no longer holds the order.")
            )
        to_confirm = self - self.browse([order.id for order in held])
        if to_confirm:
            super(SaleOrder, to_confirm).action_confirm()
        return True

    def _send_order_confirmation_mail(self):
        """No confirmation mail for orders on hold (the payment flow asks for it)."""
        return super(
            SaleOrder, self.filtered(lambda o: o.state == "sale")
        )._send_order_confirmation_mail()

    def _crm_credit_check_delivery(self):
        """Check confirmed orders before their delivery is validated.

        Released orders pass. Orders on hold or rejected are blocked; the others are
        checked again (their amount is already in the exposure) and held when they
        break the policy now. Returns ``(blocked orders, newly held orders)``.
        """
        orders = self.filtered(lambda o: o.state == "sale" and o.credit_hold_state != "released")
        blocked = orders.filtered(lambda o: o.credit_hold_state in ("hold", "rejected"))
        fresh = orders - blocked
        held = fresh._crm_credit_breaches(include_amount=False) if fresh else {}
        newly = self._crm_credit_place_holds(held, include_amount=False) if held else self.browse()
        return blocked | newly, newly

    # ------------------------------------------------------------------
    # Release and reject (credit controllers, through the wizard)
    # ------------------------------------------------------------------

    def _crm_credit_check_controller(self):
        """Only credit controllers decide on holds, and never on their own orders."""
        if not self.env.user.has_group(CREDIT_CONTROLLER_GROUP):
            raise AccessError(self.env._("Only credit controllers release or reject credit holds."))
        if own := self.filtered(lambda o: o.user_id == self.env.user):
            raise AccessError(
                self.env._(
                    "You are the salesperson of %(orders)s: another credit controller decides "
                    "on its credit hold.",
                    orders=", ".join(own.mapped("name")),
                )
            )
        if not_held := self.filtered(lambda o: not o.credit_hold):
            raise UserError(
                self.env._(
                    "%(orders)s is not on credit hold.", orders=", ".join(not_held.mapped("name"))
                )
            )

    def _crm_credit_release(self, reason):
        """Release the holds (credit controllers): the orders are confirmed, this time only."""
        self._crm_credit_check_controller()
        trusted = self.sudo()
        trusted._crm_credit_write({"credit_hold_state": "released"})
        self.env["crm.customer.credit.event"].sudo().create(
            [order._crm_credit_event_values("release", reason) for order in self]
        )
        for order in trusted:
            order.message_post(
                body=self.env._("Credit hold released: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        self._crm_credit_close_activities(self.env._("Released: %(reason)s", reason=reason))
        quotations = trusted.filtered(lambda o: o.state in ("draft", "sent"))
        if quotations:
            with _released(quotations):
                quotations.action_confirm()
        return True

    def _crm_credit_reject(self, reason):
        """Reject the holds (credit controllers): the orders stay unconfirmed."""
        self._crm_credit_check_controller()
        trusted = self.sudo()
        trusted._crm_credit_write({"credit_hold_state": "rejected"})
        self.env["crm.customer.credit.event"].sudo().create(
            [order._crm_credit_event_values("reject", reason) for order in self]
        )
        for order in trusted:
            order.message_post(
                body=self.env._("Credit hold rejected: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        self._crm_credit_close_activities(self.env._("Rejected: %(reason)s", reason=reason))
        return True

    def action_draft(self):
        """A cancelled order set back to quotation is checked afresh: earlier decisions go."""
        result = super().action_draft()
        decided = self.filtered(lambda o: o.credit_hold_state)
        if decided:
            decided._crm_credit_write({"credit_hold_state": False, "credit_hold_breaches": False})
        return result

    def action_open_credit_overdue_invoices(self):
        """The customer's overdue invoices (banner link)."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_open_overdue_invoices()

    def action_credit_release(self):
        """Open the release wizard on these orders."""
        return self._crm_credit_wizard("release")

    def action_credit_reject(self):
        """Open the release wizard to reject the holds of these orders."""
        return self._crm_credit_wizard("reject")

    def _crm_credit_wizard(self, decision):
        self._crm_credit_check_controller()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit Hold")
            if decision == "release"
            else self.env._("Reject Credit Hold"),
            "res_model": "crm.customer.credit.release",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_ids": self.ids,
                "default_decision": decision,
            },
        }
