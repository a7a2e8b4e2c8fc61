# Everyday commands. `make help` lists them. The first run creates .venv and node_modules with
# the pinned dependencies; later runs reuse them until requirements.txt or package-lock.json
# change.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
CONTENT := content
OUTPUT := output
CONF := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000
PELICAN_OPTS ?=

.DEFAULT_GOAL := help

.PHONY: help html publish serve devserver clean test lint audit bench

help:
	@echo "make serve      build the site and serve it on http://$(HOST):$(PORT)"
	@echo "make devserver  serve and rebuild whenever content, theme or plugins change"
	@echo "make html       build the site into $(OUTPUT)/"
	@echo "make publish    build the public site with $(PUBLISHCONF)"
	@echo "make test       run the whole test suite"
	@echo "make lint       check the Python code with ruff"
	@echo "make audit      Lighthouse scores of the main page types (slow)"
	@echo "make bench      search speed and size against Pagefind and one lunr index (slow)"
	@echo "make clean      remove $(OUTPUT)/ and caches"

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

html: $(BIN)/.installed node_modules/.installed
	$(PELICAN) $(CONTENT) -s $(CONF) -o $(OUTPUT) --fatal errors $(PELICAN_OPTS)

publish: $(BIN)/.installed node_modules/.installed
	$(PELICAN) $(CONTENT) -s $(PUBLISHCONF) -o $(OUTPUT) --fatal errors $(PELICAN_OPTS)

serve: html
	$(PELICAN) --listen -s $(CONF) -o $(OUTPUT) -b $(HOST) -p $(PORT)

devserver: $(BIN)/.installed node_modules/.installed
	$(PELICAN) $(CONTENT) -s $(CONF) -o $(OUTPUT) --autoreload --listen -b $(HOST) -p $(PORT) $(PELICAN_OPTS)

test: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_OPTS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(OUTPUT) __pycache__ .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

audit: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/audit.py

bench: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/bench.py $(BENCH_OPTS)
