/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Language-neutral selectors: the same tour runs in English and in Chinese.
// Starts on a customer's form (see tests/test_visit_tours.py).
registry.category("web_tour.tours").add("crm_customer_info_visit", {
    steps: () => [
        {
            content: "Plan a visit from the customer",
            trigger: ".o_form_view button[name=action_plan_visit]",
            run: "click",
        },
        {
            content: "The new visit is for this customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Tour Visit Customer)",
        },
        {
            content: "Write the agenda",
            trigger: ".o_form_view .o_field_html[name=description] div.o-paragraph",
            run: "editor Present the new catalogue",
        },
        ...stepUtils.saveForm(),
        {
            content: "Check in on arrival",
            trigger: ".o_form_view button[name=action_check_in]",
            run: "click",
        },
        {
            content: "Checked in: checking out is next",
            trigger: ".o_form_view button[name=action_check_out]",
        },
        {
            content: "Mark the visit as done",
            trigger: ".o_form_view button[name=action_done].btn-primary",
            run: "click",
        },
        {
            content: "Describe the outcome",
            trigger: ".modal .o_field_html[name=outcome] div.o-paragraph",
            run: "editor The customer orders two machines next month",
        },
        {
            content: "Rate the customer's satisfaction",
            trigger: ".modal .o_field_widget[name=satisfaction] a.o_priority_star:eq(3)",
            run: "click",
        },
        {
            content: "The next visit is proposed",
            trigger: ".modal .o_field_widget[name=plan_next] input:checked",
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
        {
            content: "Open the next visit, planned automatically",
            trigger: ".o_form_view .o_field_widget[name=next_visit_id] a",
            run: "click",
        },
        {
            content: "The next visit is planned",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=planned]",
        },
    ],
});
