# Sozialraum-Budget: everything a fresh machine needs is installed from here.
#   make run   install, migrate, load Lüneburg data and demo users, serve on :8000
#   make test  install and run the whole test suite (DATABASE_URL selects the DB)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/sozialraum_budget

.PHONY: run serve test test-sqlite test-postgres lint format install systempakete \
        migrate demo check-deploy clean bench docs docs-html

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python >= 3.11 wird benötigt ($(PYTHON) ist älter)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.1"
	$(PIP) install --quiet --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt: als root 'apt-get install -y npm' ausführen."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: WeasyPrint's Pango, Chromium for the browser tests,
# poppler-utils to read PDFs back in tests. Installed when root, else the
# exact command is printed and make stops.
DEB_PAKETE := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
              fonts-dejavu-core poppler-utils postgresql-client
systempakete:
	@fehlend=""; for p in $(DEB_PAKETE); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || fehlend="$$fehlend $$p"; done; \
	if [ -n "$$fehlend" ]; then \
	  befehl="apt-get update && apt-get install -y --no-install-recommends$$fehlend"; \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "Installiere Debian-Pakete:$$fehlend"; \
	    DEBIAN_FRONTEND=noninteractive bash -c "$$befehl" >/dev/null; \
	  else \
	    echo "Es fehlen Debian-Pakete:$$fehlend"; \
	    echo "Bitte als root ausführen:  sudo bash -c '$$befehl'"; exit 1; \
	  fi; fi

# One database per authority (docs/betrieb.md, "Eine Installation je Behörde"):
# `make run GRUNDDATEN=hansestadt` uses its own SQLite file unless DATABASE_URL
# names another database, so the Landkreis demo (db.sqlite3) stays apart.
ifneq ($(filter-out landkreis,$(GRUNDDATEN)),)
DATABASE_URL ?= sqlite:///$(CURDIR)/db-$(basename $(notdir $(GRUNDDATEN))).sqlite3
export DATABASE_URL
endif
ifneq ($(GRUNDDATEN),)
export GRUNDDATEN
endif

migrate: install
	$(PY) manage.py migrate --noinput

run: install migrate
	$(PY) manage.py grunddaten
	@# Logins, budgets, Sitzungen and applications 2012, 2013 and this year; a
	@# second run changes nothing. It refuses databases with real accounts;
	@# the app still starts.
	$(PY) manage.py demo || echo "(Demo-Inhalte nicht angelegt, siehe Meldung oben)"
	@echo "Sozialraum-Budget läuft auf http://127.0.0.1:8000 (Strg+C beendet)."
	@# One background worker (reports, imports) beside the dev server; it ends
	@# with it.
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver 127.0.0.1:8000

# Production serving (docs/betrieb.md, "Produktionsbetrieb"): gunicorn with
# config.settings.prod, everything from the environment (SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL to PostgreSQL, SITE_URL, EMAIL_HOST,
# DEFAULT_FROM_EMAIL); prod.py refuses to start when one is missing.
PROD := DJANGO_SETTINGS_MODULE=config.settings.prod
serve: install
	$(PROD) $(PY) manage.py check --deploy --fail-level WARNING
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py createcachetable
	$(PROD) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD) exec $(VENV)/bin/gunicorn --config config/gunicorn.conf.py

# One pytest worker per core (pytest-xdist), each with its own test database
# and attachment folder; a worker that is free takes tests from a busy one.
# `make test PYTEST_ARGS=` runs them in one process.
PYTEST_ARGS ?= -n auto --dist worksteal --durations=15
test: install systempakete
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-sqlite: install systempakete
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: install systempakete
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Figures, not tests: see bench/ and docs/entwicklung.md, "Benchmarks".
bench: install
	$(PY) bench/ledger.py
	$(PY) bench/antraege.py
	$(PY) bench/seiten.py
	$(PY) bench/berichte.py
	$(PY) bench/austausch.py

# The documentation (docs/, Sphinx with MyST Markdown). The handbook's
# screenshots come from a browser test run first, so they never go stale;
# -W -n: every warning and every broken cross-reference fails the build.
# The screenshot test runs on SQLite (its own test database), whatever
# DATABASE_URL says.
HANDBUCH_BILDER := docs/bilder
docs: install systempakete
	HANDBUCH_BILDER=$(abspath $(HANDBUCH_BILDER)) env -u DATABASE_URL \
	  $(VENV)/bin/pytest tests/browser/test_handbuch_bilder.py -p no:cacheprovider -q
	$(MAKE) --no-print-directory docs-html

# Only the Sphinx build, with the screenshots already in HANDBUCH_BILDER (CI:
# the test suite on SQLite has just written them).
docs-html: install
	$(VENV)/bin/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html
	@echo "Dokumentation: docs/_build/html/index.html"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production settings with dummy secrets: zero warnings allowed.
check-deploy: install
	SECRET_KEY="$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=sozialraum.example.org DATABASE_URL=$(PG_URL) \
	SITE_URL=https://sozialraum.example.org EMAIL_HOST=localhost \
	DEFAULT_FROM_EMAIL=noreply@example.org \
	DJANGO_SETTINGS_MODULE=config.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache

# Backup and restore (docs/betrieb.md, "Sicherung und Wiederherstellung"): the database
# (DATABASE_URL, else db.sqlite3) and ANLAGEN_ROOT as one archive in
# SICHERUNGEN. A restore goes only into an empty database; migrate afterwards
# brings a backup of an older version up to this code.
SICHERUNGEN ?= var/sicherungen
.PHONY: sicherung wiederherstellung
sicherung: install
	@mkdir -p -m 700 $(SICHERUNGEN)
	$(PY) manage.py sicherung_anlegen $(SICHERUNGEN)

wiederherstellung: install
	@test -n "$(ARCHIV)" || { echo "Aufruf: make wiederherstellung ARCHIV=<datei.tar>"; exit 1; }
	$(PY) manage.py sicherung_einspielen "$(ARCHIV)"
	$(PY) manage.py migrate --noinput
