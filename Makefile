# Registro de Acciones — Frontera Sur
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATOS_DEMO ?= $(CURDIR)/demo-salida

.PHONY: run test demo bench lint capturas limpiar

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

FRASE_DEMO ?= frase de demostración frontera sur

demo: $(VENV)/.base
	rm -rf $(DATOS_DEMO)
	FSUR_FRASE="$(FRASE_DEMO)" $(PY) main.py --datos $(DATOS_DEMO)/municipal-tapachula inicializar \
		--tipo municipal --entidad 07 --municipio 07089 \
		--nombre "Oficina Municipal de Atención al Migrante de Tapachula" --responsable "Responsable de demostración"
	$(PY) main.py --datos $(DATOS_DEMO)/municipal-tapachula demo --registros 200
	$(PY) main.py --datos $(DATOS_DEMO)/municipal-tapachula estado
	@echo
	@echo "Salidas de la demostración en $(DATOS_DEMO):"
	@echo "  oficina municipal (base, llave, evidencias): $(DATOS_DEMO)/municipal-tapachula"
	@echo "  ábrala en la aplicación con: $(PY) main.py --datos $(DATOS_DEMO)/municipal-tapachula"

bench: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.rendimiento.bench $(ARGS)

capturas: $(VENV)/.base
	QT_QPA_PLATFORM=offscreen $(PY) -m escritorio.capturas --salida capturas

limpiar:
	rm -rf $(VENV) demo-salida .pytest_cache .ruff_cache
