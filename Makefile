# nahbar – the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
NAHBAR := $(PY) -m nahbar
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo serve test test-sqlite test-postgres lint bench bench-web lock messages clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed node_modules/.package-lock.json ## Virtualenv, pinned dependencies, front-end assets, translations (idempotent)
	$(PY) scripts/compile_messages.py
	$(PY) scripts/subset_fonts.py

demo: install ## Install, migrate SQLite, load the demo municipality, serve http://127.0.0.1:8000
	$(NAHBAR) migrate --no-input
	$(NAHBAR) demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/) – stop with Ctrl+C"
	$(NAHBAR) runserver $(HOST):$(PORT)

serve: install ## Serve the existing database without rebuilding the demo
	$(NAHBAR) runserver $(HOST):$(PORT)

lint: install ## ruff, mypy, pending migrations, translation completeness
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(NAHBAR) makemigrations --check --dry-run
	$(PY) scripts/compile_messages.py --check

test: install ## Lint, then the whole suite on SQLite and on a throw-away PostgreSQL cluster
	$(MAKE) --no-print-directory lint
	scripts/ensure_chromium.sh
	$(MAKE) --no-print-directory test-sqlite
	scripts/with_postgres.sh $(MAKE) --no-print-directory test-postgres

test-sqlite: install
	@echo "=== test suite on SQLite ==="
	DATABASE_URL= $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "=== test suite on PostgreSQL ($$DATABASE_URL) ==="
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install ## Build the 100k-offer benchmark data set and report time and size
	$(PY) bench/build_dataset.py

bench-web: install ## Throughput, page weight and Lighthouse scores of the demo under gunicorn (needs wrk, chromium, npm)
	$(PY) bench/throughput.py
	$(PY) bench/page_weight.py
	$(PY) bench/lighthouse.py

lock: ## Re-pin Python dependencies into requirements.lock (needs network)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

messages: install ## Extract translatable strings into the .po files
	cd nahbar && ../$(NAHBAR) makemessages -l en --no-obsolete --no-location
	$(PY) scripts/compile_messages.py

clean: ## Remove the virtualenv, node_modules and collected files
	rm -rf $(VENV) node_modules staticfiles build
