"""Customer insight: the domain logic of crm_customer_info, free of Odoo.

Importable as ``customer_insight`` (pip install from the repository root) and as
``odoo.addons.crm_customer_info.customer_insight`` inside Odoo.

- ``normalize``: comparison keys for duplicate detection;
- ``rfm``, ``pareto``, ``credit``, ``churn``, ``lifecycle``: the classification
  building blocks; ``classify`` puts them together per company and decides the
  level; ``explain`` words the reasons;
- ``credit_policy``: which credit rules hold an order;
- ``geo``: distances between positions and the order of a day's visits.
"""

from . import cadence
from . import churn
from . import classify
from . import credit
from . import credit_policy
from . import explain
from . import geo
from . import lifecycle
from . import normalize
from . import pareto
from . import performance
from . import rfm
from . import service
from . import sla

# ``xlsx`` needs xlsxwriter (the ``xlsx`` extra): import it as ``customer_insight.xlsx``.
__all__ = [
    "cadence",
    "churn",
    "classify",
    "credit",
    "credit_policy",
    "explain",
    "geo",
    "lifecycle",
    "normalize",
    "pareto",
    "performance",
    "rfm",
    "service",
    "sla",
]
