# Every target sets itself up from the committed lock file: a fresh clone needs only python3 (3.11+).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
UV_VERSION := 0.13.9
# One generated package per spec: specs/NAME.yaml -> generated/attachkit_NAME_client, and a
# test vendor's tests/HOME/specs/NAME.yaml -> tests/HOME/generated/attachkit_NAME_client.
SPECS := $(wildcard specs/*.yaml tests/*/specs/*.yaml)
GENERATED := generated/ $(sort $(patsubst %/specs/,%/generated/,$(dir $(wildcard tests/*/specs/*.yaml))))
# The generator's post-hooks run `ruff`; this makes them use the pinned one from the lock file.
export PATH := $(BIN):$(PATH)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help setup generate check-generated lint typecheck pytest test-lowest test test-steps \
	cassettes check-cassettes demo bench bench-scale fuzz

help:
	@echo "make demo      set up, start the sandbox, list/download/save from all three vendors"
	@echo "make test      set up, then check generated code, lint, type-check and run the tests"
	@echo "               (also at the lowest dependency versions)"
	@echo "make setup     create .venv from uv.lock"
	@echo "make test-lowest  run the tests with every dependency at its lower bound"
	@echo "make generate  regenerate generated/ from specs/"
	@echo "make cassettes re-record the test cassettes against the sandbox"
	@echo "make fuzz      attack every client with ten times the hostile answers of make test"
	@echo "make bench     run the benchmarks, write benchmarks/RESULTS.md"
	@echo "make bench-scale  run the exports at scale (tens of minutes), into RESULTS.md"

$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(BIN)/uv || { python3 -m venv $(VENV) && $(BIN)/pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv sync --frozen --all-extras --quiet
	@touch $@

setup: $(VENV)/.synced

# Each client is rebuilt from scratch so a removed operation or model cannot linger; its
# spec goes with it as openapi.json (read by `attachkit <vendor> check`). The templates in
# generator/templates/ replace the generator's own of the same name (the HTTP stack is httpx2).
generate: setup
	@for spec in $(SPECS); do \
	  home=$$(dirname $$(dirname $$spec)); name=$$(basename $$spec .yaml); \
	  out=$$home/generated/attachkit_$${name}_client; \
	  rm -rf $$out; \
	  $(BIN)/openapi-python-client generate --path $$spec --config generator/config.yaml \
	    --custom-template-path generator/templates \
	    --meta none --output-path $$out --fail-on-warning \
	    || { echo "generation of $$spec failed"; exit 1; }; \
	  $(BIN)/python generator/bundle_spec.py $$spec $$out/openapi.json; \
	done

check-generated: generate
	@git diff --exit-code --stat -- $(GENERATED) \
	  || { echo "generated code is out of date: run 'make generate' and commit"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- $(GENERATED)); \
	  if [ -n "$$untracked" ]; then echo "untracked generated files:"; echo "$$untracked"; exit 1; fi

lint: setup
	$(BIN)/ruff check wrapper tests examples benchmarks generator
	$(BIN)/ruff format --check wrapper tests examples benchmarks generator

typecheck: setup
	$(BIN)/mypy wrapper tests generated examples benchmarks generator

pytest: setup
	$(BIN)/pytest

# The suite again with every runtime dependency and extra at the lowest version its bound in
# pyproject.toml allows (uv's lowest-direct resolution; the dev group stays as pinned), in its
# own environment: the lower bounds are claims, and this checks them. The resolution is made
# anew from the package index each run.
LOWEST := $(VENV)/lowest
test-lowest: setup
	$(BIN)/uv pip compile --quiet --resolution lowest-direct --all-extras --group dev \
	  --python $(BIN)/python --no-header --output-file $(LOWEST).txt pyproject.toml
	@echo "lowest direct dependencies:"; grep -E '^(httpx2|attrs|anyio|typing-extensions|starlette|uvicorn)==' $(LOWEST).txt
	$(BIN)/uv venv --quiet --allow-existing --python $(BIN)/python $(LOWEST)
	$(BIN)/uv pip sync --quiet --python $(LOWEST)/bin/python $(LOWEST).txt
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --no-deps --no-build-isolation --reinstall-package attachkit .
	$(LOWEST)/bin/pytest -q -p no:cacheprovider

# The hostile-vendor suite with ten times the examples of `make test`, new ones each run,
# and Hypothesis's count and outcomes per path (a few minutes; not part of test).
fuzz: setup
	ATTACHKIT_FUZZ=1 $(BIN)/pytest tests/hostile --hypothesis-show-statistics

demo: setup
	$(BIN)/python examples/demo.py

# Side-by-side benchmarks; writes benchmarks/RESULTS.md (several minutes; not part of test).
bench: setup
	$(BIN)/python -m benchmarks

# Exports at scale: tens of thousands of records, a long list of clients (tens of minutes;
# not part of bench). Writes its own section of benchmarks/RESULTS.md, which bench keeps.
bench-scale: setup
	$(BIN)/python -m benchmarks --scale

# Re-records every cassette against a fresh sandbox on loopback (or a live vendor: see
# tests/support/targets.py). The sandbox is deterministic, so the result is byte-identical.
cassettes: setup
	find tests -type d -name cassettes -prune -exec rm -rf {} +
	$(BIN)/pytest -q -m vcr --record-mode=once

check-cassettes: cassettes
	@git diff --exit-code --stat -- ':(glob)tests/**/cassettes/**' \
	  || { echo "re-recorded cassettes differ from the committed ones"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- ':(glob)tests/**/cassettes/**'); \
	  if [ -n "$$untracked" ]; then echo "untracked files after recording:"; echo "$$untracked"; exit 1; fi

# The working tree as git sees it: changes to tracked files, and untracked files with their
# contents. `make test` compares it before and after, so a test or step that writes into
# the tree (outside temporary directories) fails the run.
TREE_STATE := { git status --porcelain=v1 --untracked-files=all; git diff HEAD --binary; \
	git ls-files --others --exclude-standard -z | xargs -0 -r sha256sum; } | sha256sum

test:
	@before=$$($(TREE_STATE)); \
	$(MAKE) --no-print-directory test-steps; \
	after=$$($(TREE_STATE)); \
	if [ "$$before" != "$$after" ]; then \
	  echo "make test left the working tree different from how it found it:"; \
	  git status --short --untracked-files=all; exit 1; \
	fi

test-steps: check-generated lint typecheck pytest test-lowest check-cassettes
