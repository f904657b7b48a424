"""Accesorios de las comprobaciones del instalador de Windows: solo corren con `make comprobar-instalador`.

Necesitan el .exe ya construido (`make instalador`, minutos), 7z y, para la instalación, Wine de Debian.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from instalador.config import CONSTRUCCION, DIST, REQUISITOS_WINDOWS, nombre_instalador


def pytest_collection_modifyitems(config, items):
    if os.environ.get("FSUR_COMPROBAR_INSTALADOR") != "1":
        saltar = pytest.mark.skip(reason="comprobaciones del instalador: corren con make comprobar-instalador")
        for item in items:
            if "tests/instalador" in str(item.fspath).replace(os.sep, "/"):
                item.add_marker(saltar)


@pytest.fixture(scope="session")
def instalador() -> Path:
    exe = DIST / nombre_instalador()
    if not exe.is_file():
        pytest.fail(f"Falta {exe}: corra make instalador")
    return exe


@pytest.fixture(scope="session")
def contenido(instalador) -> list[str]:
    """Rutas de los archivos del instalador según 7z (lee instaladores NSIS), con / como separador."""
    salida = subprocess.run(["7z", "l", "-slt", "-ba", str(instalador)], capture_output=True, text=True, check=True).stdout
    return [linea.removeprefix("Path = ").replace("\\", "/") for linea in salida.splitlines() if linea.startswith("Path = ")]


@pytest.fixture(scope="session")
def candado() -> list[tuple[str, str]]:
    """(nombre, versión) de cada rueda del candado de Windows."""
    filas = re.findall(r"^([A-Za-z0-9_.-]+)==([^ ]+) --hash=sha256:[0-9a-f]{64}$", REQUISITOS_WINDOWS.read_text(), re.M)
    assert filas
    return filas


@pytest.fixture(scope="session")
def python_de_construccion() -> Path:
    python = CONSTRUCCION / "venv" / "bin" / "python"
    if not python.exists():
        pytest.fail("Falta el entorno de construcción: corra make instalador")
    return python


def extraer(instalador: Path, destino: Path, *patrones: str) -> Path:
    subprocess.run(["7z", "x", "-y", f"-o{destino}", str(instalador), *patrones], capture_output=True, check=True)
    return destino


def hay(programa: str) -> bool:
    return shutil.which(programa) is not None
