"""Un solo programa por carpeta de datos y por archivo de base: candados de archivo que el sistema libera si el
proceso muere. El de la base va junto al archivo SQLite que de verdad se usa, aunque --base apunte fuera de la carpeta."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy.engine import URL

from base_local.errores import EntradaRechazada

NOMBRE = ".en-uso"
SUFIJO_BASE = ".en-uso"


@contextmanager
def candado(carpeta: Path) -> Iterator[None]:
    """Toma el candado de `carpeta` o rechaza (CARPETA_EN_USO) con un mensaje que dice qué proceso lo tiene."""
    carpeta.mkdir(parents=True, exist_ok=True)
    with _candado(carpeta / NOMBRE, lambda quien: EntradaRechazada(
        f"La carpeta {carpeta} ya está abierta por otro programa del registro ({quien}). "
        "Ciérrelo antes de continuar: dos programas escribiendo la misma base podrían estorbarse.",
        "CARPETA_EN_USO",
    )):
        yield


@contextmanager
def candado_base(archivo: Path) -> Iterator[None]:
    """Toma el candado del archivo SQLite `archivo` (en `archivo.en-uso`) o rechaza con BASE_EN_USO."""
    with _candado(archivo.with_name(archivo.name + SUFIJO_BASE), lambda quien: EntradaRechazada(
        f"La base {archivo} ya está abierta por otro programa del registro ({quien}), quizá desde otra carpeta de "
        "datos que la usa con --base. Nada cambió. Ciérrelo antes de continuar: dos programas escribiendo la "
        "misma base perderían cambios.",
        "BASE_EN_USO",
    )):
        yield


@contextmanager
def candados(carpeta: Path, url: URL) -> Iterator[None]:
    """Los candados de una sesión de trabajo: la carpeta (si existe) y el archivo SQLite que abre `url`.

    Con PostgreSQL no se bloquea nada: varias personas trabajan a la vez y el servidor ordena sus escrituras.
    """
    from base_local.rutas import archivo_sqlite

    archivo = archivo_sqlite(url)
    with ExitStack() as pila:
        if archivo is not None:
            if carpeta.is_dir():
                pila.enter_context(candado(carpeta))
            if archivo.parent.is_dir():
                pila.enter_context(candado_base(archivo))
        yield


@contextmanager
def _candado(ruta: Path, rechazo) -> Iterator[None]:
    archivo = open(ruta, "a+", encoding="utf-8")  # noqa: SIM115 — vive lo que dura el candado
    try:
        if not _tomar(archivo):
            archivo.seek(0)
            raise rechazo(archivo.read().strip() or "otro proceso")
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
