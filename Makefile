# The few commands a contributor needs (CONTRIBUTING.md says what each is for). `make setup` first.
VENV ?= .venv
PY := $(VENV)/bin/python
# Test processes (pytest-xdist): one per core.
JOBS ?= auto

.PHONY: setup run test fast lint types bench screenshots contract

setup:  ## the environment of the README's test command: the app, the tests' tools, the package itself
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt

run:  ## the dashboard on http://localhost:8501, its caches filled at start-up
	$(VENV)/bin/streamlit run dashboard/serve.py

test:  ## the full lane, as CI runs it
	$(PY) -m pytest -n $(JOBS)

fast:  ## the fast lane, on every save: no browser, no benchmark
	$(PY) -m pytest -m "not browser and not bench" -n $(JOBS)

lint:
	$(VENV)/bin/ruff check .

types:
	$(VENV)/bin/mypy dashboard/

bench:  ## the atlas against its baseline; figures for the README's "Speed"
	$(PY) -m bench

screenshots:  ## the README's screenshots (Debian's chromium); look at them before committing
	$(PY) scripts/screenshots.py

contract:  ## the column tables of data/README.md and data/seoul/README.md, from dashboard/contract/
	$(PY) -m dashboard contract --write
