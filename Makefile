# Prongsai: `make run` to try it, `make test` to test it. Needs Python 3.11+, make and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PRONGSAI := $(BIN)/prongsai

.PHONY: install run test lint messages clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Prongsai needs Python 3.11 or newer (found " + sys.version.split()[0] + "); run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(BIN)/.installed
	@$(PRONGSAI) compiletranslations --verbosity 0

run: install
	$(PRONGSAI) migrate --noinput --verbosity 0
	$(PRONGSAI) collectstatic --noinput --verbosity 0
	$(PRONGSAI) ita-framework-load --verbosity 0
	$(PRONGSAI) demo
	$(PRONGSAI) serve

# Where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE), each test worker and each subprocess
# would compile the project's modules again: the tests keep them (in __pycache__, ignored by git). Not a
# PYTHONPYCACHEPREFIX: with one, Python ignores the compiled standard library and packages and compiles them too.
test: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Developers: refresh the Thai catalogue after changing tagged strings (needs GNU gettext).
messages: install
	cd prongsai && ../$(PRONGSAI) makemessages --locale th --no-obsolete --add-location file --ignore 'tests/*'

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
