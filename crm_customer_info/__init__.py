from . import models
from . import wizards
from . import report
from . import controllers


def uninstall_hook(env):
    """Drop the performance report's triggers on Odoo's tables, and its storage.

    Partners outlive the addon when documents use them; their region column goes with
    the addon, but its restricting foreign key would keep the regions from being deleted.
    """
    report.crm_customer_performance_report.drop_storage(env.cr)
    env.cr.execute("UPDATE res_partner SET region_id = NULL WHERE region_id IS NOT NULL")
