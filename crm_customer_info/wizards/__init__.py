from . import crm_customer_handover
