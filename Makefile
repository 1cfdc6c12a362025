# The two commands in the README: `make run` and `make test`. Both set themselves up.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test eval bench fuzz schema clean setup

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/policyparse extract data/raw -o out/

test: $(STAMP)
	$(BIN)/python -m pytest

schema: $(STAMP)
	$(BIN)/policyparse schema -o data/schemas/parse_result.schema.json

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
