"""Un solo programa por carpeta de datos: un candado de archivo que el sistema libera si el proceso muere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from base_local.errores import EntradaRechazada

NOMBRE = ".en-uso"


@contextmanager
def candado(carpeta: Path) -> Iterator[None]:
    """Toma el candado de `carpeta` o rechaza con un mensaje que dice qué proceso lo tiene."""
    carpeta.mkdir(parents=True, exist_ok=True)
    ruta = carpeta / NOMBRE
    archivo = open(ruta, "a+")  # noqa: SIM115 — vive lo que dura el candado
    try:
        if not _tomar(archivo):
            archivo.seek(0)
            quien = archivo.read().strip() or "otro proceso"
            raise EntradaRechazada(
                f"La carpeta {carpeta} ya está abierta por otro programa del registro ({quien}). "
                "Ciérrelo antes de continuar: dos programas escribiendo la misma base podrían estorbarse.",
                "CARPETA_EN_USO",
            )
        archivo.seek(0)
        archivo.truncate()
        archivo.write(f"proceso {os.getpid()}")
        archivo.flush()
        yield
    finally:
        archivo.close()  # cerrar el archivo libera el candado


def _tomar(archivo) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(archivo.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(archivo.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
