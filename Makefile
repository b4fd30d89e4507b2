# Akkopsi Platform. `make run` serves the demo; `make test` passes the suite.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install serve check lint format bench load audit reference messages migrate demo clean lock screenshots quick-demo

# The installer is uv when there is one (on PATH, or installed into the venv from the lock's pin),
# else pip; both install exactly the versions of requirements.lock. INSTALLER=pip forces pip.
# The bytecode is compiled at install (pip does so by default, uv with --compile-bytecode; the
# project's own modules with compileall): each later process imports Django and the project
# in about 1 CPU second instead of 3 (ADR 0059).
INSTALLER ?= uv
$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 or python3.13 on PATH)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ "$(INSTALLER)" = uv ] && { command -v uv >/dev/null || \
	    $(BIN)/python -m pip install --quiet -c requirements.lock uv; } && \
	  $$(command -v uv || echo $(BIN)/python -m uv) pip install --quiet --python $(BIN)/python \
	    --compile-bytecode -c requirements.lock -e '.[test]'; then echo "Installed with uv."; \
	else \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'; \
	fi
	@$(BIN)/python -m compileall -q -j 0 akkopsi > /dev/null
	@touch $(STAMP)

install: $(STAMP)

# `migrate`; an empty SQLite database (a fresh clone) gets its tables from the models, every
# migration recorded as applied and the seed steps, in about 3 CPU seconds instead of 16-20
# (akkopsi/core/management/commands/setup_database.py).
migrate: install
	$(BIN)/akkopsi setup_database --noinput --skip-checks

demo: migrate
	$(BIN)/akkopsi demo --skip-checks

# Without DEBUG, like production: friendly error pages, never the list of URLs; static files
# come from WhiteNoise (settings: WHITENOISE_USE_FINDERS), tracebacks go to the console (ADR 48).
# The demo's investment plans (about 480) and its award editions 2016-2025 (their uncertainty
# and sensitivity analyses) are computed as jobs on the task queue at low priority (ADR 0054,
# ADR 0057): `make run` loads the demo with those analyses deferred (seconds instead of a
# minute), and the one task worker (django-tasks' db_worker, ADR 0044), started here beside
# runserver under `nice` and stopped with it, runs them after any e-mail, one at a time (so
# SQLite never has two writers); their progress is on /tugas/ (sign in as admin or sekretariat).
quick-demo: migrate
	$(BIN)/akkopsi demo --skip-checks --defer-analyses

# The two jobs are enqueued beside the server starting (not before it: each process start is a
# second or more), under `nice` like the worker; those commands run the system checks, which the
# server skips (their output in var/background.log). No autoreloader: it would import
# everything twice, and `make run` serves the demo, not code being edited (ADR 0059).
run: quick-demo
	@echo ""
	@mkdir -p var; ( nice -n 10 $(BIN)/akkopsi demo_analyses --enqueue --priority -40 && \
	  nice -n 10 $(BIN)/akkopsi solve_plans --enqueue --priority -50 ) > var/background.log 2>&1 &
	@echo "The demo's award editions 2016-2025 and its investment plans are computed by the task worker at low priority (var/background.log)."
	@echo "Akkopsi Platform: http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	@echo "Task worker (plan solving, e-mails printed by the console backend): var/worker.log"
	@nice -n 10 $(BIN)/akkopsi db_worker --no-reload > var/worker.log 2>&1 & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  AKKOPSI_DEMO_BANNER=true $(BIN)/akkopsi runserver 127.0.0.1:$(PORT) --noreload --skip-checks

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy --strict akkopsi/engines
	$(BIN)/mypy akkopsi bench
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/code_size.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

# 100 concurrent users against gunicorn + PostgreSQL (database akkopsi_load, national-scale
# demo): p95 of each key page next to a minimal view's, then 500 simulated users with think
# time on a realistic mix; tables + var/load.json (bench/load.py).
load: install
	$(BIN)/python -m bench.load

# Known vulnerabilities in the locked dependencies (scripts/audit_deps.py).
audit:
	$(PYTHON) scripts/audit_deps.py

# Real published data (../shared/data, when present) through the engines and the importer.
# COINr's ASEM index is rebuilt by the analysts' command from COINr's iData and iMeta as they are
# plus the build specification in COINr's terms; the check compares every stage and that output.
ASEM_SPEC := akkopsi/engines/composite/specs/asem.toml
# The visual regression references (akkopsi/core/tests/visual/*.png, ADR 53): shoot the key
# pages again and store them as the references. Look at the changed pictures before committing.
screenshots: install
	AKKOPSI_UPDATE_SCREENSHOTS=1 $(BIN)/pytest akkopsi/core/tests/test_visual.py -q
	git status --short akkopsi/core/tests/visual/

reference: install
	mkdir -p var; if [ -d ../shared/data ]; then \
	  $(BIN)/akkopsi composite --data ../shared/data/coinr_ASEM_iData.csv \
	    --meta ../shared/data/coinr_ASEM_iMeta.csv --spec $(ASEM_SPEC) --out var/asem_index.csv; fi
	$(BIN)/python -m akkopsi.engines.composite.reference --data-dir ../shared/data --asem-results var/asem_index.csv
	rm -f var/reference.sqlite3
	DATABASE_URL=sqlite:///var/reference.sqlite3 $(BIN)/akkopsi migrate --noinput -v0
	DATABASE_URL=sqlite:///var/reference.sqlite3 $(BIN)/akkopsi load_regions
	DATABASE_URL=sqlite:///var/reference.sqlite3 $(BIN)/akkopsi reference_data --data-dir ../shared/data

# One catalogue per app (akkopsi/<app>/locale) plus akkopsi/locale for templates/ and core.
APPS_WITH_CATALOGUE := $(patsubst akkopsi/%/locale,%,$(wildcard akkopsi/*/locale))
messages: install
	cd akkopsi && ../$(BIN)/akkopsi makemessages -l id --no-obsolete --add-location file -i "engines/*" $(foreach a,$(APPS_WITH_CATALOGUE),-i "$(a)/*")
	for a in $(APPS_WITH_CATALOGUE); do (cd akkopsi/$$a && ../../$(BIN)/akkopsi makemessages -l id --no-obsolete --add-location file); done
	cd akkopsi && ../$(BIN)/akkopsi compilemessages -l id

lock: install
	( head -2 requirements.lock; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^akkopsi' ) > requirements.lock.new && mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
