"""La línea de comandos: arma el analizador con los grupos de órdenes, ejecuta una y traduce su resultado a la salida
(texto o JSON) y a un código 0/2/1. main.py la llama cuando hay una orden; sin orden, abre la ventana."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from base_local.errores import problema_de_disco
from ordenes import (
    acuses,
    autoprueba,
    captura,
    catalogos,
    cifrado,
    duplicados,
    oficina,
    paquetes,
    reportes,
    respaldo,
    revision,
)
from ordenes.comun import SALIDA_FALLA, SALIDA_OK, SALIDA_RECHAZO, Orden, carpeta, opciones_globales, url_base
from ordenes.idioma import espanol
from recursos import VERSION

GRUPOS = (oficina.grupo, paquetes.grupo, acuses.grupo, revision.grupo, catalogos.grupo, cifrado.grupo, duplicados.grupo,
          captura.grupo, reportes.grupo, respaldo.grupo, autoprueba.grupo)
ORDENES: dict[str, Orden] = {o.nombre: o for g in GRUPOS for o in g.ordenes}


def construir_analizador() -> argparse.ArgumentParser:
    espanol()
    p = argparse.ArgumentParser(prog="registro-fsur", description="Registro de Acciones — Frontera Sur")
    p.add_argument("--version", action="version", version=f"Registro de Acciones — Frontera Sur {VERSION}",
                   help="muestra la versión del programa y termina")
    opciones_globales(p, None)
    sub = p.add_subparsers(dest="orden", metavar="ORDEN", title="órdenes")
    for o in ORDENES.values():
        sp = sub.add_parser(o.nombre, help=o.ayuda, description=o.ayuda)
        opciones_globales(sp, argparse.SUPPRESS)
        o.argumentos(sp)
    return p


def _imprimir(args: argparse.Namespace, datos: dict[str, Any]) -> None:
    texto = datos.pop("texto", None)
    if args.json:
        print(json.dumps(datos, ensure_ascii=False, indent=2, default=str))
    else:
        print(texto if texto is not None else "\n".join(f"{k}: {v}" for k, v in datos.items()))


def _falla(args: argparse.Namespace, codigo: str, mensaje: str) -> None:
    if getattr(args, "json", False) and getattr(args, "orden", None) == "verificar":  # la forma documentada de verificar
        print(json.dumps({"valido": False, "codigo": codigo, "mensaje": mensaje}, ensure_ascii=False))
    elif getattr(args, "json", False):
        print(json.dumps({"error": codigo, "mensaje": mensaje}, ensure_ascii=False))
    else:
        print(f"Error: {mensaje}", file=sys.stderr)


def salidas_en_utf8() -> None:
    """La salida estándar y la de errores en UTF-8 aunque vayan a un archivo o una tubería: en Windows serían cp1252
    («autoprueba --json > f» escribía « como el byte 0xAB) y con un locale C, ASCII (un «—» detenía la orden)."""
    for flujo in (sys.stdout, sys.stderr):
        codificacion = (getattr(flujo, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if flujo is not None and codificacion != "utf8" and hasattr(flujo, "reconfigure"):
            flujo.reconfigure(encoding="utf-8", errors="replace")


def candado(args: argparse.Namespace):
    """Candados de la carpeta y del archivo SQLite que de verdad se usa; con PostgreSQL varias personas trabajan a la vez."""
    from base_local.candado import candados

    if args.orden in ("inicializar", "recuperar-oficina", "autoprueba"):
        return nullcontext()
    return candados(carpeta(args), url_base(args))


def _preparar(args: argparse.Namespace) -> None:
    """Antes de cualquier orden: la carpeta de datos es una carpeta, --base se entiende y los permisos son privados."""
    from base_local.rutas import proteger, revisar_carpeta

    datos = carpeta(args)
    revisar_carpeta(datos)
    url_base(args)
    if args.orden != "inicializar":
        proteger(datos)


def _conexion_perdida(args: argparse.Namespace, error: Exception):
    """El servidor de base de datos dejó de responder (o negó algo) a media orden: su código, no ERROR_INTERNO."""
    from base_local.servidor import problema_de_conexion

    try:
        return problema_de_conexion(error, url_base(args), al_abrir=False)
    except Exception:  # noqa: BLE001 — si ni la URL se entiende, sigue el camino general
        return None


def principal(argv: list[str] | None = None, ventana: Callable[[argparse.Namespace], int] | None = None,
              probar_ventana: Callable[[Path], str] | None = None) -> int:
    """Ejecuta la orden de `argv`. Sin orden llama a `ventana` (la pone main.py); `probar_ventana` es el paso de la
    autoprueba que abre y cierra la ventana principal."""
    salidas_en_utf8()
    args = construir_analizador().parse_args(argv)
    args.probar_ventana = probar_ventana
    from base_local.errores import EntradaRechazada
    from base_local.esquema import BaseMasNueva
    from base_local.respaldos import BaseDanada

    try:
        if args.orden != "autoprueba":  # la autoprueba trabaja en carpetas temporales: no revisa ni toca la del usuario
            _preparar(args)
        if args.orden is None:
            if ventana is None:
                raise EntradaRechazada("Falta la orden: vea «registro-fsur --help».")
            return ventana(args)
        with candado(args):
            datos = ORDENES[args.orden].ejecutar(args)
        codigo = datos.pop("codigo_salida", SALIDA_OK)
        _imprimir(args, datos)
        return codigo
    except EntradaRechazada as e:
        _falla(args, e.codigo, str(e))
        return SALIDA_RECHAZO
    except BaseMasNueva as e:
        _falla(args, "BASE_MAS_NUEVA", str(e))
        return SALIDA_RECHAZO
    except BaseDanada as e:
        _falla(args, "BASE_DANADA", str(e))
        return SALIDA_RECHAZO
    except KeyboardInterrupt:
        _falla(args, "INTERRUMPIDO", "Operación interrumpida: no se guardó nada de lo que estaba en curso.")
        return SALIDA_FALLA
    except Exception as e:  # noqa: BLE001 — ningún error interno llega como traza desnuda
        rechazo = _conexion_perdida(args, e)
        if rechazo is not None:
            _falla(args, rechazo.codigo, str(rechazo))
            return SALIDA_RECHAZO
        problema = problema_de_disco(e, carpeta(args))
        if problema:
            _falla(args, problema[0], problema[1])
            return SALIDA_RECHAZO
        from base_local.bitacora import registrar_falla

        bitacora = registrar_falla(e, f"Falla interna en la orden {args.orden}")
        _falla(args, "ERROR_INTERNO", f"Falla interna ({type(e).__name__}: {e}). El detalle quedó en la bitácora: {bitacora}.")
        return SALIDA_FALLA
