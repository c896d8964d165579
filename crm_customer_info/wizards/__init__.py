from . import crm_customer_handover
from . import crm_customer_trace
from . import crm_customer_trace_action
from . import crm_customer_visit_cancel
from . import crm_customer_visit_done
from . import crm_customer_level_override
from . import crm_customer_export
from . import crm_customer_credit_release
