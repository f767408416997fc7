# Newsroom: `make run` serves the app on SQLite with the seed page imported; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SEED := articles/fixtures/seed_page.txt
HOST ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE ?= newsroom.settings

.PHONY: install run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py import_page $(SEED) --quiet
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/bench_parse.py

clean:
	rm -rf $(VENV) var .pytest_cache
