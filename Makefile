# Self-documenting Makefile: `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    := data/raw
VARIANTS := tests/variants
# Documents rendered as variants (no ruling lines, spelled-out month headers) for the golden tests.
VARIANT_DOCS := 000 001 004
OUT    := data/processed
REFERENCE := data/reference
JOBS   ?= 0

.DEFAULT_GOAL := help
.PHONY: help venv extract test fixtures bench clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# The venv is rebuilt when pyproject.toml changes; the stamp file records the install.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed ## Create .venv and install the project (pip install -e .[dev])

extract: $(VENV)/.installed ## Extract the sample PDFs in data/raw into data/processed, then reconcile ids
	$(PY) -m pipeline extract $(RAW) --out $(OUT) --jobs $(JOBS)
	$(PY) -m pipeline reconcile --out $(OUT) --reference $(REFERENCE)

test: $(VENV)/.installed ## Run the test suite
	$(PY) -m pytest

fixtures: $(VENV)/.installed ## Rewrite the version fixtures (005-007); re-render data/raw and tests/variants
	$(PY) -m fixtures versions
	$(PY) -m fixtures --out $(RAW)
	for doc in $(VARIANT_DOCS); do for variant in unruled upper-months; do \
		$(PY) -m fixtures --only $$doc --variant $$variant --out $(VARIANTS) || exit 1; done; done

bench: $(VENV)/.installed ## Pages/s of our extractor vs pdfplumber and camelot; activities/s of reconcile
	$(PY) -m pipeline.bench $(RAW)
	$(PY) -m pipeline.bench_reconcile $(RAW)

clean: ## Remove data/processed outputs and caches (keeps .venv)
	find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf .pytest_cache .bench
	find . -name __pycache__ -not -path './.venv/*' -exec rm -rf {} +
