"""Registro único de las órdenes de la línea de comandos y utilidades que comparten (sin Qt)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SALIDA_OK, SALIDA_RECHAZO, SALIDA_FALLA = 0, 2, 1


@dataclass(frozen=True)
class Orden:
    """Una suborden de la línea de comandos."""

    nombre: str
    ayuda: str
    argumentos: Callable[[argparse.ArgumentParser], None]
    ejecutar: Callable[[argparse.Namespace], dict[str, Any]]


ORDENES: dict[str, Orden] = {}


def orden(nombre: str, ayuda: str, argumentos: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Registra una suborden; la función devuelve un diccionario con el resultado (y 'texto' para humanos)."""

    def registrar(funcion: Callable[[argparse.Namespace], dict[str, Any]]):
        ORDENES[nombre] = Orden(nombre, ayuda, argumentos, funcion)
        return funcion

    return registrar


def opciones_globales(p: argparse.ArgumentParser, por_omision: Any) -> None:
    p.add_argument("--datos", type=Path, default=por_omision, help="carpeta de datos de la oficina")
    p.add_argument("--base", default=por_omision, help="URL SQLAlchemy de la base (por omisión, SQLite en la carpeta)")
    p.add_argument("--json", action="store_true", default=por_omision, help="salida legible por máquina")


def carpeta(args: argparse.Namespace) -> Path:
    from base_local.rutas import carpeta_predeterminada

    ruta = args.datos or carpeta_predeterminada()
    with suppress(RuntimeError):  # «~usuario» que no existe: se toma el nombre tal cual
        ruta = ruta.expanduser()
    return ruta.resolve()


def url_base(args: argparse.Namespace) -> URL:
    """La base que de verdad se usa: la de --base (revisada) o el SQLite de la carpeta de datos."""
    from base_local.rutas import Rutas, url_de_texto

    return url_de_texto(args.base) if args.base else Rutas(carpeta(args)).url_base


def archivo_base(args: argparse.Namespace) -> Path | None:
    """Archivo SQLite que de verdad se usa (también si --base apunta fuera de la carpeta); None en PostgreSQL."""
    from base_local.rutas import archivo_sqlite

    return archivo_sqlite(url_base(args))


def abrir(args: argparse.Namespace):
    """Base abierta y migrada de la carpeta; rechaza si la carpeta no tiene oficina."""
    from base_local.apertura import abrir_base
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas

    rutas = Rutas(carpeta(args))
    if rutas.raiz.exists() and not os.access(rutas.raiz, os.W_OK):
        raise EntradaRechazada(f"No se puede escribir en la carpeta de datos {rutas.raiz}: es de solo lectura o no tiene permiso. "
                               "Nada cambió. Use otra carpeta (--datos) o pida el permiso.", "CARPETA_SOLO_LECTURA")
    if not args.base and not rutas.base.exists():
        raise EntradaRechazada(
            f"La carpeta {rutas.raiz} no tiene una oficina: inicialícela con «inicializar» o indique otra con --datos."
        )
    return abrir_base(url_base(args), rutas.respaldos)


def pedir_frase(confirmar: bool) -> str:
    """Frase de la variable FSUR_FRASE o, si no está, preguntada en la terminal (dos veces al crearla)."""
    from base_local.errores import EntradaRechazada

    frase = os.environ.get("FSUR_FRASE")
    if frase is not None:
        return frase
    if not sys.stdin.isatty():
        raise EntradaRechazada("Falta la frase de acceso: defínala en la variable FSUR_FRASE o ejecute la orden en una terminal.")
    frase = getpass.getpass("Frase de acceso: ")
    if confirmar and getpass.getpass("Repita la frase de acceso: ") != frase:
        raise EntradaRechazada("Las dos frases no coinciden: vuelva a intentarlo.")
    return frase


def en_transaccion(args: argparse.Namespace, trabajo: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    base = abrir(args)
    try:
        with base.transaccion() as s:
            return trabajo(s)
    finally:
        base.cerrar()


def escribir_json(ruta: Path, documento: dict[str, Any]) -> None:
    """Escribe de forma atómica. El temporal se crea nuevo (O_EXCL, sin seguir enlaces): un enlace que alguien dejó con
    su nombre en una memoria USB no lleva la escritura a otro archivo de la máquina; el final reemplaza al enlace."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    temporal = ruta.with_name(ruta.name + ".parcial")
    temporal.unlink(missing_ok=True)
    descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(descriptor, "w", encoding="utf-8") as archivo:
        archivo.write(json.dumps(documento, ensure_ascii=False, indent=2))
    temporal.replace(ruta)
