"""Órdenes de respaldo y restauración de la base SQLite."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ordenes.comun import Grupo, archivo_base, carpeta, pedir_frase

grupo = Grupo("respaldo")
orden = grupo.orden


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


@orden("restaurar", "reemplaza la base por un respaldo de esta oficina, revisado antes en una copia (guardando la actual)",
       _args_restaurar)
def _restaurar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.respaldos import copias
    from base_local.rutas import Rutas
    from empaquetado.recuperacion import restaurar

    rutas, archivo = Rutas(carpeta(args)), archivo_base(args)
    if archivo is None:
        raise EntradaRechazada("Restaurar es para la base SQLite; en PostgreSQL use pg_restore. No se modificó nada.",
                               "RESTAURAR_SOLO_SQLITE")
    copia = args.copia or next(iter(copias(rutas.respaldos)), None)
    if copia is None or not Path(copia).is_file():
        raise EntradaRechazada(f"No hay copia que restaurar ({copia or 'la carpeta respaldos/ está vacía'}).")
    return restaurar(rutas, archivo, Path(copia))


def _args_recuperar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--copia", type=Path, required=True, help="respaldo de la oficina (.sqlite)")
    p.add_argument("--llave", type=Path, required=True, help="el archivo llave_privada.json de esa oficina (su copia guardada)")


@orden("recuperar-oficina", "crea en una carpeta vacía la oficina de un respaldo, con su archivo de llave y su frase",
       _args_recuperar)
def _recuperar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from empaquetado import llaves
    from empaquetado.recuperacion import OficinaARecuperar, recuperar_oficina

    if args.base:
        raise EntradaRechazada("recuperar-oficina crea la base SQLite en la carpeta de datos (--datos): quite --base. Una base "
                               "PostgreSQL se recupera con pg_restore. No se creó nada.", "RECUPERAR_SOLO_SQLITE")
    for ruta, que in ((args.copia, "El respaldo"), (args.llave, "El archivo de llave")):
        if not ruta.is_file():
            raise EntradaRechazada(f"{que} {ruta} no existe o no es un archivo: revise la ruta. No se creó nada.")

    def frase_para(oficina: OficinaARecuperar) -> str:
        print(f"Respaldo de la oficina {oficina.clave} ({oficina.nombre}); huella de su llave:\n"
              f"  {llaves.huella_legible(oficina.huella)}\nCompárela con la ficha impresa de la oficina.", file=sys.stderr)
        return pedir_frase(False)

    return recuperar_oficina(carpeta(args), args.copia, args.llave, frase_para)
