/** @odoo-module */

import { registry } from "@web/core/registry";

// Log a complaint from the customer form and resolve it. Language-neutral
// selectors: the type by its position, stages by their value.
registry.category("web_tour.tours").add("crm_customer_info_log_complaint", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_new_customer_log]",
            run: "click",
        },
        {
            // The shipped types in their order: consultation, complaint, contact...
            trigger: ".modal .o_field_widget[name=type_id] input[data-index='1']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=subject] input",
            run: "edit Tour complaint: compressor too loud",
        },
        {
            trigger: ".modal button[name=action_open_form]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value=new].o_arrow_button_current",
        },
        {
            // saved: a complaint has a response deadline from its SLA policy
            trigger: ".o_form_view .o_field_widget[name=deadline]",
        },
        {
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=in_progress].o_arrow_button_current",
        },
        {
            trigger: ".o_notebook a[name=resolution]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=resolution] textarea",
            run: "edit Replaced the silencer; the customer is satisfied.",
        },
        {
            trigger: ".o_form_view button[name=action_resolve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=resolved].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
