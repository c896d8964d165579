"""Install and uninstall hooks."""

from .report.crm_customer_performance_storage import drop_storage


def post_init_hook(env):
    """Adopt the history of the database the addon is installed into.

    Every commercial partner that already has a confirmed sale order or a posted
    customer invoice or credit note in a company gets that company's customer
    number, in the order of its first such document, then every company's
    customers are classified as by the nightly run (levels, segments, credit
    ratings, visit due dates). Batched SQL; the log says how many customers were
    numbered and classified per company. The performance figures of the history
    are built when the report's storage is created, before this hook.
    """
    companies = env["res.company"].search([])  # pylint: disable=no-search-all
    companies._crm_adopt_history()


def uninstall_hook(env):
    """Drop the performance report's triggers on Odoo's tables, and its storage.

    Partners outlive the addon when documents use them; they let go of their regions.
    """
    drop_storage(env.cr)
    env["res.partner"]._crm_detach_regions()
