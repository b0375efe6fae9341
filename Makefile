# Peer Support Guidance. Newcomers need two commands: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | md5sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | md5sum | cut -c1-12)
# Material 9.8 prints an end-of-life notice on stderr each time it runs under `mkdocs`;
# its own switch turns the notice off for serve, build and offline, whose output people read.
QUIET_MATERIAL := NO_MKDOCS_2_WARNING=1

.PHONY: venv node system-deps serve build check lint test clean export offline bench lighthouse

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.3"
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-* && touch $@

node: $(NODE_STAMP)

system-deps:
	@scripts/system-deps.sh

## serve: set up .venv and serve the site on http://127.0.0.1:8000, reloading on any change
serve: venv
	$(QUIET_MATERIAL) $(VENV)/bin/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

## check: validate all content (a few seconds)
check: venv
	$(PY) -m psg check

## build: strict build into site/ (never leaves a half-written site/)
build: venv
	$(QUIET_MATERIAL) scripts/build.sh site

## offline: build dist/peer-support-guidance-offline.zip, a copy that works opened from file://
offline: venv node
	$(QUIET_MATERIAL) $(PY) scripts/offline.py dist/peer-support-guidance-offline.zip

## export: write the site as plain Markdown with a hook-free config into OUT (Zensical or MkDocs builds it)
export: venv
	@test -n "$(OUT)" || { echo "usage: make export OUT=folder" >&2; exit 2; }
	$(PY) -m psg export "$(OUT)"

## bench: time builds, reloads and page weight against the budgets (a benchmark, not a test; ~25 min, most of it the 100× content step)
bench: venv
	$(PY) scripts/bench.py

## lighthouse: Lighthouse 12 (mobile, median of 3 runs; the checklist page 5) on four pages served gzipped on loopback; installs it into .lighthouse/
lighthouse: venv
	$(PY) scripts/lighthouse.py

## lint: ruff (complexity at most 15), mypy --strict on psg/ and hooks/, and the import layers (config in pyproject.toml)
lint: venv
	$(VENV)/bin/ruff check psg hooks scripts tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo
	@! grep -rnE "type: *ignore(\[[^]]*\])? *$$" psg hooks scripts || { echo "error: each type: ignore above needs a reason after it" >&2; exit 1; }

## test: set up everything a fresh machine lacks, run the static checks, then every test
test: venv node system-deps lint
	$(PY) -m psg check --require-source
	$(PY) -m pytest

clean:
	rm -rf site site.tmp.* .pytest_cache
