from . import crm_customer_handover
from . import crm_customer_handover_log
from . import crm_customer_trace
from . import crm_customer_trace_action
