# Watchlist: every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
export QT_API := pyside6

.PHONY: run test lint format bench clean help

help:
	@echo "make run    - set up .venv and open Watchlist (sample library on first run)"
	@echo "make test   - set up .venv and run the whole test suite headless"
	@echo "make lint   - ruff, mypy and the import layering contracts"
	@echo "make bench  - benchmarks (ratios against baselines measured in the same run)"

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/watchlist gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check watchlist tests benchmarks
	$(BIN)/ruff format --check watchlist tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format watchlist tests benchmarks
	$(BIN)/ruff check --fix watchlist tests benchmarks

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
