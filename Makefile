# Horizons — two commands: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install install-dev run test lint format bench migrate demo worker clean lock screenshots frontend

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Horizons needs Python 3.11 (found " + sys.version.split()[0] + "). Set PYTHON=/path/to/python3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(VENV)/.installed-runtime $@

## install: set up .venv with the runtime dependencies only
install: $(VENV)/.installed-runtime

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo --if-empty

## run: set up, migrate, load the demo region the first time, serve http://127.0.0.1:$(PORT)
run: demo
	@echo "Horizons: http://127.0.0.1:$(PORT)  (demo logins in README.md; password horizons-demo)"
	PORT=$(PORT) PY=$(PY) bash scripts/serve_dev.sh

## test: install the dev dependencies and run the whole suite
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy horizons bench

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: performance benchmarks; each prints its figures
bench: install-dev
	$(PY) -m bench

worker: install
	$(PY) manage.py db_worker

screenshots: install-dev
	$(PY) -m pytest tests/browser/test_screenshots.py -m screenshots -q

## frontend: rebuild the shipped CSS/JS from frontend/ (needs Node; not needed to run Horizons)
frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run build

lock: install-dev
	@echo "Edit requirements*.txt pins by hand, then run make test."

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
