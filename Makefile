# Two entry points for a fresh clone: `make run` and `make test` (see README.md).
# Everything is installed from lock files: requirements/*.txt (pip, hashed) and package-lock.json (npm).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults for `make run`; real deployments set their own environment (README.md).
export DJANGO_DEBUG ?= true
# Python keeps compiled modules (and pytest its rewritten test modules) in __pycache__ even where the shell
# asks it not to: without them every test run, and every manage.py process a test starts, compiles the whole
# project again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: lint run test test-sqlite test-postgres test-install test-everything screenshots bench bench-suite mutate install install-test assets messages demo check clean

# The web server and the background worker (long jobs such as certificate PDFs); Ctrl+C stops both.
run: install demo
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Stamp files make a second run quick: pip and npm only run again when a lock file changes.
# requirements/install installs exactly the lock (a pinned pip, every package with --no-deps, then `pip check`),
# so a newer release on the index never changes or breaks what is installed.
$(VENV)/.base: requirements/base.txt requirements/pip.txt requirements/install
	PYTHON=$(PYTHON) requirements/install $(VENV) requirements/base.txt
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.base
	PYTHON=$(PYTHON) requirements/install $(VENV) requirements/test.txt
	touch $@

node_modules/.stamp: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.stamp

messages: $(VENV)/.base
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

install: $(VENV)/.base assets messages

install-test: install $(VENV)/.test
	@{ command -v chromium && command -v pdftotext; } >/dev/null || { \
	  echo "Installing Debian's chromium (browser tests) and poppler-utils (PDF text checks)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

demo:
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_areas
	$(PY) manage.py seed_demo --quiet

# Lint and format: any finding fails `make test` (rules in pyproject.toml).
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Both databases side by side, one core each (the suites share nothing: SQLite tests run in memory, files go to
# Django's in-memory storage, PostgreSQL is a throwaway server); each log is printed when its suite ends.
test: install-test lint
	@mkdir -p var; echo "=== Test suites on SQLite and on PostgreSQL (throwaway server), side by side ==="; started=$$(date +%s); \
	$(MAKE) --no-print-directory test-install > var/test-install.log 2>&1 & install=$$!; \
	$(MAKE) --no-print-directory test-sqlite > var/test-sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres > var/test-postgres.log 2>&1 & postgres=$$!; \
	wait $$install; install_status=$$?; cat var/test-install.log; \
	wait $$sqlite; sqlite_status=$$?; cat var/test-sqlite.log; \
	wait $$postgres; postgres_status=$$?; cat var/test-postgres.log; \
	echo "=== install: $$([ $$install_status = 0 ] && echo passed || echo FAILED) · SQLite: $$([ $$sqlite_status = 0 ] && echo passed || echo FAILED) · PostgreSQL: $$([ $$postgres_status = 0 ] && echo passed || echo FAILED) ==="; \
	grep -h "=== suite time on" var/test-install.log var/test-sqlite.log var/test-postgres.log; \
	elapsed=$$(( $$(date +%s) - started )); echo "=== make test: $$((elapsed / 60)) min $$((elapsed % 60)) s wall for both suites (docs/test-suite.md) ==="; \
	[ $$install_status = 0 ] && [ $$sqlite_status = 0 ] && [ $$postgres_status = 0 ]

# The install tests (tests/install: fresh virtual environments from the locks) read no database and spend most
# of their time waiting for the package index, so they run as a third job beside the two suites.
test-sqlite:
	@echo "=== Test suite on SQLite ==="
	DJANGO_DEBUG=false $(PY) -m pytest -m "not install" $(PYTEST_ARGS)

test-postgres:
	@echo "=== Test suite on PostgreSQL (throwaway server) ==="
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) -m pytest -m "not install" $(PYTEST_ARGS)

test-install:
	@echo "=== The install from the locks (fresh virtual environments) ==="
	DJANGO_DEBUG=false $(PY) -m pytest -m install $(PYTEST_ARGS)

# Every test on both databases (the browser tests and those without a database too), and the screenshots and
# PDF pages of the browser tests as PNG files in var/screenshots/ for people to look at.
test-everything: install-test
	EVERY_TEST_ON_BOTH=1 $(MAKE) --no-print-directory test

screenshots: install-test
	SCREENSHOTS=1 EVERY_TEST_ON_BOTH=1 DJANGO_DEBUG=false $(PY) -m pytest -m browser $(PYTEST_ARGS)

# `make test` with every test's setup, call and teardown time listed (slowest first) in var/test-*.log; the suites'
# wall times and test counts are printed at the end, as `make test` always does (docs/test-suite.md).
bench-suite:
	@mkdir -p var; $(MAKE) --no-print-directory test PYTEST_ARGS="--durations=0 $(PYTEST_ARGS)" > var/bench-suite.log 2>&1; \
	status=$$?; grep -E "^=== (SQLite|suite time|make test)" var/bench-suite.log; exit $$status

bench: install-test
	@echo "=== Register benchmarks on SQLite ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_registers.py
	@echo "=== Register benchmarks on PostgreSQL (throwaway server) ==="
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_registers.py
	@echo "=== Our importer beside django-import-export's resources (the same file), SQLite then PostgreSQL ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_import_export.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_import_export.py
	@echo "=== A province set up from one workbook (169 offices, 1,500 villages, 500 users), SQLite then PostgreSQL ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_onboard.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_onboard.py
	@echo "=== Occupation groups on SQLite, then PostgreSQL ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_groups.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_groups.py
	@echo "=== Grant requests (20,000 in a province) on SQLite, then PostgreSQL ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_grants.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_grants.py
	@echo "=== The lists a provincial officer opens at national scale, on SQLite, then PostgreSQL ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_lists.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_lists.py
	@echo "=== National figures and lists (generate_national: the whole country on PostgreSQL, a tenth on SQLite) ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_national.py
	DJANGO_DEBUG=false tests/with_postgres.sh $(PY) tests/benchmarks/bench_national.py
	@echo "=== Certificate PDFs ==="
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_certificates.py
	@echo "=== Verification page under load (gunicorn on loopback) ==="
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || true; }
	DJANGO_DEBUG=false $(PY) tests/benchmarks/bench_verify.py

# Mutation testing of the money and the rules (docs/mutation-testing.md); not part of `make test`: it takes long
# on two cores. Each run starts afresh: one migrated test database that every mutant's test session copies
# (tests/conftest.py), then each module of pyproject.toml's [tool.mutation.modules] mutated in its own folder of
# var/mutation/ with only its own tests (tests/mutmut_run.py), then killed / total per module.
MUTATION_DB := var/mutation-test-db.sqlite3

mutate: install $(VENV)/.test
	rm -f $(MUTATION_DB)
	@mkdir -p var
	DJANGO_DEBUG=false DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=sqlite:///$(CURDIR)/$(MUTATION_DB) \
	  $(PY) manage.py migrate --noinput -v 0
	DJANGO_DEBUG=false TEST_DB_TEMPLATE=$(CURDIR)/$(MUTATION_DB) $(PY) tests/mutmut_run.py run

check: install
	$(PY) manage.py check

clean:
	rm -rf $(VENV) node_modules var staticfiles
