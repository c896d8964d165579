/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson confirms a quotation over the customer's credit limit: it goes on hold.
registry.category("web_tour.tours").add("crm_customer_info_credit_hold", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]:visible",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=credit_hold_banner]:visible",
        },
        {
            // still a quotation, nothing lost
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=draft]",
        },
    ],
});

// Finance releases the hold with a reason: the order is confirmed.
registry.category("web_tour.tours").add("crm_customer_info_credit_release", {
    steps: () => [
        {
            trigger: ".o_form_view div[name=credit_hold_banner]:visible",
        },
        {
            trigger: ".o_form_view button[name=action_credit_release]:visible",
            run: "click",
        },
        {
            trigger: ".modal div[name=reason] textarea",
            run: "edit Paid in advance by wire",
        },
        {
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=sale]",
        },
    ],
});
