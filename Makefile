# flurfunk: `make demo` chats in the terminal, `make test` runs every check. Nothing to install by hand.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_USER ?= anna.berger
# sarah.miller is the demo directory's admin (HR); the first import runs before any admin exists.

.PHONY: install catalogs demo test lint unit extract clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

catalogs: $(STAMP)
	$(PY) -m bot.i18n compile

install: $(STAMP) catalogs

demo: install
	$(BIN)/flurfunk db upgrade
	$(BIN)/flurfunk --as sarah.miller people import content/demo/people.yml
	$(BIN)/flurfunk nlu train
	$(BIN)/flurfunk chat --user $(DEMO_USER)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q

test: lint unit

# For developers: after changing UI strings, merge the msgids into the .po files (translations are kept).
extract: $(STAMP)
	$(PY) -m bot.i18n extract

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
