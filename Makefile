# Two commands for a fresh machine: `make run` (serve on :5000) and `make test` (the whole suite).
# `make run` installs only what serving needs (RUN_STAMP); test, lint and bench add the dev tools (STAMP).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint bench clean chromium fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/hjulsamtal serve

test: $(STAMP) chromium fonts
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (Playwright with executable_path; no browser download).
# Installed with apt-get when missing and we are root; otherwise those tests skip with a message (CI fails).
CHROMIUM := /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: browser tests will skip (and fail in CI)"; \
	  else echo "no $(CHROMIUM) and not root: run 'sudo apt-get install chromium' for the browser tests"; fi; }

# Printed pages need a font for every script; Tigrinya needs an Ethiopic one (docs/fonts.md). Installed with
# apt-get when missing and we are root; otherwise the Tigrinya print test skips with a message (CI fails).
fonts:
	@fc-list :lang=ti family 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null) \
	      || echo "could not install fonts-noto-core: Tigrinya prints as empty boxes"; \
	  else echo "no Ethiopic font: run 'sudo apt-get install fonts-noto-core' (docs/fonts.md)"; fi; }

# lint-imports checks the architecture contracts of pyproject.toml ([tool.importlinter]) on this checkout's bot/.
lint: $(STAMP)
	$(BIN)/ruff check bot tests migrations bench
	$(BIN)/mypy
	PYTHONPATH=. $(BIN)/lint-imports --no-cache --no-logo

# The benchmark (not a test: never part of `make test`); writes docs/performance.md. PostgreSQL too when
# DATABASE_URL points at one, e.g. DATABASE_URL=postgresql+psycopg://root@127.0.0.1:5432/bench make bench
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance/hjulsamtal.db*
