"""The benchmark databases: their sizes and names."""

import os
from dataclasses import dataclass

import odoo_env

REPO = odoo_env.REPO
ADDON = "crm_customer_info"
TEMPLATE = f"{ADDON}_bench_template"
README = os.path.join(REPO, "README.md")
NAIVE_CUSTOMERS = 2_000


@dataclass(frozen=True)
class Size:
    key: str
    customers: int
    orders: int
    invoices: int
    salespeople: int
    visits: int
    logs: int

    def database(self, prefix=f"{ADDON}_bench"):
        """The size's database: ``<prefix>_<size>``."""
        return f"{prefix}_{self.key.lower()}"


SIZES = {
    "S": Size(
        "S",
        customers=2_000,
        orders=20_000,
        invoices=20_000,
        salespeople=10,
        visits=4_000,
        logs=4_000,
    ),
    "L": Size(
        "L",
        customers=100_000,
        orders=1_000_000,
        invoices=1_000_000,
        salespeople=100,
        visits=200_000,
        logs=200_000,
    ),
}
