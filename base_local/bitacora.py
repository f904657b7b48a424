"""Bitácora del programa: un archivo rotado en la carpeta de logs del usuario, nunca trazas en la consola."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from base_local.rutas import carpeta_bitacoras

ARCHIVO = "registro-fsur.log"
_registro = logging.getLogger("registro_fsur")


def ruta_bitacora() -> Path:
    return carpeta_bitacoras() / ARCHIVO


def configurar() -> Path:
    """Abre la bitácora una sola vez por proceso; devuelve su ruta."""
    ruta = ruta_bitacora()
    if not any(isinstance(m, RotatingFileHandler) and Path(m.baseFilename) == ruta for m in _registro.handlers):
        for viejo in [m for m in _registro.handlers if isinstance(m, RotatingFileHandler)]:
            _registro.removeHandler(viejo)  # la carpeta de logs cambió (otro usuario o una prueba): un solo archivo
            viejo.close()
        ruta.parent.mkdir(parents=True, exist_ok=True)
        manejador = RotatingFileHandler(ruta, maxBytes=2_000_000, backupCount=3, encoding="utf-8", delay=True)
        manejador.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _registro.addHandler(manejador)
        _registro.setLevel(logging.INFO)
    return ruta


def registrar_falla(error: BaseException, contexto: str = "Falla interna") -> Path:
    """Escribe la traza completa de `error` en la bitácora y devuelve dónde quedó."""
    ruta = configurar()
    _registro.error(contexto, exc_info=(type(error), error, error.__traceback__))
    for manejador in _registro.handlers:
        manejador.flush()
    return ruta
