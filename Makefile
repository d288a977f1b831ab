# One entry point for people and CI: `make demo` sets everything up and runs archdsl on an example,
# `make test` runs the test suite. Both create .venv and install archdsl into it on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/archdsl check examples/
	$(BIN)/archdsl render examples/ -o build/diagrams --format svg,png

# Twice: with the system Graphviz (when installed), then with it hidden so the embedded engine
# draws everything; pytest's exit 5 (no tests ran) fails either pass.
test: $(STAMP)
	$(BIN)/python -m pytest
	tools/without-dot $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check archdsl tests bench
	$(BIN)/ruff format --check archdsl tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_mermaid.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_lint.py
	$(BIN)/python bench/bench_notes.py
	$(BIN)/python bench/bench_compare.py --quick
	$(BIN)/python bench/bench_diff.py --quick

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
