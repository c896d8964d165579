from . import account_move
from . import crm_customer_level
from . import crm_customer_region
from . import ir_sequence
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
