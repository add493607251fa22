# Two commands do all the set-up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := app

.PHONY: run test bench install install-dev chromium db demo clean translations compile-translations

run: demo ## Set up everything, load demo data and serve on http://127.0.0.1:5000
	$(BIN)/python app.py

test: install-dev chromium compile-translations ## Install what the tests need (Chromium, PostgreSQL, Redis) and run the whole suite
	scripts/test-services.sh start
	@set -a; eval "$$(scripts/test-services.sh env)"; set +a; \
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	scripts/test-services.sh stop; exit $$status

bench: install-dev ## Benchmarks that print ratios against a baseline from the same run
	scripts/test-services.sh start
	@set -a; eval "$$(scripts/test-services.sh env)"; set +a; \
	$(BIN)/python -m bench $(BENCH); status=$$?; \
	scripts/test-services.sh stop; exit $$status

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

chromium: ## Debian's Chromium for the browser tests (Playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

db: install compile-translations
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask demo

LANGS := pl ro ur bn ar es

translations: install ## Extract every message, update each language's catalogue, compile
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k N_ -k N_plural:1,2 --add-location=file --sort-output \
		--project=Agora --copyright-holder="Agora contributors" -o translations/messages.pot .
	@for lang in $(LANGS); do \
		if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations -l $$lang; \
		else $(BIN)/pybabel -q init -i translations/messages.pot -d translations -l $$lang; fi; \
	done
	$(MAKE) compile-translations

compile-translations: install ## Build the .mo files the app reads from the committed .po catalogues
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(BIN)/pybabel -q compile -d translations; fi

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
