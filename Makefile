# Developer commands; see README.md. Odoo is found via ODOO_PYTHON, python3 or .venv.
PYTHON ?= python3

.PHONY: test test-core test-core-nightly demo lint pot pg-up pg-down bench bench-core load

test:            ## lint, library tests, Odoo tests on a fresh database
	$(PYTHON) tools/run_tests.py

test-core:       ## Odoo's post_install tests of calendar, crm, sale, sale_stock, stock + 4 account classes, with the addon
	$(PYTHON) tools/test_core.py

test-core-nightly: ## the rest of account's post_install tests (see README)
	$(PYTHON) tools/test_core.py --nightly

demo:            ## serve the demo database at http://127.0.0.1:8069 (admin / admin)
	$(PYTHON) tools/demo.py

lint:            ## ruff and pylint-odoo only
	$(PYTHON) tools/run_tests.py --only lint

pot:             ## regenerate crm_customer_info/i18n/crm_customer_info.pot from the code
	$(PYTHON) tools/i18n_export.py

pg-up:           ## keep a private PostgreSQL running between commands (development)
	$(PYTHON) tools/pgcluster.py up

pg-down:         ## stop the private PostgreSQL started by pg-up
	$(PYTHON) tools/pgcluster.py down

bench:           ## benchmark the classification and the performance report on generated databases (S, L)
	$(PYTHON) tools/bench

bench-core:      ## only the core flows (confirm, post, pay) with and without the addon
	$(PYTHON) tools/bench_core.py

load:            ## 20 concurrent salespeople over JSON-RPC for 2 minutes on Odoo --workers 4 (tools/load.py)
	$(PYTHON) tools/load.py
