/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Language-neutral selectors: the same tour runs in English and in Chinese.
registry.category("web_tour.tours").add("crm_customer_info_customer_file", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_customer_info.menu_crm_customer_root"),
        {
            trigger: ".o_list_view",
        },
        {
            trigger: "button.o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] :is(input, textarea)",
            run: "edit Tour Customer Trading Ltd",
        },
        {
            trigger: ".o_notebook a[name=customer_file]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=level_id] input",
            run: "edit A - ",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(A - )",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            trigger: "button[name=action_register_customer]",
            run: "click",
        },
        {
            trigger: "div[name=customer_identity] .o_field_widget[name=customer_number] span:contains(C0)",
        },
        {
            trigger: "div[name=customer_identity] .o_field_widget[name=level_id]:contains(A - )",
        },
    ],
});
