"""Órdenes `estado`, `respaldo` y `restaurar` de la línea de comandos."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from base_local.cli import abrir, archivo_base, carpeta, orden


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


@orden("respaldo", "guarda una copia de seguridad de la base en la carpeta respaldos/")
def _respaldo(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.respaldos import respaldar
    from base_local.rutas import Rutas

    rutas, archivo = Rutas(carpeta(args)), archivo_base(args)
    if archivo is None:
        raise EntradaRechazada("Los respaldos de este programa son para la base SQLite; en PostgreSQL use pg_dump.")
    if not archivo.exists():
        raise EntradaRechazada(f"No hay una base que respaldar en {archivo}.")
    copia = respaldar(archivo, rutas.respaldos, "manual")
    return {"copia": str(copia), "texto": f"Copia de seguridad guardada en {copia}"}


def _args_restaurar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--copia", type=Path, help="archivo de respaldo (.sqlite); sin él, el más reciente de respaldos/")


@orden("restaurar", "reemplaza la base por una copia de seguridad sana (guardando antes la actual)", _args_restaurar)
def _restaurar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.respaldos import BaseDanada, copias, restaurar
    from base_local.rutas import Rutas

    rutas, archivo = Rutas(carpeta(args)), archivo_base(args)
    if archivo is None:
        raise EntradaRechazada("Restaurar es para la base SQLite; en PostgreSQL use pg_restore.")
    copia = args.copia or next(iter(copias(rutas.respaldos)), None)
    if copia is None or not Path(copia).is_file():
        raise EntradaRechazada(f"No hay copia que restaurar ({copia or 'la carpeta respaldos/ está vacía'}).")
    try:
        previa = restaurar(archivo, Path(copia), rutas.respaldos)
    except BaseDanada as e:
        raise EntradaRechazada(str(e), "COPIA_DANADA") from None
    abrir(args).cerrar()  # la copia puede ser de una versión anterior: se migra al abrir
    return {"copia": str(copia), "texto": f"Base restaurada desde {copia}. La base anterior quedó en {previa}."}
