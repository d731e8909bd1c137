# Reintegra: `make demo` serves the synthetic demo on http://127.0.0.1:8000,
# `make test` runs every test (on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= reintegra-demo
export REINTEGRA_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo demo-reset install install-test assets migrate test test-sqlite test-postgres lint messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json

install: $(BIN)/python assets
	$(BIN)/pip install -q -e ".[linkage]"

install-test: $(BIN)/python assets
	$(BIN)/pip install -q -e ".[linkage,test]"

migrate: install
	mkdir -p $(REINTEGRA_DATA_DIR)
	$(BIN)/reintegra migrate --noinput

demo: migrate
	$(BIN)/reintegra seed_demo --password "$(DEMO_PASSWORD)" --keep-existing
	@echo "Reintegra demo: http://127.0.0.1:8000  (every demo user's password: $(DEMO_PASSWORD))"
	@echo "Users: coordinator police intelligence prosecutor court prison probation social health psychologist school pedagogue ngo religious dpo admin"
	$(BIN)/reintegra runserver 127.0.0.1:8000

demo-reset: migrate
	$(BIN)/reintegra seed_demo --password "$(DEMO_PASSWORD)" --reset

test: install-test
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (.ci/run sets it)."; fi

# pytest-xdist: one worker per core (each with its own test database; the demo cohort is
# seeded once and shared as a snapshot, see tests/conftest.py). TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2

test-sqlite:
	env -u DATABASE_URL $(BIN)/python -m pytest -n $(TEST_WORKERS)

test-postgres:
	DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install-test
	$(BIN)/ruff check src tests bench

# The foundation's catalog is src/reintegra/locale; each later app keeps its own catalog
# in <app>/locale (Django finds both), so the main run leaves those apps out.
APP_CATALOGS := reception justice assessments plans education conferences linkage
messages: install
	cd src/reintegra && ../../$(BIN)/reintegra makemessages -l sq -l sr_Latn --no-obsolete \
		$(foreach app,$(APP_CATALOGS),--ignore '$(app)/*')
	for app in $(APP_CATALOGS); do \
		(cd src/reintegra/$$app && mkdir -p locale && ../../../$(BIN)/reintegra makemessages -l sq -l sr_Latn --no-obsolete); done
	cd src/reintegra && ../../$(BIN)/reintegra compilemessages
