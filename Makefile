# mediasi: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/mediasi/static/vendor
LOCALE := locale
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000
# Bytecode is written (some machines turn it off): every test worker, server and CLI child
# otherwise compiles the whole package and pytest rewrites every test module again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install install-test assets catalogs i18n migrate demo lint format bench bench-notify clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# One resolution for the package and its test extras (what `.installed` holds is in them).
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Pico is trimmed by PurgeCSS to the selectors the templates, scripts and code name, so it is
# built again when any of them changes.
PURGE_CONTENT := $(shell find templates src/mediasi workflows -name '*.html' -o -name '*.py' -o -name '*.yaml' -o -name '*.js' -not -path '$(VENDOR)/*')

$(VENDOR)/.built: node_modules/.package-lock.json purgecss.config.cjs $(PURGE_CONTENT)
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	node_modules/.bin/purgecss --config purgecss.config.cjs --output $(VENDOR)/
	touch $@

install: $(VENV)/.installed assets catalogs
install-test: $(VENV)/.installed-test assets catalogs
assets: $(VENDOR)/.built
catalogs: $(MO)

# The compiled catalogs are built, not committed.
$(LOCALE)/%/LC_MESSAGES/messages.mo: $(LOCALE)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -D messages -l $* -d $(LOCALE) -i $< -o $@ 2>&1 | grep -v '^compiling' || true
	@test -f $@

# Extract the msgids from src/ and templates/, merge them into every catalog, compile.
i18n: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k n_:1,2 --no-location --sort-output \
		--project mediasi --copyright-holder mediasi -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -D messages -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -D messages -d $(LOCALE) --statistics

migrate: install
	$(BIN)/mediasi db upgrade

demo: migrate
	$(BIN)/mediasi demo

run: demo
	$(BIN)/mediasi serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n 2 --dist loadgroup

lint: install-test
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix src tests bench migrations
	$(BIN)/ruff format src tests bench migrations

# Each benchmark prints its detail and keeps its headline figures for the one table at the end.
# The case list is timed at the targets' sizes: 100,000 cases on SQLite, 1,000,000 on PostgreSQL.
# bench.profile, bench.startup and bench.memory show where the CPU, the cold start and the memory
# go, for the throughput, cold-start and RSS targets.
bench: install-test
	@figures=$$(mktemp) && export MEDIASI_BENCH_SUMMARY=$$figures && \
	$(BIN)/python -m bench.transitions && \
	$(BIN)/python -m bench.over_http --workers 1 && \
	$(BIN)/python -m bench.over_http --workers 2 && \
	$(BIN)/python -m bench.case_list --cases 100000 --pg-cases 1000000 && \
	$(BIN)/python -m bench.statistics --cases 100000 --pg-cases 1000000 && \
	$(BIN)/python -m bench.notify && \
	$(BIN)/python -m bench.profile && \
	$(BIN)/python -m bench.startup && \
	$(BIN)/python -m bench.memory && \
	$(BIN)/python -m bench.summary $$figures; status=$$?; rm -f $$figures; exit $$status

# Messages dispatched per second against the local WhatsApp stub and the log channel.
bench-notify: install-test
	$(BIN)/python -m bench.notify

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/*.db var/*.db-* $(MO)
