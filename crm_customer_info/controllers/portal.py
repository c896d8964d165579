"""My Account → Requests: customers' portal users follow, submit and close log entries.

Lists are searched with the portal user's own rights (the portal record rule);
a single entry goes through ``_document_check_access``. Another customer's or
another company's entry answers 403 Forbidden (the ``AccessError`` of the check, as
Odoo's HTTP dispatcher renders it) and an unknown id 404 Not Found; Odoo's own
portal pages redirect to /my instead, which would hide the refusal from tests
and from the customer.
"""

from odoo import http
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.constants import OPEN_STATES
from ..models.crm_customer_log_portal import PORTAL_REQUEST_FIELDS

LOG_MODEL = "crm.customer.log"


class CustomerLogPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "crm_log_count" in counters:
            Log = request.env[LOG_MODEL]
            values["crm_log_count"] = Log.search_count([]) if Log.has_access("read") else 0
        return values

    def _crm_log_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "log_date desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc, id desc"},
            "state": {"label": env._("Status"), "order": "state, log_date desc, id desc"},
        }

    def _crm_log_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "open": {"label": env._("Open"), "domain": [("state", "in", OPEN_STATES)]},
            "resolved": {"label": env._("Resolved"), "domain": [("state", "=", "resolved")]},
            "closed": {"label": env._("Closed"), "domain": [("state", "=", "closed")]},
            "cancelled": {"label": env._("Cancelled"), "domain": [("state", "=", "cancelled")]},
        }

    @http.route(["/my/logs", "/my/logs/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_logs(self, page=1, sortby="date", filterby="all", type_id=None):
        Log = request.env[LOG_MODEL]
        sortings = self._crm_log_sortings()
        filters = self._crm_log_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = list(filters[filterby]["domain"])
        # the types of the entries the user may read (their names read as the superuser)
        types = (
            request.env["crm.customer.log.type"]
            .browse([log_type.id for [log_type] in Log._read_group([], ["type_id"])])
            .sudo()
        )
        chosen_type = types.filtered(lambda t: str(t.id) == str(type_id))
        if chosen_type:
            domain.append(("type_id", "=", chosen_type.id))
        url_args = {"sortby": sortby, "filterby": filterby}
        if chosen_type:
            url_args["type_id"] = chosen_type.id
        pager = portal_pager(
            url="/my/logs",
            url_args=url_args,
            total=Log.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        logs = Log.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_crm_logs_history"] = logs.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "logs": logs.sudo(),
                "page_name": "crm_logs",
                "default_url": "/my/logs",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "log_types": types,
                "type_id": chosen_type.id,
                "can_submit": bool(Log._portal_types()) if request.env.user._is_portal() else False,
            }
        )
        return request.render("crm_customer_info.portal_my_logs", values)

    def _crm_log_check_access(self, log_id):
        """The entry as the superuser once the user may read it; 404 for an unknown id."""
        try:
            return self._document_check_access(LOG_MODEL, log_id)
        except MissingError as error:
            raise request.not_found() from error

    @http.route("/my/logs/<int:log_id>", type="http", auth="user", website=True)
    def portal_my_log(self, log_id, error=None):
        log_sudo = self._crm_log_check_access(log_id)  # AccessError: 403
        log_sudo._portal_ensure_token()
        values = self._get_page_view_values(
            log_sudo, None, self._prepare_portal_layout_values(), "my_crm_logs_history", False
        )
        values.update(
            {
                "log": log_sudo,
                "page_name": "crm_log",
                # the chatter posts with the entry's token: the user reads it, not writes it
                "token": log_sudo.access_token,
                "error": error,
                "can_close": log_sudo.state == "resolved" and request.env.user._is_portal(),
            }
        )
        return request.render("crm_customer_info.portal_my_log", values)

    @http.route(
        "/my/logs/<int:log_id>/close", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_log_close(self, log_id):
        self._crm_log_check_access(log_id)
        log = request.env[LOG_MODEL].browse(log_id)
        try:
            log._portal_close()
        except UserError as error:
            return request.redirect_query(f"/my/logs/{log_id}", {"error": error.args[0]})
        return request.redirect(f"/my/logs/{log_id}")

    @http.route("/my/logs/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_my_log_new(self, **form):
        Log = request.env[LOG_MODEL]
        Log._portal_customer()  # AccessError (403) for internal users: they use the back end
        error = None
        if request.httprequest.method == "POST":
            values = {key: form[key] for key in PORTAL_REQUEST_FIELDS if form.get(key)}
            try:
                log = Log._portal_submit_request(values)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(log.access_url)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_log_new",
                "log_types": Log._portal_types(),
                "deliveries": Log._portal_deliveries(),
                "form": form,
                "error": error,
            }
        )
        return request.render("crm_customer_info.portal_my_log_new", values)
