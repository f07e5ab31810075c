# Keyworker: `make run` and `make test` are the whole Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Keyworker needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache keyworker.db keyworker.db-wal keyworker.db-shm
