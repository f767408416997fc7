# Newsroom: `make run` serves the app on SQLite with the seed page imported; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SEED := articles/fixtures/seed_page.txt
# The seed page prints no date; its own text places it in early March 2024 (第61个学雷锋纪念日).
# Filing it under an issue date gives the demo an e-paper reading path and a dated events calendar.
SEED_DATE ?= 2024-03-06
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The admin's Chinese: locale/zh_Hans/LC_MESSAGES/django.po is the catalogue (makemessages keeps it),
# the .mo is built from it here, never edited or committed. Babel compiles it (pure Python, as
# Django's compilemessages would with GNU gettext's msgfmt, which a fresh machine may not have).
install: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d $(CURDIR)/locale -D django

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py ensure_publication
	DJANGO_DEBUG=1 $(PY) manage.py import_page $(SEED) --date $(SEED_DATE) --page 1 --quiet
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest -q -p no:cacheprovider

# What `make lint` checks: style (ruff), types of the parser, the services and the search
# (mypy with django-stubs), and the layering (import-linter's contracts in pyproject.toml).
TYPED := articles/parsing articles/search articles/services people/services.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy $(TYPED)
	$(VENV)/bin/lint-imports

bench: install
	$(PY) bench/bench_parse.py

clean:
	rm -rf $(VENV) var .pytest_cache
