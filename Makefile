# medoffice: the two commands a fresh machine needs are `make demo` and `make test`.
# Only python3 >= 3.11 and make are assumed; uv is bootstrapped into .tools/ (never .venv,
# which `uv sync` prunes) and everything else comes from uv.lock.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
RUN := $(UV) run --locked --no-sync

export UV_SYSTEM_CERTS := 1
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: help demo test lint typecheck pytest bench fuzz docs dist sync clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "medoffice needs Python >= 3.11")'
	$(PYTHON) -m venv $(TOOLS)/venv
	$(TOOLS)/venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	mkdir -p $(TOOLS)/bin
	ln -sf ../venv/bin/uv $(UV)

.venv/.synced: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --locked --all-groups --all-extras
	touch $@

sync: .venv/.synced ## install the locked environment into .venv

demo: sync ## set up and run the demo
	$(RUN) medoffice demo

lint: sync ## ruff lint and format check
	$(RUN) ruff check src tests benchmarks docs
	$(RUN) ruff format --check src tests benchmarks docs

typecheck: sync ## mypy --strict over src, tests and benchmarks
	$(RUN) mypy

# --dist worksteal: a worker that runs out of tests takes some of the other's queue, so the run
# does not end waiting on one worker still holding a batch of slow tests.
pytest: sync ## tests, doctests, notebooks and a one-shot benchmark smoke run, with branch coverage, on every CPU
	$(RUN) pytest --nbmake --benchmark-disable --cov --cov-report=term --cov-fail-under=90 -p no:cacheprovider -n auto --dist worksteal

test: lint typecheck pytest docs ## every check CI runs

bench: sync ## run the benchmarks for real
	$(RUN) pytest benchmarks --benchmark-only --benchmark-columns=min,median,mean,max,ops,rounds --no-cov -p no:cacheprovider

fuzz: sync ## the fuzz harness with many more inputs (MEDOFFICE_FUZZ_EXAMPLES per target, 3000)
	MEDOFFICE_HYPOTHESIS_PROFILE=fuzz $(RUN) pytest tests/fuzz -p no:randomly -p no:cacheprovider --no-cov -q

# -j auto: the pages (and the notebooks they run) are read, and the HTML written, on every CPU.
docs: sync ## build the Sphinx site with warnings as errors, on every CPU
	$(RUN) sphinx-build -j auto -W --keep-going -q -b html docs docs/_build/html

dist: $(UV) ## build the sdist and wheel into dist/
	$(UV) build --out-dir dist

clean: ## remove build outputs (keeps .tools and .venv)
	rm -rf docs/_build .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov dist
