/** @odoo-module **/
/**
 * Check In / Check Out of customer visits send the browser's position, as
 * hr_attendance does: the buttons (form, list, kanban) first ask
 * navigator.geolocation, then call the server method with the position in the
 * context key ``crm_visit_position`` ({latitude, longitude, accuracy}, or
 * {error} when the browser gives none; the company's policy decides).
 */
import { patch } from "@web/core/utils/patch";
import { ViewButton } from "@web/views/view_button/view_button";

const GEO_BUTTONS = new Set(["action_check_in", "action_check_out"]);
const VISIT_MODEL = "crm.customer.visit";
// Give up waiting for a position after this many milliseconds.
const POSITION_TIMEOUT = 15000;

export function getBrowserPosition() {
    return new Promise((resolve) => {
        if (!navigator.geolocation) {
            resolve({ error: "unavailable" });
            return;
        }
        navigator.geolocation.getCurrentPosition(
            ({ coords }) =>
                resolve({
                    latitude: coords.latitude,
                    longitude: coords.longitude,
                    accuracy: coords.accuracy,
                }),
            (error) => resolve({ error: error.message || "denied" }),
            { enableHighAccuracy: true, timeout: POSITION_TIMEOUT, maximumAge: 60000 }
        );
    });
}

patch(ViewButton.prototype, {
    get clickParams() {
        const params = super.clickParams;
        if (this.crmVisitPosition) {
            return {
                ...params,
                buttonContext: {
                    ...(params.buttonContext || {}),
                    crm_visit_position: this.crmVisitPosition,
                },
            };
        }
        return params;
    },

    async onClick(ev) {
        const params = super.clickParams;
        const record = this.props.record;
        if (
            params.type !== "object" ||
            !GEO_BUTTONS.has(params.name) ||
            record?.resModel !== VISIT_MODEL
        ) {
            return super.onClick(ev);
        }
        if (this.props.tag === "a") {
            ev.preventDefault();
        }
        this.crmVisitPosition = await getBrowserPosition();
        try {
            return super.onClick(ev);
        } finally {
            this.crmVisitPosition = null;
        }
    },
});
