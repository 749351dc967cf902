# ReturnNet — the two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-clocks install install-dev migrate demo serve lint messages client-messages browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json

# axe-core for the browser tests' accessibility checks, from the npm registry, pinned with its
# integrity hash in package-lock.json (npm ci refuses anything else). Nothing runs at install.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing (apt-get install npm): the accessibility tests need axe-core"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

messages: $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

# The strings clients read (portal, notices), extracted into the catalogues of every client
# language but German, merged and compiled (docs/translators.md).
client-messages: $(VENV)/.installed
	$(BIN)/python manage.py client_messages

migrate: install messages
	$(BIN)/python manage.py migrate --no-input -v0

demo: migrate
	$(BIN)/python manage.py seed_demo

# The demo switches the second factor off (the sign-in page says so); production never does.
# Next to the web server: the background worker (mails, SMS, notices, tour solving) and the
# scheduler once a minute (reminders); both stop when the server stops.
run: demo
	$(BIN)/python manage.py collectstatic --no-input -v0
	@export REQUIRE_2FA=$${REQUIRE_2FA:-false} DEMO_MODE=true DEBUG=$${DEBUG:-false}; \
	$(BIN)/python manage.py db_worker --queue-name='*' --no-reload -v1 & worker=$$!; \
	( while :; do $(BIN)/python manage.py enqueue_due_jobs -v0; sleep 60; done ) & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests need Debian's Chromium; install it when missing and we may (root).
browser-deps:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "warning: /usr/bin/chromium missing; browser tests will be skipped"; }

# Tests run in parallel processes (pytest-xdist), one per CPU: each has its own test database.
# PYTEST_WORKERS=0 runs them in this process (e.g. to use a debugger).
PYTEST_WORKERS ?= auto

test: install-dev messages browser-deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The date-sensitive apps once more on awkward days (the clock ticks on from each moment):
# Christmas Eve, a Friday night before a month end, a minute before the daylight-saving
# switch, New Year's Eve a minute before midnight (local and UTC dates differ) and a leap day.
CLOCK_APPS := apps/mobile apps/appointments apps/tours apps/applications apps/reintegration apps/programmes \
	apps/hotline
CLOCKS := 2026-12-24T16:00:00+01:00 2027-02-26T23:30:00+01:00 2027-03-28T01:59:00+01:00 2026-12-31T23:59:00+01:00 \
	2028-02-29T12:00:00+01:00
test-clocks: install-dev messages
	@set -e; for clock in $(CLOCKS); do echo "== clock $$clock"; \
	  TEST_CLOCK=$$clock $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(CLOCK_APPS) $(PYTEST_ARGS); done

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles
