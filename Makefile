# Delahub: `make run` serves the site (`make dev`: with debug pages), `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# The address in e-mailed links (notifications, sign-up, password reset): the one served
# here unless SITE_URL is set (behind a proxy, or HOST=0.0.0.0: the address people use).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run dev test lint install install-test setup messages lock bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-virtualenv -r requirements.lock
	@touch $@

install: $(VENV)/.installed

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py search_reindex

run: setup
	@echo "Delahub on http://$(HOST):$(PORT)/ (HTTP and WebSocket, Daphne). Stop with Ctrl-C."
	SITE_URL=$(SITE_URL) $(VENV)/bin/daphne -b $(HOST) -p $(PORT) hub.asgi:application

# As `make run`, with Django's debug pages (tracebacks, settings) for errors: only on your
# own machine, never where others can reach it.
dev: setup
	@echo "Delahub (DEBUG on) on http://$(HOST):$(PORT)/. Stop with Ctrl-C."
	DEBUG=true SITE_URL=$(SITE_URL) $(VENV)/bin/daphne -b $(HOST) -p $(PORT) hub.asgi:application

test: install
	$(PY) scripts/run_tests.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

messages: install
	$(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) scripts/po_fill.py --compile
	$(PY) scripts/po_fill.py --missing

lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --extra test -o requirements.lock pyproject.toml

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
