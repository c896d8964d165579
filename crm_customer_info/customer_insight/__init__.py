"""Customer insight: the domain logic of crm_customer_info, free of Odoo.

Importable as ``customer_insight`` (pip install from the repository root) and as
``odoo.addons.crm_customer_info.customer_insight`` inside Odoo.
"""

from . import normalize, performance

# ``xlsx`` needs xlsxwriter (the ``xlsx`` extra): import it as ``customer_insight.xlsx``.
__all__ = ["normalize", "performance"]
