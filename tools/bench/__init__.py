"""`make bench`: time one classification run of every customer on big synthetic databases.

    python3 tools/bench                    # sizes S and L, databases reused when present
    python3 tools/bench --sizes S          # one size
    python3 tools/bench --only run,floor   # some measures (see --help for their names)
    python3 tools/bench --rebuild          # generate the databases again
    python3 tools/bench --readme           # also write the table into README.md
    python3 tools/bench --prefix my_bench  # databases my_bench_s, my_bench_l

The package: ``sizes`` (the databases), ``generators`` (bulk SQL filling them),
``measures`` (what one fresh Odoo process times, ``--measure NAME``) and ``cli``
(orchestration, tables, README); ``__main__`` is the entry point.

Each size has its own database, ``crm_customer_info_bench_<size>``, copied from a
template database with the addon installed (no demo data) and filled with bulk
``INSERT ... SELECT generate_series`` statements: customers (some with a contact
person who places orders), confirmed sale orders (some in EUR), posted invoices
and refunds with their receivable lines, and payments reconciled with most
invoices (some late, some partial), salespeople (users spread over the sales
teams, each with its share of the customers, orders and invoices), customer
visits (planned, done on time or late, missed, cancelled, some rated) and log
entries of every type (complaints with response deadlines, resolved late or
still open). Only the rows and columns the reports read are written, but valid
enough for Odoo's ORM to read them. The databases are kept for later runs (and
for other benchmarks); the table ``bench_customer`` maps customer numbers 1..N
to partners and salespeople, and ``bench_step`` records the generators that
ran: a generator added later runs on the existing databases at the next
``make bench`` (after the addon's update, which creates the tables it fills).

For each size it first times ``action_confirm`` of 1,000 quotations of bench
customers with the credit check off and on (every credit rule enabled, thresholds no
customer breaks; rolled back; ``--only confirm`` stops there). Then it reports, from
fresh processes: the classification run of all
customers as the nightly cron does it (wall time, SQL queries, peak memory of the
process), and the floor measured on the same database: the bare SQL reading the
same aggregates plus one bulk upsert of as many result rows. On size S it also
times the naive approach (per-customer ORM sums over ``sale_order_ids`` and
``invoice_ids`` and one write per customer) on its 2,000 customers. It times the
install hook on a copy of the database cleared of customer numbers, levels and
classification rows (as a database with history is when the addon's install
reaches its hook): numbering every customer in the order of its first document,
then the first classification run. Then it
times the salesperson performance report of last year on each database
(``tools/bench_reporting.py``: the pivot's default grouping and the workbook).
Then the visit cadence job on as many
extra customers as the size has, each with one done visit, two thirds overdue:
its first run (writes every customer's dates, creates the overdue activities)
and a second one (nothing to change), rolled back. Then the visit plan job on
as many extra customers as the size has (``--plans N`` for another number), one
plan each (every two weeks, monthly or at the level's interval), one horizon of
8 weeks: its first run (plans every visit) and a second one (nothing to plan),
rolled back. Last, the core flows with
and without the addon (``tools/bench_core.py``:
confirming ``--core-n`` sale orders, posting their invoices, registering their
payments, and the query counts of one confirmation and one posting).
"""
