from . import crm_customer_product_trace
