# Two commands set everything up: `make run` and `make test`. DATABASE_URL, if set, selects the
# database for every step (sqlite:///path or postgres://…); without it, SQLite under var/.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install lint format bench clean

# The foundation's bank account that batches are paid from (see config/settings.py). The demonstration
# runs on clearly fake values unless real ones are set in the environment: `?=` keeps a value already
# set, and `export` hands them to the commands below.
export AMENDS_FUND_ACCOUNT ?= 11101234567890
export AMENDS_FUND_BANK_CODE ?= 011
export AMENDS_FUND_CUSTOMER_ID ?= AMENDS-DEMO

$(BIN)/.installed: pyproject.toml scripts/find-python scripts/system-deps
	@scripts/system-deps
	@python=$$(scripts/find-python) && { test -x $(BIN)/python || "$$python" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

# Migrate, create the cache's table (unless AMENDS_CACHE_URL names Redis: then it does nothing), load
# the demonstration data (idempotent), make sure the staff user exists, and check
# Django's system checks and the invariants of the books (`amends check`).
setup: install
	$(BIN)/amends migrate --no-input -v0
	$(BIN)/amends createcachetable
	$(BIN)/amends demo
	$(BIN)/amends ensure_staff
	$(BIN)/amends check

run: setup
	$(BIN)/amends collectstatic --no-input -v0
	@echo "amends: http://$(HOST):$(PORT)/  (log in with the staff user above; Ctrl-C stops)"
	@# The background worker (matching runs, letters) runs beside the web server and stops with it.
	$(BIN)/amends db_worker --no-reload -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite runs on every core (at most four), each worker with its own test database.
test: setup lint
	$(BIN)/pytest -n auto --maxprocesses=4

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark prints its figure beside an anchor measured in the same run, and the ratio
# (bench/common.py). The PostgreSQL rows run each in a database of its own on BENCH_PG (created if
# missing); the SQLite rows in temporary files.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DBS := amends_bench_portal amends_bench_payments amends_bench_ledger amends_bench_roster
bench: install
	@for db in $(BENCH_DBS); do \
		psql "$(BENCH_PG)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$$db'" | grep -q 1 \
			|| psql "$(BENCH_PG)/postgres" -qc "CREATE DATABASE $$db"; \
	done
	$(BIN)/python bench/bench_interest.py
	$(BIN)/python bench/bench_succession.py
	$(BIN)/python bench/bench_portal.py
	DATABASE_URL=$(BENCH_PG)/amends_bench_portal $(BIN)/python bench/bench_portal.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_case_page.py
	$(BIN)/python bench/bench_payments.py
	DATABASE_URL=$(BENCH_PG)/amends_bench_payments $(BIN)/python bench/bench_payments.py
	DATABASE_URL=$(BENCH_PG)/amends_bench_ledger $(BIN)/python bench/bench_ledger.py
	DATABASE_URL=$(BENCH_PG)/amends_bench_roster $(BIN)/python bench/bench_roster_import.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
