/** @odoo-module */

import { registry } from "@web/core/registry";

// A customer's portal user submits a request from My Account → Requests and finds it
// in the list. Language-neutral selectors: the type and the serial number by position.
registry.category("web_tour.tours").add("crm_customer_info_portal_request", {
    steps: () => [
        {
            trigger: "a.o_crm_log_new",
            run: "click",
        },
        {
            // the portal types in their order: consultation, complaint, service...
            trigger: "select[name=type_id]",
            run: "selectByIndex 1",
        },
        {
            trigger: "input[name=subject]",
            run: "edit 压缩机噪音太大",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit 晚上运行时声音很响。",
        },
        {
            // the only serial number delivered to this customer
            trigger: "select[name=lot_id]",
            run: "selectByIndex 1",
        },
        {
            trigger: "button.o_crm_log_submit",
            run: "click",
        },
        {
            trigger: ".o_crm_log_portal .o_crm_log_state",
        },
        {
            trigger: ".o_portal_chatter",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/logs']",
            run: "click",
        },
        {
            trigger: "tr.o_crm_log_row:contains(压缩机噪音太大)",
        },
    ],
});
