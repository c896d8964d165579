"""Import the library as ``customer_insight`` straight from this checkout.

The package lives inside the addon (``crm_customer_info/customer_insight``); the
repository's pyproject maps it to that name when pip-installed. Tests always use
the checkout's code, never an installed copy.
"""

import importlib.util
import pathlib
import sys

_PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "crm_customer_info" / "customer_insight"

_spec = importlib.util.spec_from_file_location(
    "customer_insight", _PACKAGE / "__init__.py", submodule_search_locations=[str(_PACKAGE)]
)
_module = importlib.util.module_from_spec(_spec)
sys.modules["customer_insight"] = _module
_spec.loader.exec_module(_module)
