# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup chromium run test test-fast lint types contracts pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The browser tests drive Debian's chromium (Playwright's own download is not used). CI runs as
# root and installs it; elsewhere the command to run is printed.
CHROMIUM := /usr/bin/chromium

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "The browser tests need Debian's chromium: sudo apt-get install -y chromium"; \
		fi; \
	fi

setup: $(STAMP) chromium

# `make run` chats in this terminal and serves the web dashboard on 127.0.0.1 (it prints a
# sign-in link); with several creators pick one: `make run CREATOR=mia`.
CREATOR ?=

run: setup
	@if [ "$$($(BIN)/whatsworking creators list --json)" = "[]" ]; then \
		echo "No creator yet: adding a demo creator with simulated content."; \
		$(BIN)/whatsworking demo enable --seed 1 --pieces 40; \
	fi
	$(BIN)/whatsworking chat --web $(if $(CREATOR),--creator $(CREATOR),)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: setup
	$(BIN)/mypy storage insights plans simulator sync context bot

contracts: setup
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/pytest -q

test: lint types contracts pytest

# While editing: SQLite only, no end-to-end bots, nothing marked slow, two workers.
# `make test` (everything, both databases) is what CI runs and what a change must pass.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2 -m "not e2e and not postgres and not slow"

bench: setup
	$(BIN)/python -m bench.ingest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
