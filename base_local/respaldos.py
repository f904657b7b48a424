"""Copias de seguridad de la base SQLite con la API de respaldo en línea, rotadas por motivo."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

COPIAS_POR_MOTIVO = 10


def _solo_lectura(archivo: Path) -> sqlite3.Connection:
    """Conexión de solo lectura; la ruta va codificada en un URI file: (así «?», «#» y «%» son parte del nombre)."""
    return sqlite3.connect(f"{archivo.resolve().as_uri()}?mode=ro", uri=True)


def _copiar(origen: Path, destino: Path) -> None:
    """Copia consistente con la API de respaldo en línea de SQLite (el origen puede estar en uso)."""
    fuente = _solo_lectura(origen)
    try:
        copia = sqlite3.connect(destino)
        try:
            fuente.backup(copia)
        finally:
            copia.close()
    finally:
        fuente.close()


def respaldar(base: Path, carpeta: Path, motivo: str, conservar: int = COPIAS_POR_MOTIVO) -> Path:
    """Copia consistente de `base` en `carpeta`; conserva las `conservar` más recientes del mismo motivo."""
    carpeta.mkdir(parents=True, exist_ok=True)
    marca = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destino = carpeta / f"{motivo}-{marca}.sqlite"
    _copiar(base, destino)
    for vieja in sorted(carpeta.glob(f"{motivo}-*.sqlite"))[:-conservar]:
        vieja.unlink()
    return destino


class BaseDanada(Exception):
    """La base no pasa `PRAGMA integrity_check`."""


def integridad(base: Path) -> str | None:
    """None si la base está sana; si no, la primera línea del informe de SQLite."""
    try:
        con = _solo_lectura(base)
        try:
            resultado = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        return str(e)
    return None if resultado == "ok" else str(resultado)


class RevisionEnCurso:
    """`integridad(base)` en otro hilo, con su propia conexión: sqlite3 suelta el GIL mientras SQLite revisa, así
    la revisión completa corre a la par del trabajo. `problema()` espera a que termine."""

    def __init__(self, base: Path) -> None:
        self._problema: str | None = "la revisión de integridad no terminó"  # nunca se da por sana sin revisarla
        self._hilo = threading.Thread(target=self._revisar, args=(base,), name="integridad", daemon=True)
        self._hilo.start()

    def _revisar(self, base: Path) -> None:
        try:
            self._problema = integridad(base)
        except Exception as e:  # noqa: BLE001 — una base que no se pudo revisar nunca se da por sana
            self._problema = str(e) or type(e).__name__

    def problema(self) -> str | None:
        """None si la base está sana; si no, lo que informó SQLite (espera a que termine la revisión)."""
        self._hilo.join()
        return self._problema


def copias(carpeta: Path) -> list[Path]:
    """Respaldos de la carpeta, del más reciente al más antiguo."""
    return sorted(carpeta.glob("*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True) if carpeta.exists() else []
