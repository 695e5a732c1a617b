# Two commands from a fresh clone: `make run` and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
# `make run` installs the portal's own dependencies; `make test` adds the test-only ones.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export PORTAL_DEMO ?= 1

.PHONY: run test install install-test system-deps demo-data lint check clean backup restore

# The pip that comes with Python 3.12 installs everything here (upgrading it first would only
# cost a look-up on PyPI). The stamps are newer than pyproject.toml once installed, so a restart
# installs nothing.
$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (python3.12 not found)." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

# Migrations, the unit catalogue, the seed plans, the demo logins and the deadlines, in one
# process; a step with nothing to do costs a fraction of a second, so a restart is quick
# (demo/management/commands/prepare_demo.py). No collectstatic: WhiteNoise serves the
# static files from their source folders.
demo-data: install
	$(PY) manage.py prepare_demo

# The same, then the portal (web, worker, beat) in that process; PORTAL_BIND=host:port
# chooses the address (127.0.0.1:8000 by default).
run: install
	$(PY) manage.py prepare_demo --run

# Page tests drive Debian's Chromium through Playwright (its own browser download is not
# used); the PDF tests turn pages into PNGs with poppler's pdftoppm; the fault tests start,
# kill and restart their own Redis and PostgreSQL servers (Debian's redis-server and
# PostgreSQL binaries; no service is started). All come from the distribution, installed
# once when missing.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftoppm >/dev/null \
	    || ! command -v redis-server >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium, poppler-utils, redis-server and postgresql for the tests..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq \
	    chromium poppler-utils redis-server postgresql; \
	fi

test: install-test system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# Style, complexity (C901 over 15), formatting, types (mypy --strict on the apps) and the
# layers (import-linter: common -> units -> directives -> campaigns -> reporting -> dashboard
# -> demo; each may import only those below it).
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# One archive with the database and the uploaded files: `make backup [BACKUP=path]`;
# `make restore BACKUP=path [YES=1]` puts both back (asking first unless YES=1), then
# applies the migrations a backup older than the code lacks.
backup: install
	$(PY) manage.py portal_backup $(if $(BACKUP),--output "$(BACKUP)")

restore: install
	@if [ -z "$(BACKUP)" ]; then echo "Usage: make restore BACKUP=var/backups/portal-....tar.gz [YES=1]" >&2; exit 2; fi
	$(PY) manage.py portal_restore "$(BACKUP)" $(if $(filter 1 yes true,$(YES)),--yes)
	$(PY) manage.py migrate --noinput

clean:
	rm -rf $(VENV) var
