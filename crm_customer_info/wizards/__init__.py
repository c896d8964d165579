from . import crm_customer_handover
from . import crm_customer_handover_visit
from . import crm_customer_visit_cancel
from . import crm_customer_visit_done
