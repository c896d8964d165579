from . import test_customer_number
from . import test_region
from . import test_duplicates
from . import test_handover
from . import test_security
from . import test_customer_properties
from . import test_i18n
from . import test_tours
