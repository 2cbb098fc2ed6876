# Encuentro: `make run` serves the app, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test translations extract-messages clean

install: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Compiled catalogues are build output: made from the committed .po files.
translations: $(VENV)/.installed
	if [ -d translations ]; then $(BIN)/pybabel compile -d translations >/dev/null; fi

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# After changing interface strings: refresh the catalogues, then translate.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --width 100 -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --width 100 -i translations/messages.pot -d translations

clean:
	rm -rf $(VENV) .pytest_cache
