# Registro de Acciones — Frontera Sur
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATOS_DEMO ?= $(CURDIR)/demo-salida

.PHONY: run test demo bench lint limpiar

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(VENV)/.base $@

run: $(VENV)/.base
	$(PY) main.py

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

demo: $(VENV)/.base
	QT_QPA_PLATFORM=offscreen $(PY) -m formularios.demo_completa --salida $(DATOS_DEMO)

bench: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.rendimiento.bench $(ARGS)

limpiar:
	rm -rf $(VENV) demo-salida .pytest_cache .ruff_cache
