# The two commands of the README: `make run` and `make test`. Each creates or updates .venv and,
# where Node.js 20 is installed, web/node_modules and the web client's build (web/dist).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM := $(shell command -v npm)
CHROMIUM ?= /usr/bin/chromium
# `npm ci` again only when the lockfile changed; a new build only when a source changed.
NODE_STAMP := web/node_modules/.ci-stamp
WEB_BUILD := web/dist/index.html
WEB_SOURCES := $(shell find web/src web/public -type f -not -name '*.gen.ts' 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json docs/openapi.json

.PHONY: run test lint web web-check e2e openapi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

$(WEB_BUILD): $(NODE_STAMP) $(WEB_SOURCES)
	cd web && npm run build

ifeq ($(NPM),)
web:
	@echo "NOTE: Node.js 20 (npm) not found: serving the API alone, no web client at /"
else
web: $(WEB_BUILD)
endif

run: $(STAMP) web
	$(BIN)/cityhall serve

openapi: $(STAMP)
	$(BIN)/python scripts/export_openapi.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

ifeq ($(NPM),)
web-check:
	@if [ -n "$$CITYHALL_TEST_REQUIRE_BROWSER" ]; then \
		echo "FAIL: Node.js 20 is required for the web tests"; exit 1; fi
	@echo "NOTE: web checks skipped: Node.js 20 (npm) not found"
e2e: web-check
else
# Biome (lint and format), the TypeScript compiler, the unit tests and the bundle budget.
web-check: $(NODE_STAMP) $(WEB_BUILD)
	cd web && npm run gen && npx biome ci . && npx tsc --noEmit && npx vitest run && node scripts/budget.mjs

# Playwright in Debian's Chromium against a real server on a temporary data directory.
e2e: $(STAMP) $(WEB_BUILD)
	@if [ -x "$(CHROMIUM)" ]; then cd web && CHROMIUM=$(CHROMIUM) npx playwright test; \
	elif [ -n "$$CITYHALL_TEST_REQUIRE_BROWSER" ]; then \
		echo "FAIL: $(CHROMIUM) not found and the browser tests are required"; exit 1; \
	else echo "NOTE: browser tests skipped: $(CHROMIUM) not found (apt-get install chromium)"; fi
endif

# Test modules spread over two processes (pytest-xdist), one per core: the full pytest run
# measured 13:46 that way on this two-core machine. PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n 2 --dist loadscope
test: lint web-check
	$(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) e2e
