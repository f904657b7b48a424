"""Lo que comparten las órdenes: la forma de una orden y de su grupo, la carpeta, la base, la frase y las llaves."""

from __future__ import annotations

import argparse
import getpass
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


class Grupo:
    """Las órdenes de un módulo de ordenes/, en el orden en que se declaran; ordenes/entrada.py junta los grupos."""

    def __init__(self, nombre: str) -> None:
        self.nombre = nombre
        self.ordenes: list[Orden] = []

    def orden(self, nombre: str, ayuda: str, argumentos: Callable[[argparse.ArgumentParser], None] = lambda p: None):
        """Declara una suborden; la función devuelve un diccionario con el resultado (y 'texto' para humanos)."""

        def registrar(funcion: Callable[[argparse.Namespace], dict[str, Any]]):
            self.ordenes.append(Orden(nombre, ayuda, argumentos, funcion))
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


def abrir(args: argparse.Namespace, revisar_integridad: bool = True):
    """Base abierta y migrada de la carpeta; rechaza si la carpeta no tiene oficina. `revisar_integridad=False` solo
    para quien hace la revisión completa por su cuenta (exportar la corre a la par de su trabajo)."""
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
    return abrir_base(url_base(args), rutas.respaldos, revisar_integridad)


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


def llaves_abiertas(args: argparse.Namespace):
    """Llave privada e identidad de cifrado de la oficina, abiertas con la frase (FSUR_FRASE o la terminal)."""
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas
    from empaquetado import llaves

    archivo = Rutas(carpeta(args)).llave_privada
    if not archivo.exists():
        raise EntradaRechazada(f"No está la llave privada de la oficina en {archivo}: ¿es la carpeta correcta?")
    try:
        return llaves.abrir_llaves(archivo, pedir_frase(confirmar=False))
    except llaves.FraseIncorrecta as e:
        raise EntradaRechazada(str(e), "FRASE_INCORRECTA") from None


def privada(args: argparse.Namespace):
    """Llave privada de la oficina, abierta con la frase (FSUR_FRASE o la terminal)."""
    return llaves_abiertas(args).privada


def identidad(args: argparse.Namespace):
    """La identidad de cifrado, pedida (con la frase) una sola vez y solo si algún archivo del lote está cifrado."""
    from empaquetado.recepcion import una_vez

    return una_vez(lambda: llaves_abiertas(args).identidad)
