/** @odoo-module */

import { registry } from "@web/core/registry";

// Language-neutral selectors: the test runs it for an administrator working in Chinese.
// Starts on My Day with one planned on-site visit (see tests/test_field_visits_tour.py);
// the browser's position is stubbed 100 m north of the customer.
registry.category("web_tour.tours").add("crm_customer_info_field_visit", {
    steps: () => [
        {
            content: "My Day lists the visit; the browser is at the customer (stubbed)",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains(外勤客户)",
            run() {
                Object.defineProperty(navigator, "geolocation", {
                    configurable: true,
                    value: {
                        getCurrentPosition(success) {
                            success({
                                coords: { latitude: 31.2406, longitude: 121.4998, accuracy: 15 },
                            });
                        },
                    },
                });
            },
        },
        {
            content: "Check in on arrival, from My Day",
            trigger: ".o_list_view .o_data_row:has(td[name=partner_id]:contains(外勤客户)) button[name=action_check_in]",
            run: "click",
        },
        {
            content: "Checked in: checking out is next",
            trigger: ".o_list_view .o_data_row:has(td[name=partner_id]:contains(外勤客户)) button[name=action_check_out]",
            run: "click",
        },
        {
            content: "Checked out: open the visit",
            trigger: ".o_list_view .o_data_row:not(:has(button[name=action_check_out])) td[name=partner_id]:contains(外勤客户)",
            run: "click",
        },
        {
            content: "Checked in on site",
            trigger: ".o_form_view .o_field_widget[name=check_in_position] .badge.text-bg-success",
        },
        {
            content: "Checked out on site",
            trigger: ".o_form_view .o_field_widget[name=check_out_position] .badge.text-bg-success",
        },
        {
            content: "Mark the visit as done",
            trigger: ".o_form_view button[name=action_done].btn-primary",
            run: "click",
        },
        {
            content: "Describe the outcome",
            trigger: ".modal .o_field_html[name=outcome] div.o-paragraph",
            run: "editor 客户下月订购两台设备",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
