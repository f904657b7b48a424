# Registro de Acciones — Frontera Sur
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATOS_DEMO ?= $(CURDIR)/demo-salida

.PHONY: run test demo bench fuzz lint capturas limpiar instalador comprobar-instalador comprobar-instalador-sin-wine

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
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto

FRASE_DEMO ?= frase de demostración frontera sur
FSUR := FSUR_FRASE="$(FRASE_DEMO)" $(PY) main.py
D := $(DATOS_DEMO)

demo: $(VENV)/.base
	rm -rf $(D) && mkdir -p $(D)/fichas $(D)/paquetes $(D)/acuses $(D)/reportes
	$(FSUR) --datos $(D)/municipal-tapachula inicializar --tipo municipal --entidad 07 --municipio 07089 \
		--nombre "Oficina Municipal de Atención al Migrante de Tapachula" --responsable "Responsable municipal"
	$(FSUR) --datos $(D)/estatal-chiapas inicializar --tipo estatal --entidad 07 \
		--nombre "Enlace Estatal de Chiapas" --responsable "Enlace estatal"
	$(FSUR) --datos $(D)/estatal-tabasco inicializar --tipo estatal --entidad 27 \
		--nombre "Enlace Estatal de Tabasco" --responsable "Enlace estatal"
	$(FSUR) --datos $(D)/central inicializar --tipo central --nombre "Coordinación CAIMFS" --responsable "Coordinación"
	for o in municipal-tapachula estatal-chiapas estatal-tabasco central; do \
		$(FSUR) --datos $(D)/$$o ficha --salida $(D)/fichas/$$o.json || exit 1; done
	$(FSUR) --datos $(D)/estatal-chiapas registrar-oficina $(D)/fichas/municipal-tapachula.json
	# la municipal copia la huella impresa en la ficha de la Coordinación (las estatales la fijan al registrar esa ficha)
	$(FSUR) --datos $(D)/municipal-tapachula fijar-central "$$($(PY) -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["huella"])' $(D)/fichas/central.json)"
	$(FSUR) --datos $(D)/municipal-tapachula registrar-oficina $(D)/fichas/estatal-chiapas.json
	for e in estatal-chiapas estatal-tabasco; do \
		$(FSUR) --datos $(D)/central registrar-oficina $(D)/fichas/$$e.json || exit 1; \
		$(FSUR) --datos $(D)/$$e registrar-oficina $(D)/fichas/central.json || exit 1; done
	$(FSUR) --datos $(D)/municipal-tapachula demo --registros 120 --semilla 1
	$(FSUR) --datos $(D)/estatal-chiapas demo --registros 80 --semilla 2
	$(FSUR) --datos $(D)/estatal-tabasco demo --registros 80 --semilla 3
	$(FSUR) --datos $(D)/municipal-tapachula exportar --salida $(D)/paquetes
	$(FSUR) --datos $(D)/estatal-chiapas importar $(D)/paquetes/envio-M07089-0001-*.zip.age
	$(FSUR) --datos $(D)/estatal-chiapas exportar --salida $(D)/paquetes
	$(FSUR) --datos $(D)/estatal-tabasco exportar --salida $(D)/paquetes
	$(FSUR) --datos $(D)/central importar --simular $(D)/paquetes/envio-E*-0001-*.zip.age > $(D)/paquetes/vista-previa.txt
	$(FSUR) --datos $(D)/central --json importar $(D)/paquetes/envio-E*-0001-*.zip.age > $(D)/paquetes/importacion.json
	$(FSUR) --datos $(D)/central importar $(D)/paquetes/envio-E*-0001-*.zip.age
	for e in E07 E27; do \
		id=$$($(PY) -c "import json,sys; print(next(p['paquete'] for p in json.load(open('$(D)/paquetes/importacion.json'))['paquetes'] if '-'+'$$e'+'-' in p['archivo']))"); \
		$(FSUR) --datos $(D)/central acuse --paquete $$id --salida $(D)/acuses/acuse-$$e-0001.json || exit 1; done
	$(FSUR) --datos $(D)/estatal-chiapas importar $(D)/acuses/acuse-E07-0001.json
	$(FSUR) --datos $(D)/municipal-tapachula importar $(D)/acuses/acuse-M07089-0001.json
	$(FSUR) --datos $(D)/central plantilla --salida $(D)/reportes/plantilla-captura.xlsx
	$(FSUR) --datos $(D)/central reporte --tipo consolidado --salida $(D)/reportes/consolidado.xlsx
	$(FSUR) --datos $(D)/central reporte --tipo trimestral --periodo $$($(PY) -c "import datetime as d; t=d.date.today(); print(f'{t.year}T{(t.month-1)//3+1}')") --salida $(D)/reportes/trimestral.pdf
	$(FSUR) --datos $(D)/central reporte --tipo compendio --salida $(D)/reportes/compendio.pdf
	$(FSUR) --datos $(D)/central estado
	@echo
	@echo "Salidas de la demostración en $(D):"
	@echo "  oficinas (base, llave, evidencias): $(D)/municipal-tapachula, estatal-chiapas, estatal-tabasco, central"
	@echo "  fichas de registro (JSON y PDF):     $(D)/fichas"
	@echo "  paquetes cifrados y carátulas:       $(D)/paquetes"
	@echo "  acuses de recibo (JSON y PDF):       $(D)/acuses"
	@echo "  plantilla, consolidado y PDF:        $(D)/reportes"
	@echo "  abra una oficina con: $(PY) main.py --datos $(D)/central   (frase: $(FRASE_DEMO))"

bench: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.rendimiento.bench $(ARGS)

fuzz: $(VENV)/.dev
	FSUR_FUZZ_EJEMPLOS=$${FSUR_FUZZ_EJEMPLOS:-5000} QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/confiabilidad/test_mutaciones.py --hypothesis-show-statistics

capturas: $(VENV)/.base
	QT_QPA_PLATFORM=offscreen $(PY) -m escritorio.capturas --salida docs/img

# Instalador de Windows (pynsist + makensis sobre Linux): instala lo que falte de Debian y de PyPI.
CONSTRUIR := build/instalador/venv
APT := instalador/apt.sh

$(CONSTRUIR)/.listo: instalador/herramientas.txt
	$(APT) nsis p7zip-full
	test -x $(CONSTRUIR)/bin/python || $(PYTHON) -m venv $(CONSTRUIR)
	$(CONSTRUIR)/bin/python -m pip install -q -r instalador/herramientas.txt
	touch $@

instalador: $(CONSTRUIR)/.listo
	$(CONSTRUIR)/bin/python -m instalador.construir

# Comprobaciones del instalador ya construido: contenido (7z), firmas del intérprete, instalación silenciosa bajo
# Wine de Debian y desinstalación que deja la carpeta de datos. Tarda minutos: no está en make test.
INSTALADOR = dist/RegistroFSur-$$($(PY) -c 'import recursos; print(recursos.VERSION)')-win64.exe
COMPROBAR = FSUR_COMPROBAR_INSTALADOR=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/instalador

comprobar-instalador: $(VENV)/.dev $(CONSTRUIR)/.listo
	$(APT) wine wine64
	test -f $(INSTALADOR) || $(MAKE) instalador
	$(COMPROBAR)

comprobar-instalador-sin-wine: $(VENV)/.dev $(CONSTRUIR)/.listo
	test -f $(INSTALADOR) || $(MAKE) instalador
	$(COMPROBAR) --ignore=tests/instalador/test_wine.py

limpiar:
	rm -rf $(VENV) demo-salida .pytest_cache .ruff_cache build dist
