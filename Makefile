# The verbs people type. `make run` and `make test` are the whole set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export PORT
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test bench lint format install browser-deps clean
.PHONY: css screens lighthouse

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

# axe-core for the accessibility checks: from the npm registry, kept out of static/.
tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
browser-deps: tests/browser/node_modules/.package-lock.json

# The app on the embedded default (SQLite, filesystem broker, emails under var/mail), with its
# Celery worker and beat in one supervisor: Ctrl-C stops all three.
run: export DJANGO_DEBUG ?= true
# honcho gives every process its own PORT; links in emails sent by the worker must still point
# at the web server.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops the web server, worker and beat)"
	$(BIN)/honcho start --procfile Procfile.dev --port $(PORT)

# The whole suite, against PostgreSQL and Redis (127.0.0.1 unless DATABASE_URL and
# CELERY_BROKER_URL say otherwise) and a real Chromium, in parallel: TEST_WORKERS pytest-xdist
# workers, each with its own database, Redis database, ports and folders (tests/settings.py).
# On 2 cores, 2 workers do as well as 3 or 4 (the suite is CPU-bound; README has the figures). `--dist loadgroup` keeps the tests marked xdist_group("alone") on one
# worker, one after another. The 25 slowest are listed at the end.
TEST_WORKERS ?= 2
test: install browser-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=25 $(TEST_ARGS)

bench: install browser-deps
	$(BIN)/python -m tests.perf.run

# Only the Bootstrap the site uses: PurgeCSS (purgecss.config.js) over every template, the form
# templates, Python that writes class names and our scripts. Run it when a template starts using
# a Bootstrap class it did not use before (tests/rules/test_purged_css.py fails until then).
css: install browser-deps
	npx --prefix tests/browser --no -- purgecss --config purgecss.config.js \
		--output static/vendor/bootstrap/bootstrap.purged.css

# Full-page screenshots of the main patient and staff pages at 390, 820 and 1280 px under
# var/screens/, from a demo of its own (SQLite under var/screens-db/, a free port).
# SCREENS_ARGS="--keep-db --compare var/screens-before" diffs them with an earlier run.
screens: install
	$(BIN)/python -m tests.screens $(SCREENS_ARGS)

# Only the Lighthouse part of `make bench` (benchmarks/results.md is left as it was).
lighthouse: install browser-deps
	$(BIN)/python -m tests.perf.run lighthouse

# makemigrations --check: a model change without its migration fails here, not in production.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 1

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3 tests/browser/node_modules
