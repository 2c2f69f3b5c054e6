# Self-documenting Makefile: `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    := data/raw
VARIANTS := tests/variants
# Documents rendered as variants (no ruling lines, spelled-out month headers) for the golden tests.
VARIANT_DOCS := 000 001 004
OUT    := data/processed
# Finished documents by content and settings: a re-run extracts only new or changed files (docs/scale.md).
CACHE  := data/cache
REFERENCE := data/reference
# The project's own Python, byte-compiled before the suite runs (see the venv's stamp below).
CODE   := pipeline extractors schemas fixtures tests
# Byte-compile the venv's packages on every core; the folder is the venv's site-packages.
COMPILE_PACKAGES = $(PY) -m compileall -q -j 0 $$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))') > /dev/null
PUBLISH := data/publish
# Licence of the published data (an SPDX id, see `python -m pipeline publish --help`): the publisher's choice.
DATA_LICENSE ?= CC-BY-4.0
JOBS   ?= 0
# make fuzz: how many mutants, from which seed (tests/fuzz.py)
MUTANTS ?= 3000
SEED    ?= 11
# make bench-scale: the corpus grown to COPIES documents (copies of data/raw, one byte changed each)
COPIES  ?= 200

.DEFAULT_GOAL := help
# Debian packages of the PDF producers `make fixtures` runs (fixtures/producers/).
PRODUCER_PACKAGES := chromium libreoffice-calc libreoffice-writer fonts-liberation fonts-dejavu-extra fontconfig

.PHONY: help venv extract publish test notebook docs fuzz fixtures fixtures-install bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-17s %s\n", $$1, $$2}'

# The venv is rebuilt when pyproject.toml changes; the stamp file records the install.
# The packages are byte-compiled once, on both cores (compileall -j 0), not by pip one
# file after another (--no-compile; 40 of pip's 81 s of CPU). Python would otherwise
# compile what each process imports, and where PYTHONDONTWRITEBYTECODE is set (as on
# the machines this project is built on) it keeps nothing: every worker and command the
# pipeline or the suite starts compiled pandas, pyarrow and pandera again, 2.3 s of its
# 3.6 s of imports (CI on a fresh clone: 47.5 -> 36.2 CPU minutes, 26.0 -> 19.9 minutes).
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -e '.[dev]'
	$(COMPILE_PACKAGES)
	touch $@

venv: $(VENV)/.installed ## Create .venv and install the project (pip install -e .[dev])

extract: $(VENV)/.installed ## Extract the sample PDFs in data/raw into data/processed, then reconcile ids
	$(PY) -m pipeline extract $(RAW) --out $(OUT) --jobs $(JOBS) --cache $(CACHE)
	$(PY) -m pipeline reconcile --out $(OUT) --reference $(REFERENCE)

publish: $(VENV)/.installed ## Write data/processed as CSV + Data Package + DCAT into data/publish, then validate it (frictionless)
	$(PY) -m pipeline publish --out $(OUT) --to $(PUBLISH) --license $(DATA_LICENSE)
	$(VENV)/bin/frictionless validate $(PUBLISH)/datapackage.json

# The suite in one process per core (pytest-xdist), a test file per process: about
# half the wall time on 2 cores. `make test PYTEST_ARGS=` runs it in this process.
PYTEST_ARGS ?= -n auto --dist loadfile

# The project's own modules are byte-compiled first too (only those changed since).
test: $(VENV)/.installed ## Run the test suite
	$(PY) -m compileall -q -j 0 $(CODE) > /dev/null
	$(PY) -m pytest $(PYTEST_ARGS)

# The notebooks extra (JupyterLab) on top of the venv; its stamp follows pyproject.toml too.
$(VENV)/.notebooks: $(VENV)/.installed
	$(PY) -m pip install --quiet --no-compile -e '.[dev,notebooks]'
	$(COMPILE_PACKAGES)
	touch $@

# JupyterLab refuses root unless told (containers, CI machines); JUPYTER_ARGS= e.g. --no-browser --port 8890.
JUPYTER_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

notebook: $(VENV)/.notebooks ## Open notebooks/ in JupyterLab (installs the notebooks extra; run make extract first)
	$(VENV)/bin/jupyter lab notebooks/ $(JUPYTER_ARGS)

# The tables of docs/contract.md and docs/checks.md are generated from schemas/ (pipeline/docs.py);
# tests/test_docs.py fails when they are out of date.
docs: $(VENV)/.installed ## Regenerate the tables of docs/ from the pandera contract and the rules
	$(PY) -m pipeline.docs

fuzz: $(VENV)/.installed ## Long fuzzing sweep: MUTANTS (3000) mutants of the samples from SEED (11) through extract
	$(PY) -m tests.fuzz --mutants $(MUTANTS) --seed $(SEED) --jobs $(JOBS)

fixtures: $(VENV)/.installed ## Re-render every fixture PDF: data/raw, tests/variants, tests/locales, tests/producers, tests/scans (needs fixtures-install)
	$(PY) -m fixtures versions
	$(PY) -m fixtures locales
	$(PY) -m fixtures  # the samples to $(RAW), the other countries' plans to tests/locales
	for doc in $(VARIANT_DOCS); do for variant in unruled upper-months; do \
		$(PY) -m fixtures --only $$doc --variant $$variant --out $(VARIANTS) || exit 1; done; done
	$(PY) -m fixtures producers
	$(PY) -m fixtures scans  # the samples' scanned copies (a subset of pages; --all: every page, to build/scans)

fixtures-install: ## apt-get install the producers make fixtures runs (Chromium, LibreOffice, their fonts)
	apt-get install -y --no-install-recommends $(PRODUCER_PACKAGES)

bench: $(VENV)/.installed ## Pages/s of our extractor vs pdfplumber and camelot on every producer's PDFs; activities/s of reconcile
	$(PY) -m pipeline.bench $(RAW) tests/producers --scans tests/scans/scan-300-grey
	$(PY) -m pipeline.bench_reconcile $(RAW)

.PHONY: bench-scale
bench-scale: $(VENV)/.installed ## Documents/s of a whole extract, local pool and Dask cluster with 1 and 2 workers, and the warm re-run (COPIES=200)
	$(PY) -m pipeline.bench_scale $(RAW) --copies $(COPIES) --workers 1 2

clean: ## Remove data/processed and data/publish outputs and caches, data/cache included (keeps .venv)
	find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf $(PUBLISH) $(CACHE)
	rm -rf .pytest_cache .bench
	find . -name __pycache__ -not -path './.venv/*' -exec rm -rf {} +
