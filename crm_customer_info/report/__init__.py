from . import crm_customer_product_trace
from . import crm_customer_performance_report
from . import crm_customer_performance_sources
from . import crm_customer_performance_sla
from . import report_customer_profile
from . import report_salesperson_performance
