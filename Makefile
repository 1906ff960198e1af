# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.geinstalleerd

.PHONY: run test lint bench ci clean

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_gemeenten
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --profile=django
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist); PYTEST_ARGS= runs it in one process. Compiled
# modules and pytest's rewritten test modules are kept in var/pycache even where the environment
# says not to write them (PYTHONDONTWRITEBYTECODE): every process of the suite compiled them
# anew, about 5 s each.
PYTEST_ARGS ?= -n auto --dist loadgroup

test: lint
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache $(BIN)/pytest -q $(PYTEST_ARGS)

# The report benchmark makes and drops its own PostgreSQL database, and measures a real Celery
# worker on the broker named here (BENCH_BROKER_URL= leaves that measurement out).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mensenhandel_bench_rapportage
# The stacking lookup's benchmark (100,000 signals) makes and drops this database.
BENCH_SIGNALEN_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mensenhandel_bench
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/13
# The page benchmark (issue 16) makes and drops a database of its own, runs gunicorn against it
# with this cache (a Redis database it empties first); BENCH_SIGNALEN=10000 makes a quick run.
BENCH_PAGINAS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mensenhandel_bench_paginas
BENCH_PAGINAS_CACHE_URL ?= rediscache://127.0.0.1:6379/12

# Every benchmark runs and prints its figures; make fails at the end when any missed a target.
bench: $(STAMP)
	status=0; \
	$(BIN)/python tests/benchmarks/bench_toegangslog.py || status=1; \
	DATABASE_URL=$(BENCH_SIGNALEN_DATABASE_URL) $(BIN)/python tests/benchmarks/bench_signalen.py || status=1; \
	DATABASE_URL=$(BENCH_DATABASE_URL) CELERY_BROKER_URL=$(BENCH_BROKER_URL) \
		$(BIN)/python tests/benchmarks/bench_rapportage.py || status=1; \
	DATABASE_URL=$(BENCH_PAGINAS_DATABASE_URL) CACHE_URL=$(BENCH_PAGINAS_CACHE_URL) \
		$(BIN)/python tests/benchmarks/bench_paginas.py || status=1; \
	exit $$status

ci:
	.ci/run

clean:
	rm -rf $(VENV) var
