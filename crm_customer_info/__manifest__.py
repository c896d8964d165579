{
    "name": "Customer Information Management",
    "summary": "One customer file for sales, service and finance: numbers, levels, "
    "regions, duplicates and salesperson handover",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_customer_info contributors",
    "maintainers": ["crm-customer-info"],
    "website": "https://github.com/crm-customer-info/crm_customer_info",
    "application": True,
    "depends": [
        "contacts",
        "crm",
        "sale_management",
        "sale_stock",
        "account",
        "calendar",
    ],
    "data": [
        "security/crm_customer_info_security.xml",
        "security/ir.model.access.csv",
        "data/crm_customer_level_data.xml",
        "views/crm_customer_level_views.xml",
        "views/crm_customer_region_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/crm_customer_handover_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_customer_info/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/crm_customer_region_demo.xml",
        "demo/res_partner_demo.xml",
    ],
}
