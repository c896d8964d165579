from contextlib import closing

from odoo.api import Environment
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

from odoo.addons.crm_customer_info.report.crm_customer_performance_storage import (
    DIRTY_MONTH_TABLE,
    PerformanceStorage,
)

# A company id no real company has: the committed marks of this test are its own.
NO_COMPANY = -4242


@tagged("post_install", "-at_install")
class TestPerformanceConcurrency(BaseCase):
    """Concurrent writers and refreshes of the stored figures, on real transactions.

    Odoo runs requests in REPEATABLE READ. Marks that two writers both insert
    for the same month once made the second fail with a serialization error
    under load (``make load``); a refresh must still never drop a mark
    committed after its snapshot.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.addCleanup(self._forget_marks)

    def _cursor(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return cr

    def _storage(self, cr):
        env = Environment(cr, 1, {})
        return PerformanceStorage(env["crm.customer.performance.report"])

    def _mark(self, cr):
        cr.execute(
            self._storage(cr).mark_stale(
                SQL(
                    "SELECT %s AS company_id, timestamp '2026-06-15 12:00' AS moment,"
                    " NULL::integer AS customer_id",
                    NO_COMPANY,
                )
            )
        )

    def _marks(self):
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM %s WHERE company_id = %s",
                    SQL.identifier(DIRTY_MONTH_TABLE),
                    NO_COMPANY,
                )
            )
            return cr.fetchone()[0]

    def _forget_marks(self):
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE company_id = %s",
                    SQL.identifier(DIRTY_MONTH_TABLE),
                    NO_COMPANY,
                )
            )
            cr.commit()  # pylint: disable=invalid-commit  # its own cursor, not the test transaction

    def _give_back(self, cr, seen):
        """Put back the real companies' marks a committed refresh of this test took.

        Taken without their refresh, their months would stay stale for the tests
        that follow (the performance tour's figures once lost a month that way).
        """
        others = [(company, month) for company, month in seen if company != NO_COMPANY]
        if others:
            companies, months = zip(*others, strict=True)
            cr.execute(
                SQL(
                    "INSERT INTO %s (company_id, month)"
                    " SELECT * FROM unnest(%s::integer[], %s::date[])",
                    SQL.identifier(DIRTY_MONTH_TABLE),
                    list(companies),
                    list(months),
                )
            )

    def test_writers_marking_the_same_month_do_not_conflict(self):
        first, second = self._cursor(), self._cursor()
        second.execute("SELECT 1")  # the second writer's snapshot predates the first's commit
        self._mark(first)
        first.commit()
        self._mark(second)  # raised "could not serialize access" with upserted marks
        second.commit()
        self.assertEqual(self._marks(), 2, "each writer keeps its own mark of June")

    def test_refresh_keeps_a_mark_committed_after_its_snapshot(self):
        refresh, writer = self._cursor(), self._cursor()
        self._mark(writer)
        writer.commit()
        refresh.execute("SELECT 1")  # the refresh's snapshot sees the first mark only
        self._mark(writer)
        writer.commit()
        seen = self._storage(refresh).take_dirty(DIRTY_MONTH_TABLE, ["company_id", "month"])
        self._give_back(refresh, seen)
        refresh.commit()
        self.assertEqual(
            {month.isoformat() for company, month in seen if company == NO_COMPANY},
            {"2026-06-01"},
            "the refresh takes each month once",
        )
        self.assertEqual(self._marks(), 1, "the later writer's marks wait for the next refresh")
