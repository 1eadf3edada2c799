# Run `make` (or `make help`) to list the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install assets migrate demo run test lint format check-migrations pytest browser lock bench loadtest backup restore clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c requirements/constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(shell find static/src -type f 2>/dev/null)
	npm run --silent build
	touch $@

install: $(VENV)/.installed static/dist/.built ## Create the virtual environment, install Python and npm packages, build the front end

assets: static/dist/.built ## Build the front-end assets (GOV.UK Frontend with our colours, Leaflet)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable

demo: migrate ## Load the demo data if the database has none yet
	$(MANAGE) load_demo_data --if-empty

run: demo ## Set everything up and serve the site with demo data on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install ## Django system checks and a check that no migration is missing
	DJANGO_SETTINGS_MODULE=borough_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=borough_site.settings.test $(MANAGE) makemigrations --check --dry-run

browser: ## Install Debian's Chromium for the browser tests if it is missing
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install chromium'"; exit 1; fi; }

pytest: install browser ## Run pytest only (pass ARGS="-k name" to select)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(ARGS)

test: lint check-migrations pytest ## Run the whole suite: ruff, checks, missing migrations, pytest with browser tests

lock: $(BIN)/python ## Re-pin every Python dependency after editing pyproject.toml
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements/constraints.txt

bench: install ## Measure the site at scale (SCALE=1000|10000|100000) on SQLite; see bench/README.md
	$(BIN)/python -m bench --scale $(or $(SCALE),1000) --database sqlite

loadtest: install ## Load test: 50 clients for 60 s of search and API requests against gunicorn; fails on any error
	$(BIN)/python -m bench.load --scale $(or $(SCALE),1000) --database sqlite --clients $(or $(CLIENTS),50) --duration $(or $(DURATION),60)

backup: ## Back up the database and uploaded files to backups/<time>/ (BACKUP_DIR=...); safe while the site runs
	$(MANAGE) backup_database $(if $(BACKUP_DIR),--output-dir $(BACKUP_DIR))

restore: ## Restore a backup (BACKUP=backups/<time>) over the database and uploaded files; stop the site first
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/2025-01-31T020000Z"; exit 1; }
	$(MANAGE) restore_database $(BACKUP)

clean: ## Remove the virtual environment, node_modules and built assets
	rm -rf $(VENV) node_modules static/dist staticfiles
