/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Open a classified customer's Classification tab: the explanation comes first, then its numbers.
// Language-neutral selectors: the same tour runs in English and in Chinese.
registry.category("web_tour.tours").add("crm_customer_info_classification", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_customer_info.menu_crm_customer_root"),
        {
            trigger: ".o_list_view",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Tour Classified Customer",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains(Tour Classified Customer)",
            run: "click",
        },
        {
            trigger: ".o_notebook a[name=crm_classification]",
            run: "click",
        },
        {
            // the level decision names the window of the analysis: "365" in every language
            trigger: ".o_crm_classification_explanation:contains(365)",
        },
        {
            trigger: ".o_field_widget[name=level_history_ids] .o_data_row",
        },
    ],
});
