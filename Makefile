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
# How families reach the foundation, on the portal and the letters (see config/settings.py): clearly fake
# demonstration values unless real ones are set.
export AMENDS_CONTACT_PHONE ?= 02-000-0000
export AMENDS_CONTACT_EMAIL ?= contact@amends.example
export AMENDS_CONTACT_ADDRESS ?= (demonstration) Seoul, Republic of Korea

# PostgreSQL: least privilege (docs/architecture.md, "Least privilege"). The tables' owner
# (AMENDS_OWNER_DATABASE_URL) migrates, creates the cache's table and grants (`amends db grant`);
# everything else runs as the app's role (DATABASE_URL), which owns nothing. Given DATABASE_URL alone
# (development, CI), it is taken as the owner's, and the app runs as AMENDS_APP_ROLE (amends_app) on the
# same server without a password, `amends db grant` creating the role if missing. SQLite: one file, no
# roles; every step runs as it is.
ifneq ($(filter postgres://% postgresql://%,$(DATABASE_URL)),)
ifeq ($(AMENDS_OWNER_DATABASE_URL),)
AMENDS_APP_ROLE ?= amends_app
export AMENDS_OWNER_DATABASE_URL := $(DATABASE_URL)
export DATABASE_URL := $(shell printf '%s' '$(DATABASE_URL)' | sed -E 's#^(postgres(ql)?://)([^@/]*@)?#\1$(AMENDS_APP_ROLE)@#')
else
AMENDS_APP_ROLE ?= $(shell printf '%s' '$(DATABASE_URL)' | sed -E 's#^postgres(ql)?://([^:@/]*).*#\2#')
endif
AS_OWNER := DATABASE_URL='$(AMENDS_OWNER_DATABASE_URL)'
GRANT := $(AS_OWNER) $(BIN)/amends db grant $(AMENDS_APP_ROLE)
else
AS_OWNER :=
GRANT := @true
endif

$(BIN)/.installed: pyproject.toml scripts/find-python scripts/system-deps
	@scripts/system-deps
	@python=$$(scripts/find-python) && { test -x $(BIN)/python || "$$python" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

# Migrate, create the cache's table (unless AMENDS_CACHE_URL names Redis: then it does nothing), load
# the demonstration data (idempotent), make sure the staff user exists, and check
# Django's system checks and the invariants of the books (`amends check`). On PostgreSQL the first two
# run as the owner, who then grants the app's role; the rest as the app. Last, the audit chain's head is
# written as a checkpoint outside the database (`amends audit checkpoint`).
setup: install
	$(AS_OWNER) $(BIN)/amends migrate --no-input -v0
	$(AS_OWNER) $(BIN)/amends createcachetable
	$(GRANT)
	$(BIN)/amends demo
	$(BIN)/amends ensure_staff
	$(BIN)/amends check
	$(BIN)/amends audit checkpoint

run: setup
	$(BIN)/amends collectstatic --no-input -v0
	@echo "amends: http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	@echo "  Sign in as a staff user above with their own password, then a code from an authenticator app:"
	@echo "  the first sign-in shows the QR code to scan (README, Signing in)."
	@# The background worker (matching runs, letters) runs beside the web server and stops with it.
	$(BIN)/amends db_worker --no-reload -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite runs on every core (at most four), each worker with its own test database.
# pytest-django creates its own test databases: on PostgreSQL it runs as the owner, who may.
test: setup lint
	$(AS_OWNER) $(BIN)/pytest -n auto --maxprocesses=4

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
	$(BIN)/amends collectstatic --no-input -v0  # the portal's gunicorn serves the manifest's files
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
