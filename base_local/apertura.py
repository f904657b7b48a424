"""Abre la base de una oficina: rechaza versiones más nuevas, respalda y migra a la última revisión."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from base_local.esquema import al_dia, comprobar_version, migrar, revision_cabeza
from base_local.respaldos import BaseDanada, copias, integridad, respaldar
from base_local.rutas import archivo_sqlite
from base_local.servidor import problema_de_conexion
from base_local.sesion import Base


def mensaje_danada(archivo: Path, problema: str, carpeta_respaldos: Path | None) -> str:
    ultima = next(iter(copias(carpeta_respaldos)), None) if carpeta_respaldos else None
    salida = (f"restaure la última copia buena con «restaurar --copia {ultima}» (o Configuración → Restaurar)" if ultima
              else "restaure una copia de seguridad con «restaurar --copia ARCHIVO»")
    return f"La base de datos {archivo} está dañada ({problema}). No se modificó nada: {salida}."


def abrir_base(url: URL | str, carpeta_respaldos: Path | None = None, revisar_integridad: bool = True) -> Base:
    """Base lista para usar en la revisión cabeza.

    Si la base es SQLite en disco y está detrás de la cabeza, antes de migrar deja una copia en
    `carpeta_respaldos`. Lanza `BaseMasNueva` si la base es de un programa más nuevo.
    """
    archivo = archivo_sqlite(url)
    if archivo is not None and archivo.exists() and revisar_integridad:
        problema = integridad(archivo)
        if problema is not None:
            raise BaseDanada(mensaje_danada(archivo, problema, carpeta_respaldos))
    base = Base(url)
    try:
        return _al_dia(base, carpeta_respaldos, revisar_integridad)
    except DBAPIError as e:
        base.cerrar()
        problema = problema_de_conexion(e, base.motor.url)
        if problema is None:
            raise
        raise problema from None
    except BaseException:
        base.cerrar()
        raise


def _al_dia(base: Base, carpeta_respaldos: Path | None, revisar_integridad: bool) -> Base:
    """La base ya abierta, migrada a la cabeza si hace falta (con respaldo previo)."""
    if al_dia(base.motor):
        return base
    actual = comprobar_version(base.motor)
    cabeza = revision_cabeza(base.motor)
    if actual != cabeza:
        archivo = base.archivo if base.archivo is not None and base.archivo.exists() else None
        if archivo is not None and not revisar_integridad and integridad(archivo) is not None:
            raise BaseDanada(mensaje_danada(archivo, integridad(archivo) or "", carpeta_respaldos))  # nunca migrar una base dañada
        if actual is not None and archivo is not None and carpeta_respaldos is not None:
            respaldar(archivo, carpeta_respaldos, f"antes-de-migrar-{actual}")
        migrar(base.motor)
    return base

