# Khabar's front door: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/khabar
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: demo serve test test-sqlite test-services lint bench screenshots install install-test clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Khabar needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/khabar demo --port $(PORT)

serve: install
	$(BIN)/khabar serve --port $(PORT)

# Every test on the embedded default (SQLite, in-process cache), then again on PostgreSQL + Redis.
test: install-test
	@bash tools/run-tests

lint: install-test
	$(BIN)/ruff check src tests bench

# make bench: every benchmark with its defaults. One, with options: make bench BENCH=serve ARGS="--backends sqlite"
bench: install-test
	@BENCH="$(BENCH)" BENCH_ARGS="$(ARGS)" bash tools/run-bench

# The README's pictures of the demo site (home and article, desktop and phone), taken in Debian's Chromium.
screenshots: install-test
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache
