"""Punto de entrada: sin argumentos abre la aplicación de escritorio; con una orden, la ejecuta sin ventana."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from base_local.cli import ORDENES, SALIDA_FALLA, SALIDA_OK, SALIDA_RECHAZO, carpeta, opciones_globales
from base_local.errores import problema_de_disco
from recursos import VERSION

_TRADUCCIONES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta su valor",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}
argparse._ = lambda texto: _TRADUCCIONES.get(texto, texto)  # mensajes de argparse en español


def cargar_ordenes() -> None:
    """Cada paquete registra sus órdenes al importarse (un solo registro: base_local.cli.ORDENES)."""
    import base_local.ordenes  # noqa: F401
    import empaquetado.ordenes  # noqa: F401
    import empaquetado.ordenes_actualizacion  # noqa: F401
    import empaquetado.ordenes_cifrado  # noqa: F401
    import empaquetado.ordenes_duplicados  # noqa: F401
    import escritorio.autoprueba  # noqa: F401  (sin Qt hasta abrir la ventana)
    import formularios.ordenes  # noqa: F401
    import reportes.ordenes  # noqa: F401


__all__ = ["ORDENES", "SALIDA_FALLA", "SALIDA_OK", "SALIDA_RECHAZO", "construir_analizador", "principal"]


def construir_analizador() -> argparse.ArgumentParser:
    cargar_ordenes()
    p = argparse.ArgumentParser(prog="registro-fsur", description="Registro de Acciones — Frontera Sur")
    p.add_argument("--version", action="version", version=f"Registro de Acciones — Frontera Sur {VERSION}")
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


def _candado(args: argparse.Namespace):
    """Candados de la carpeta y del archivo SQLite que de verdad se usa; con PostgreSQL varias personas trabajan a la vez."""
    from contextlib import nullcontext

    from base_local.candado import candados
    from base_local.cli import url_base

    if args.orden in ("inicializar", "autoprueba"):
        return nullcontext()
    return candados(carpeta(args), url_base(args))


def _preparar(args: argparse.Namespace) -> None:
    """Antes de cualquier orden: la carpeta de datos es una carpeta, --base se entiende y los permisos son privados."""
    from base_local.cli import url_base
    from base_local.rutas import proteger, revisar_carpeta

    datos = carpeta(args)
    revisar_carpeta(datos)
    url_base(args)
    if args.orden != "inicializar":
        proteger(datos)


def _ventana(args: argparse.Namespace) -> int:
    """La aplicación de escritorio; si ni siquiera arranca, la persona ve un aviso que dice dónde está la bitácora."""
    from base_local.bitacora import configurar, registrar_falla
    from base_local.cli import url_base

    configurar()
    try:
        from escritorio.aplicacion import ejecutar
        from escritorio.falla import instalar_aviso_de_fallas

        instalar_aviso_de_fallas()
        return ejecutar(carpeta(args), url_base(args) if args.base else None)
    except Exception as e:  # noqa: BLE001 — se avisa con una ventana, no con una traza en la consola
        bitacora = registrar_falla(e, "El programa no pudo arrancar")
        texto = (f"El programa no pudo arrancar ({type(e).__name__}: {e}).\n\n"
                 f"El detalle quedó en la bitácora:\n{bitacora}\n\nEnvíe ese archivo a soporte.")
        if sys.platform == "win32":
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, texto, "Registro de Acciones — Frontera Sur", 0x10)
        else:
            print(texto, file=sys.stderr)
        return SALIDA_FALLA


def salidas_en_utf8() -> None:
    """La salida estándar y la de errores en UTF-8 aunque vayan a un archivo o una tubería: en Windows serían cp1252
    («autoprueba --json > f» escribía « como el byte 0xAB) y con un locale C, ASCII (un «—» detenía la orden)."""
    for flujo in (sys.stdout, sys.stderr):
        codificacion = (getattr(flujo, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if flujo is not None and codificacion != "utf8" and hasattr(flujo, "reconfigure"):
            flujo.reconfigure(encoding="utf-8", errors="replace")


def principal(argv: list[str] | None = None) -> int:
    salidas_en_utf8()
    analizador = construir_analizador()
    args = analizador.parse_args(argv)
    from base_local.errores import EntradaRechazada
    from base_local.esquema import BaseMasNueva
    from base_local.respaldos import BaseDanada

    try:
        if args.orden != "autoprueba":  # la autoprueba trabaja en carpetas temporales: no revisa ni toca la del usuario
            _preparar(args)
        if args.orden is None:
            return _ventana(args)
        with _candado(args):
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
        problema = problema_de_disco(e, carpeta(args))
        if problema:
            _falla(args, problema[0], problema[1])
            return SALIDA_RECHAZO
        from base_local.bitacora import registrar_falla

        bitacora = registrar_falla(e, f"Falla interna en la orden {args.orden}")
        _falla(args, "ERROR_INTERNO", f"Falla interna ({type(e).__name__}: {e}). El detalle quedó en la bitácora: {bitacora}.")
        return SALIDA_FALLA


if __name__ == "__main__":
    sys.exit(principal())
