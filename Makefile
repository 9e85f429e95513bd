# reader: `make run` to read, `make test` to test. Every target sets up what it needs and is
# quick once set up (stamp files in .venv/ remember what was installed for which pyproject.toml).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app reader
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
PYTEST_ARGS ?=
TRANSLATIONS := reader/translations
# Debian packages the browser tests need: a Chromium for Playwright and fonts with Vietnamese marks.
BROWSER_PACKAGES := chromium fonts-noto-core
NOTO_FONT := /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf

.PHONY: run test serve install install-dev browser-deps db translations a11y-report lint format css docs clean

run: $(VENV)/.installed db  ## Serve the reader at http://$(HOST):$(PORT) with Flask's server.
	$(FLASK) load-demo
	$(FLASK) run --host "$(HOST)" --port "$(PORT)"

serve: $(VENV)/.installed-serve db  ## Serve the reader in production under gunicorn.
	$(VENV)/bin/gunicorn --workers "$(WORKERS)" --bind "$(HOST):$(PORT)" --access-logfile - \
		'reader:create_app()'

test: $(VENV)/.installed-dev browser-deps  ## Install what the tests need, then run them all.
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

db: $(VENV)/.installed  ## Apply the schema (Alembic migrations); a no-op when up to date.
	$(FLASK) db upgrade

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "reader needs Python 3.11 or newer")'
	@$(PYTHON) -m venv $(VENV) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    rm -rf $(VENV); apt-get update -q && apt-get install -y -q python3-venv \
	    && $(PYTHON) -m venv $(VENV); \
	  else \
	    rm -rf $(VENV); echo "Python cannot create a virtual environment here."; \
	    echo "Install it with: sudo apt-get install python3-venv"; exit 1; \
	  fi; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-serve: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --editable '.[serve]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --editable '.[dev]'
	touch $(VENV)/.installed $(VENV)/.installed-serve $@

# Chromium and the Noto fonts come from Debian: installed here when we are root, else we say how.
browser-deps:
	@missing=""; \
	if [ -z "$$READER_CHROMIUM" ] && ! command -v chromium >/dev/null \
	   && ! command -v chromium-browser >/dev/null; then missing="chromium"; fi; \
	if [ ! -f $(NOTO_FONT) ]; then missing="$$missing fonts-noto-core"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages for the browser tests:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "The browser tests need Debian packages that are missing:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	    case "$$missing" in *chromium*) \
	      echo "(or set READER_CHROMIUM to the path of a Chromium or Chrome binary)";; esac; \
	    exit 1; \
	  fi; \
	fi

# Re-extract the page chrome's strings, merge them into the Vietnamese catalog and compile it.
# New strings arrive untranslated: fill them in messages.po, then run this again.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _l --no-location \
		--sort-output --project reader --copyright-holder "reader contributors" \
		-o $(TRANSLATIONS)/messages.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching --no-wrap \
		-i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l vi
	$(VENV)/bin/pybabel compile --statistics -d $(TRANSLATIONS) -l vi

a11y-report: $(VENV)/.installed-dev browser-deps  ## Accessibility report (QA kit) into a11y-report/.
	$(PY) -m reader.testing.report

lint: $(VENV)/.installed-dev  ## What CI checks first: ruff's rules and its formatting.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev  ## Format the code as `make lint` expects it.
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Generated files, checked by the tests: the scale steps' CSS rules (reader/scale.py) and each
# component's README tables (its params.json).
css: $(VENV)/.installed
	$(PY) -m reader.scale static/reader/toolbar.css

docs: $(VENV)/.installed
	$(PY) -m reader.components

clean:
	rm -rf $(VENV) build dist a11y-report test-results
