from . import models
from . import wizards
from . import report
from . import controllers


def uninstall_hook(env):
    """Drop the performance report's triggers on Odoo's tables, and its storage."""
    report.crm_customer_performance_report.drop_storage(env.cr)
