"""Customer insight: the domain logic of crm_customer_info, free of Odoo.

Importable as ``customer_insight`` (pip install from the repository root) and as
``odoo.addons.crm_customer_info.customer_insight`` inside Odoo.
"""

from . import cadence
from . import normalize
from . import service

__all__ = ["cadence", "normalize", "service"]
