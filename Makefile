# The few commands a person types. CI (.ci/run) calls the same targets.

PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_ENV := VK_DEMO=1 VK_MFA_REQUIRED=0 VK_TASKS_BACKEND=immediate
PROD_CHECK_ENV := VK_ENVIRONMENT=production ALLOWED_HOSTS=vk.example.org \
	SECRET_KEY=ci-only-$(shell printf '%064d' 0)-not-a-real-secret-key-abcdefghijklmnopqrstuvwxyz \
	VK_DOCUMENT_KEYS=MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=

.PHONY: install demo test test-rls lint format messages clean bench bench-smoke

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (see .python-version)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate the embedded SQLite database, load demo data, serve on :8000
demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py createcachetable
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving the demo on http://127.0.0.1:8000 (fictional data, MFA off)."
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite (unit, integration, browser); SQLite unless DATABASE_URL is set
test: install
	$(BIN)/python -m pytest

## make test-rls: the whole suite again on PostgreSQL as an application role, so that
## row-level security binds every request (DATABASE_URL must point at PostgreSQL)
test-rls: install
	VK_TEST_AS_APP_ROLE=1 $(BIN)/python -m pytest --create-db

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(PROD_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

## make bench: the load benchmark on national-scale fictional data (docs/performance.md).
## BENCH_DATABASE_URL is generated once (generate_volume --scale BENCH_SCALE) and kept;
## drop it to regenerate. BENCH_ARGS go to run_bench (e.g. BENCH_ARGS="--duration 60").
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vk_volume_national
BENCH_SCALE ?= national
BENCH_ARGS ?=
BENCH_SMOKE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vk_bench_smoke
# Database URLs without a query string: the server part and the database name.
bench_server = $(dir $(1))postgres
bench_name = $(notdir $(1))

bench: install
	@if psql "$(BENCH_DATABASE_URL)" -Atqc 'SELECT 1' >/dev/null 2>&1; then \
		echo "--- using the existing benchmark database $(call bench_name,$(BENCH_DATABASE_URL))"; \
	else \
		echo "--- creating $(call bench_name,$(BENCH_DATABASE_URL)) with generate_volume --scale $(BENCH_SCALE)"; \
		createdb --maintenance-db="$(call bench_server,$(BENCH_DATABASE_URL))" "$(call bench_name,$(BENCH_DATABASE_URL))" \
		&& DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py migrate --noinput \
		&& DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py generate_volume --scale $(BENCH_SCALE) \
		|| { dropdb --maintenance-db="$(call bench_server,$(BENCH_DATABASE_URL))" --if-exists "$(call bench_name,$(BENCH_DATABASE_URL))"; exit 1; }; \
	fi
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python manage.py run_bench --update-docs $(BENCH_ARGS)

## make bench-smoke: a few seconds on small data in a fresh database; fails on any error
bench-smoke: install
	dropdb --maintenance-db="$(call bench_server,$(BENCH_SMOKE_DATABASE_URL))" --if-exists "$(call bench_name,$(BENCH_SMOKE_DATABASE_URL))"
	createdb --maintenance-db="$(call bench_server,$(BENCH_SMOKE_DATABASE_URL))" "$(call bench_name,$(BENCH_SMOKE_DATABASE_URL))"
	DATABASE_URL="$(BENCH_SMOKE_DATABASE_URL)" $(BIN)/python manage.py migrate --noinput >/dev/null
	DATABASE_URL="$(BENCH_SMOKE_DATABASE_URL)" $(BIN)/python manage.py generate_volume --scale smoke --no-progress
	DATABASE_URL="$(BENCH_SMOKE_DATABASE_URL)" $(BIN)/python manage.py run_bench --smoke --duration 2

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	cd vk && ../$(BIN)/python ../manage.py makemessages --locale nl --locale fr --no-obsolete --ignore 'static/*'
	cd vk && ../$(BIN)/python ../manage.py compilemessages --locale nl --locale fr

clean:
	rm -rf $(VENV) var
