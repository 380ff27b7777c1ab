# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint wheel-check clean gold model floor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,postgres,dask,notebook]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/vnfacts extract corpus/samples -o out/facts.jsonl --rejects out/rejects.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

# ruff (style, bugs, complexity) and mypy over the package, the scripts and the tests' helpers.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Build the wheel, install it in a new virtual environment outside the checkout, and check that
# it extracts the corpus exactly as the checkout does (rules and models ship inside the wheel).
wheel-check: $(STAMP)
	$(BIN)/python .ci/wheel_check.py

gold:
	$(PYTHON) corpus/build_gold.py

# Retrain the PERSON model on corpus/gold/gold.jsonl (writes models/person/model.json and meta.json).
model: $(STAMP)
	$(BIN)/python models/person/train.py

# Rewrite corpus/gold/floor.json (per-label strict F1 and the golds' SHA-256) after a deliberate
# change to the gold or the extractor; commit it with that change.
floor: $(STAMP)
	$(BIN)/vnfacts floor write

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis .mypy_cache .ruff_cache build dist
