import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { graphView } from "@web/views/graph/graph_view";
import { GraphModel } from "@web/views/graph/graph_model";
import { pivotView } from "@web/views/pivot/pivot_view";
import { PivotModel } from "@web/views/pivot/pivot_model";

/**
 * Salesperson performance: figures without a salesperson are labelled
 * "No Salesperson" instead of "None", as Odoo's own task pivot says "Unassigned".
 */
function noSalespersonLabel(fieldName) {
    return fieldName === "user_id" ? _t("No Salesperson") : null;
}

export class CrmCustomerPerformancePivotModel extends PivotModel {
    _getEmptyGroupLabel(fieldName) {
        return noSalespersonLabel(fieldName) || super._getEmptyGroupLabel(fieldName);
    }
}

export class CrmCustomerPerformanceGraphModel extends GraphModel {
    _getDefaultFilterLabel(groupBy) {
        return noSalespersonLabel(groupBy?.fieldName) || super._getDefaultFilterLabel(groupBy);
    }
}

registry.category("views").add("crm_customer_performance_pivot", {
    ...pivotView,
    Model: CrmCustomerPerformancePivotModel,
});
registry.category("views").add("crm_customer_performance_graph", {
    ...graphView,
    Model: CrmCustomerPerformanceGraphModel,
});
