"""Datos y recursos del sistema: catálogos versionados (CSV), contornos de los municipios (GeoJSON), su manifiesto
de origen y la versión del programa.

Todo se encuentra con importlib.resources: funciona igual en un checkout, en una rueda o en el instalador de Windows.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib.resources import files

VERSION = "0.1.0"  # la única versión del programa (pyproject.toml la lee de aquí)

CARPETA = files("recursos")
CARPETA_CATALOGOS = CARPETA / "catalogos"
CARPETA_MAPAS = CARPETA / "mapas"


def leer_catalogo(nombre: str) -> list[dict[str, str]]:
    """Filas del catálogo `nombre` (sin extensión) como diccionarios de texto."""
    texto = (CARPETA_CATALOGOS / f"{nombre}.csv").read_text(encoding="utf-8")
    return [dict(fila) for fila in csv.DictReader(io.StringIO(texto, newline=""))]


@cache
def manifiesto_catalogos() -> dict:
    """Versión de los catálogos y el origen de cada archivo."""
    return json.loads((CARPETA_CATALOGOS / "version.json").read_text(encoding="utf-8"))


def version_catalogos() -> str:
    return manifiesto_catalogos()["version"]


def leer_contornos() -> dict:
    """Los contornos de los municipios (GeoJSON de INEGI simplificado; `mapas/LEAME.md`)."""
    nombre = next(iter(manifiesto_catalogos()["mapas"]))
    return json.loads((CARPETA_MAPAS / nombre).read_text(encoding="utf-8"))
