"""Copias de seguridad de la base SQLite con la API de respaldo en línea, rotadas por motivo."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

COPIAS_POR_MOTIVO = 10


def respaldar(base: Path, carpeta: Path, motivo: str, conservar: int = COPIAS_POR_MOTIVO) -> Path:
    """Copia consistente de `base` en `carpeta`; conserva las `conservar` más recientes del mismo motivo."""
    carpeta.mkdir(parents=True, exist_ok=True)
    marca = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destino = carpeta / f"{motivo}-{marca}.sqlite"
    origen = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    try:
        copia = sqlite3.connect(destino)
        try:
            origen.backup(copia)
        finally:
            copia.close()
    finally:
        origen.close()
    for vieja in sorted(carpeta.glob(f"{motivo}-*.sqlite"))[:-conservar]:
        vieja.unlink()
    return destino
