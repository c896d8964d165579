from . import (
    account_move,
    crm_customer_level,
    crm_customer_region,
    ir_sequence,
    res_company,
    res_partner,
    sale_order,
)
