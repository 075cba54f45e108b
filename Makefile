# The two commands: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= auto

.PHONY: demo test install assets migrate seed serve lint format messages bench clean

demo: install migrate seed serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

assets: node_modules/.installed

install: $(STAMP) assets
	mkdir -p var

migrate: install
	$(BIN)/renda migrate --noinput

seed: migrate
	$(BIN)/renda seed_demo

serve:
	@echo "renda is serving on http://$(HOST):$(PORT)/ — demo accounts: admin office leader member deputy unit expert, password renda-demo-2023"
	@# the task worker (indexing and routing of new public opinions) runs beside the server
	$(BIN)/renda db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/renda runserver $(HOST):$(PORT)

test: install
	$(BIN)/renda compilemessages --ignore=.venv --ignore=node_modules -v 0 2>/dev/null || true
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	cd renda && ../$(BIN)/renda makemessages -l zh_Hans -l en --ignore=node_modules --no-obsolete
	cd renda && ../$(BIN)/renda compilemessages

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules var staticfiles
