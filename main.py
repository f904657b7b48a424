"""Punto de entrada: sin argumentos abre la aplicación de escritorio; con una orden, la ejecuta sin ventana."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = "0.1.0"
SALIDA_OK, SALIDA_RECHAZO, SALIDA_FALLA = 0, 2, 1

_TRADUCCIONES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta su valor",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}
argparse._ = lambda texto: _TRADUCCIONES.get(texto, texto)  # mensajes de argparse en español


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


# --- Opciones y utilidades comunes ------------------------------------------------------------


def _opciones_globales(p: argparse.ArgumentParser, por_omision: Any) -> None:
    p.add_argument("--datos", type=Path, default=por_omision, help="carpeta de datos de la oficina")
    p.add_argument("--base", default=por_omision, help="URL SQLAlchemy de la base (por omisión, SQLite en la carpeta)")
    p.add_argument("--json", action="store_true", default=por_omision, help="salida legible por máquina")


def carpeta(args: argparse.Namespace) -> Path:
    from base_local.rutas import carpeta_predeterminada

    return (args.datos or carpeta_predeterminada()).expanduser().resolve()


def url_base(args: argparse.Namespace) -> str:
    from base_local.rutas import Rutas

    return args.base or Rutas(carpeta(args)).url_base


def abrir(args: argparse.Namespace):
    """Base abierta y migrada de la carpeta; rechaza si la carpeta no tiene oficina."""
    from base_local.apertura import abrir_base
    from base_local.errores import EntradaRechazada
    from base_local.rutas import Rutas

    rutas = Rutas(carpeta(args))
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


# --- Órdenes ---------------------------------------------------------------------------------


def _args_inicializar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tipo", required=True, choices=["municipal", "estatal", "central"])
    p.add_argument("--entidad", help="clave INEGI de la entidad (04, 07, 23, 27)")
    p.add_argument("--municipio", help="clave INEGI de 5 dígitos del municipio")
    p.add_argument("--nombre", required=True, help="nombre de la oficina")
    p.add_argument("--responsable", required=True, help="persona responsable")


@orden("inicializar", "crea la oficina, su base y su par de llaves en la carpeta de datos", _args_inicializar)
def _inicializar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.alta import SolicitudAlta, inicializar, revisar
    from empaquetado.llaves import huella_legible

    sol = SolicitudAlta(args.tipo, args.nombre, args.responsable, args.entidad, args.municipio)
    revisar(sol, "x" * 64)  # primero los datos de la oficina, antes de pedir la frase
    creada = inicializar(carpeta(args), sol, pedir_frase(confirmar=True), args.base)
    legible = huella_legible(creada.huella)
    return {
        "oficina": creada.clave, "huella": creada.huella, "carpeta": str(creada.carpeta),
        "texto": f"Oficina {creada.clave} creada en {creada.carpeta}\nHuella de la llave: {legible}\n"
        "Imprima la ficha de registro y llévela a su oficina superior.",
    }


def _args_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registros", type=int, default=200, help="cuántas acciones crear (200 por omisión)")
    p.add_argument("--semilla", type=int, default=2026)


@orden("demo", "llena la oficina con acciones de demostración válidas", _args_demo)
def _demo(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.oficinas import oficina_local
    from formularios.demo import generar
    from formularios.servicio import contexto_para

    if args.registros < 1:
        raise EntradaRechazada("--registros debe ser 1 o más.")
    base = abrir(args)
    try:
        with base.transaccion() as s:
            oficina = oficina_local(s)
            if oficina is None:
                raise EntradaRechazada("La base no tiene oficina local: inicialice la carpeta primero.")
            n = generar(s, contexto_para(s, oficina), oficina, args.registros, semilla=args.semilla)
    finally:
        base.cerrar()
    return {"creadas": n, "oficina": oficina.clave, "texto": f"{n} acciones de demostración creadas en {oficina.clave}."}


@orden("estado", "muestra la oficina de la carpeta, su llave y sus cifras")
def _estado(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.resumen import resumen_oficina

    base = abrir(args)
    try:
        with base.transaccion() as s:
            datos = resumen_oficina(s)
    finally:
        base.cerrar()
    datos["carpeta"] = str(carpeta(args))
    return datos


# --- Ejecución -------------------------------------------------------------------------------


def construir_analizador() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="registro-fsur", description="Registro de Acciones — Frontera Sur")
    p.add_argument("--version", action="version", version=f"Registro de Acciones — Frontera Sur {VERSION}")
    _opciones_globales(p, None)
    sub = p.add_subparsers(dest="orden", metavar="ORDEN", title="órdenes")
    for o in ORDENES.values():
        sp = sub.add_parser(o.nombre, help=o.ayuda, description=o.ayuda)
        _opciones_globales(sp, argparse.SUPPRESS)
        o.argumentos(sp)
    return p


def _imprimir(args: argparse.Namespace, datos: dict[str, Any]) -> None:
    texto = datos.pop("texto", None)
    if args.json:
        print(json.dumps(datos, ensure_ascii=False, indent=2, default=str))
    else:
        print(texto if texto is not None else "\n".join(f"{k}: {v}" for k, v in datos.items()))


def _falla(args: argparse.Namespace, codigo: str, mensaje: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": codigo, "mensaje": mensaje}, ensure_ascii=False))
    else:
        print(f"Error: {mensaje}", file=sys.stderr)


def principal(argv: list[str] | None = None) -> int:
    analizador = construir_analizador()
    args = analizador.parse_args(argv)
    if args.orden is None:
        from escritorio.aplicacion import ejecutar

        return ejecutar(carpeta(args), args.base)
    from base_local.errores import EntradaRechazada
    from base_local.esquema import BaseMasNueva

    try:
        _imprimir(args, ORDENES[args.orden].ejecutar(args))
        return SALIDA_OK
    except EntradaRechazada as e:
        _falla(args, e.codigo, str(e))
        return SALIDA_RECHAZO
    except BaseMasNueva as e:
        _falla(args, "BASE_MAS_NUEVA", str(e))
        return SALIDA_RECHAZO
    except KeyboardInterrupt:
        _falla(args, "INTERRUMPIDO", "Operación interrumpida: no se guardó nada de lo que estaba en curso.")
        return SALIDA_FALLA
    except Exception as e:  # noqa: BLE001 — ningún error interno llega como traza desnuda
        bitacora = Path(tempfile.gettempdir()) / "registro-fsur-error.log"
        bitacora.write_text(traceback.format_exc(), encoding="utf-8")
        _falla(args, "ERROR_INTERNO", f"Falla interna ({type(e).__name__}: {e}). El detalle quedó en {bitacora}.")
        return SALIDA_FALLA


if __name__ == "__main__":
    sys.exit(principal())
