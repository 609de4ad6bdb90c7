# Two commands matter: `make run` and `make test` (and `make dev`: Flask's reloader).
# All bootstrap .venv first, reinstalling only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
PG_DEFAULT_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install check-serving migrate run dev test test-sqlite test-postgres browser lint format bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(FLASK) db upgrade
	$(FLASK) content load


# gunicorn, as a school runs it (gunicorn.conf.py: 127.0.0.1:5000, workers from the cores).
run: check-serving migrate
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# gunicorn reads WEB_CONCURRENCY as it loads, before its config file: a word there would
# print gunicorn's traceback, so the config's own check runs first (one line, nothing done).
check-serving: install
	@$(BIN)/python gunicorn.conf.py

# Flask's development server, restarted on every code change.
dev: migrate
	$(FLASK) run --reload --host 127.0.0.1 --port 5000

# Debian's Chromium drives the browser tests, with Noto CJK so Korean text renders (not as
# empty boxes); install what is missing when apt-get is here.
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	fc-list :lang=ko 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's$$missing for the browser tests..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	    || echo "Could not install$$missing; browser tests will skip (or fail under CI=true)."; \
	fi

# The PostgreSQL pass's server: TEST_DATABASE_URL, else the local one when it answers on
# 5432; empty when there is none (then the pass is skipped, or fails under CI=true).
POSTGRES_URL = $(or $(TEST_DATABASE_URL),$(shell $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null && echo '$(PG_DEFAULT_URL)'))

# The two passes run side by side (one core each on a 2-core machine): the PostgreSQL
# pass's output is kept in a file and printed after the SQLite pass's; either failing
# fails the target. When both run, a test that never opens the test database (marked
# database_independent by tests/conftest.py) runs in the PostgreSQL pass only.
#
# The browser journeys run on SQLite; when both passes run, those named here run after
# the PostgreSQL pass, on its side, so that the two sides take about as long (the SQLite
# pass with the browser journeys was the longer by a few minutes).
BROWSER_BESIDE_POSTGRES := tests/browser/test_class_journey.py tests/browser/test_readme_screenshots.py \
  tests/browser/test_lti_journey.py

test: install browser
	@rm -f .test-postgres.log; url="$(POSTGRES_URL)"; \
	{ $(MAKE) --no-print-directory test-postgres POSTGRES_URL="$$url" && \
	  if [ -n "$$url" ]; then $(MAKE) --no-print-directory test-sqlite PYTEST_ARGS="$(BROWSER_BESIDE_POSTGRES)"; fi; \
	} > .test-postgres.log 2>&1 & postgres=$$!; \
	$(MAKE) --no-print-directory test-sqlite \
	  PYTEST_ARGS="$${url:+--skip-database-independent $(addprefix --ignore=,$(BROWSER_BESIDE_POSTGRES))}"; sqlite_status=$$?; \
	wait $$postgres; postgres_status=$$?; \
	cat .test-postgres.log; rm -f .test-postgres.log; \
	echo "== SQLite pass: exit $$sqlite_status; PostgreSQL pass: exit $$postgres_status"; \
	test $$sqlite_status -eq 0 && test $$postgres_status -eq 0

# On SQLite even when TEST_DATABASE_URL is set (it names the PostgreSQL pass's database).
test-sqlite: install
	@echo "== Test suite on SQLite"
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Under CI=true a missing server is a failure, elsewhere the pass is skipped with the reason.
test-postgres: install
	@if [ -n "$(POSTGRES_URL)" ]; then \
	  echo "== Test suite on PostgreSQL (the browser journeys run on SQLite)"; \
	  TEST_DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest --ignore=tests/browser; \
	elif [ "$$CI" = "true" ]; then echo "CI=true but PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; \
	else echo "Skipping the PostgreSQL pass: TEST_DATABASE_URL is unset and nothing answers on 127.0.0.1:5432."; fi

# ruff, then mypy --strict over quizapp/ (settings in pyproject.toml, stubs/ for untyped libraries).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One table: every figure, its reference measured in the same run, ratio and goal.
bench: install
	$(BIN)/python -m tests.bench
