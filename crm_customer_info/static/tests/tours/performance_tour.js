/** @odoo-module */

import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

// Open the performance pivot, switch to the list and export the year's workbook.
// Language-neutral selectors: the same tour runs in English and in Chinese.
registry.category("web_tour.tours").add("crm_customer_info_performance", {
    steps: () => [
        {
            // the default grouping: salespeople in rows
            trigger: ".o_pivot table th.o_pivot_header_cell_opened",
        },
        {
            trigger: ".o_pivot table th:contains(Mitchell Admin)",
        },
        {
            // documents without salesperson (or of OdooBot): one row, named in both languages
            trigger: ".o_pivot table th:contains(No Salesperson), .o_pivot table th:contains(无销售员)",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=user_id]:contains(Mitchell Admin)",
        },
        {
            trigger: "button[name=action_open_export]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=date_from] input",
            run() {
                // The workbook is downloaded in a new tab: record its address instead.
                browser.open = (url) => {
                    document.body.dataset.crmWorkbook = url;
                };
            },
        },
        {
            trigger: ".modal button[name=action_export_workbook]",
            run: "click",
        },
        {
            trigger: "body[data-crm-workbook^='/crm_customer_info/workbook/']",
        },
    ],
});
