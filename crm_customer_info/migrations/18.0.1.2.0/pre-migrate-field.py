"""Field visits: create the visits' *Off Site* column before the update fills it.

Every visit recorded before this version was checked in without a position, so
the column is false for all of them; creating it here spares the update from
computing it visit by visit on large databases.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE crm_customer_visit ADD COLUMN IF NOT EXISTS off_site boolean")
    cr.execute("UPDATE crm_customer_visit SET off_site = false WHERE off_site IS NULL")
