# The two commands: `make run` (demo on http://127.0.0.1:5000) and `make test` (whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app advocacy
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test translations messages secret-key cairo chromium libreoffice postgres screenshots clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The nynorsk catalogue, compiled from advocacy/translations/nn/LC_MESSAGES/messages.po.
# After marking new strings: `make messages` updates the .po files for a translator.
translations: | $(BIN)/python
	@test -x $(BIN)/pybabel || $(MAKE) install
	$(BIN)/pybabel compile --statistics -d advocacy/translations -D "messages wtforms"

messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output -w 100 -o advocacy/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -i advocacy/translations/messages.pot -d advocacy/translations

# A random secret key, written once into instance/config.py.
secret-key:
	@mkdir -p instance
	@grep -qs '^SECRET_KEY' instance/config.py || \
		$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" >> instance/config.py

# The demo is served over plain http on 127.0.0.1, so its session cookie cannot be Secure.
# The scheduler runs inside this one process (reminders go to instance/outbox/).
run: install translations cairo secret-key
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "Fellesstemme kjører på http://127.0.0.1:5000 – logg inn med en av demobrukerne over (Ctrl+C stopper serveren). E-post legges som .eml-filer i instance/outbox/."
	ADVOCACY_SESSION_COOKIE_SECURE=false ADVOCACY_REMEMBER_COOKIE_SECURE=false \
		ADVOCACY_SCHEDULER_IN_PROCESS=true $(FLASK) run --host 127.0.0.1 --port 5000

# The cairo library CairoSVG draws SVG logos with (a bare Debian image may lack it).
cairo:
	@ldconfig -p | grep -q 'libcairo\.so\.2' || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcairo2 >/dev/null; }

# Debian's chromium for the browser tests; Playwright downloads no browser of its own.
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# LibreOffice proves that the Word export opens outside python-docx, and Calc that the
# Excel exports hold real dates (~30 s to install).
libreoffice:
	@{ command -v soffice >/dev/null && test -e /usr/lib/libreoffice/program/libsclo.so; } || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends \
		libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null; }

# Start the machine's PostgreSQL cluster if it is installed but stopped.
postgres:
	@if command -v pg_isready >/dev/null && ! pg_isready -q && command -v pg_ctlcluster >/dev/null; then \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n 1) main start || true; \
	fi

test: install-test translations cairo chromium libreoffice postgres
	$(BIN)/python -m pytest

# The benchmark (bench/README.md): generated full-size and one-tenth data, gunicorn and wrk,
# ~15 min on 2 cores. BENCH_QUICK=1: one tenth only (~2 min); BENCH_DB=sqlite|postgresql|both.
$(VENV)/.installed-prod: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[prod]"
	touch $@

bench: install translations cairo $(VENV)/.installed-prod postgres
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run

screenshots: install-test translations chromium
	$(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) .pytest_cache
