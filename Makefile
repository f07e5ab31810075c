# Keyworker: `make run` and `make test` are the whole Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench lint clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Keyworker needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	@# pip's output (and a machine's pip.conf warnings) only when something fails.
	@$(BIN)/python -m pip install --upgrade pip > $(VENV)/setup.log 2>&1 || { cat $(VENV)/setup.log; exit 1; }
	@$(BIN)/python -m pip install -e '.[dev]' >> $(VENV)/setup.log 2>&1 || { cat $(VENV)/setup.log; exit 1; }
	@echo "Installed Keyworker into $(VENV) (details in $(VENV)/setup.log)"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	@$(BIN)/keyworker init
	@$(BIN)/keyworker demo --if-empty
	@$(BIN)/keyworker run

# The whole suite on SQLite, then every database test again on a real PostgreSQL
# (skipped, with the reason, where no server can be started).
test: setup
	$(BIN)/python -m pytest
	KEYWORKER_TEST_DATABASE=postgres $(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run_all.py --write docs/benchmarks.md

# Pictures of the web pages on the demo school, for docs/ (needs Debian's chromium).
screenshots: setup
	$(BIN)/python bench/screenshots.py --out docs/screenshots

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache keyworker.db keyworker.db-wal keyworker.db-shm
