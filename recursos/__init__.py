"""Datos y recursos del sistema: catálogos versionados (CSV) y su manifiesto de origen."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

CARPETA = Path(__file__).resolve().parent
CARPETA_CATALOGOS = CARPETA / "catalogos"


def leer_catalogo(nombre: str) -> list[dict[str, str]]:
    """Filas del catálogo `nombre` (sin extensión) como diccionarios de texto."""
    ruta = CARPETA_CATALOGOS / f"{nombre}.csv"
    with ruta.open(encoding="utf-8", newline="") as f:
        return [dict(fila) for fila in csv.DictReader(f)]


@cache
def manifiesto_catalogos() -> dict:
    """Versión de los catálogos y el origen de cada archivo."""
    return json.loads((CARPETA_CATALOGOS / "version.json").read_text(encoding="utf-8"))


def version_catalogos() -> str:
    return manifiesto_catalogos()["version"]
