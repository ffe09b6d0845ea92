# Watchlist: every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
export QT_API := pyside6

.PHONY: run test lint format bench package clean help

help:
	@echo "make run    - set up .venv and open Watchlist (sample library on first run)"
	@echo "make test   - set up .venv and run the whole test suite headless"
	@echo "make lint   - ruff, mypy and the import layering contracts"
	@echo "make bench  - benchmarks (ratios against baselines measured in the same run)"
	@echo "make package - wheel, sdist and PyInstaller bundle, each smoke-tested; Linux desktop files validated"
	@echo "make clean  - remove .venv, build output and every cache the tools leave"

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
	$(BIN)/ruff check watchlist tests benchmarks packaging docs
	$(BIN)/ruff format --check watchlist tests benchmarks packaging docs
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format watchlist tests benchmarks packaging docs
	$(BIN)/ruff check --fix watchlist tests benchmarks packaging docs

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

# The packaging tools come on top of the dev tools (a separate stamp: `test` does not need them).
PACKAGE_STAMP := $(VENV)/.package-tools-$(shell sha1sum pyproject.toml | cut -c1-12)

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	rm -f $(VENV)/.package-tools-*
	touch $@

# Needs Debian packages pip cannot install (validators, binutils, libxcb-*): see
# packaging/README.md; .ci/run installs them. Fails, naming them, when one is missing.
package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/validate_linux.py
	rm -rf build/pyinstaller dist/watchlist dist/Watchlist.app dist/watchlist-*.whl dist/watchlist-*.tar.gz
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python packaging/smoke_test.py wheel dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/watchlist.spec
	$(BIN)/python packaging/smoke_test.py bundle dist/watchlist

# Everything the targets and their tools leave behind: the virtual environment, build output
# (including flatpak-builder's, packaging/README.md), and the caches of pytest, Hypothesis, mypy,
# ruff, import-linter and Python itself. Benchmark results (benchmarks/out) are kept.
clean:
	rm -rf $(VENV) build dist build-flatpak .flatpak-builder *.egg-info \
		.pytest_cache .hypothesis .mypy_cache .ruff_cache .import_linter_cache .coverage htmlcov \
		benchmarks/out
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
