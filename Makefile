# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The web app's charting library (Apache ECharts), installed by npm from package-lock.json and
# copied into the package's git-ignored static/vendor/ so an editable install serves it.
VENDOR := src/kexie/web/static/vendor
ASSETS := $(VENDOR)/echarts.min.js

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(ASSETS): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $(ASSETS)
	cp node_modules/echarts/LICENSE $(VENDOR)/echarts.LICENSE

install: $(STAMP) $(ASSETS)

demo: $(STAMP) $(ASSETS)
	$(BIN)/kexie demo

test: $(STAMP) $(ASSETS)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/parse.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
