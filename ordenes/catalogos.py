"""Órdenes de la línea de comandos para publicar y aplicar actualizaciones de catálogos y metas."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from base_local.escritura import escribir_json
from ordenes.comun import Grupo, en_transaccion, privada

grupo = Grupo("catalogos")
orden = grupo.orden


def _args_actualizacion(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalogos", type=Path,
                   help="carpeta con los CSV que cambian (mismas columnas que recursos/catalogos/, más «retirado»)")
    p.add_argument("--custodia", action="append", metavar="age1…",
                   help="destinatario age de custodia al que toda oficina cifrará sus paquetes (repetible; «ninguno» los quita)")
    p.add_argument("--salida", type=Path, required=True, help="archivo .json de la actualización firmada")
    p.add_argument("--version", help="versión nueva (por omisión, la vigente + 1: 2026.1 → 2026.2)")


@orden("actualizacion", "en la central: publica una actualización firmada de catálogos y metas", _args_actualizacion)
def _actualizacion(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.actualizacion import publicar

    clave = privada(args)

    def trabajo(s) -> dict[str, Any]:
        custodia = None if args.custodia is None else [d for d in args.custodia if d != "ninguno"]
        documento = publicar(s, args.catalogos, clave, args.version, custodia)
        escribir_json(args.salida, documento)
        return {"archivo": str(args.salida), "version": documento["version"],
                "texto": f"Actualización {documento['version']} aplicada en la central y escrita en {args.salida}.\n"
                         "Llévela a las oficinas estatales; cada una la aplica con «importar» y la pasa sin cambios a sus municipios."}

    return en_transaccion(args, trabajo)


def _args_fijar(p: argparse.ArgumentParser) -> None:
    p.add_argument("huella", help="huella de la llave de la central, copiada de su ficha impresa (con o sin espacios)")
    p.add_argument("--reemplazar", action="store_true", help="cambia una huella ya fijada (la central rotó su llave)")


@orden("fijar-central", "fija la huella de la llave de la Coordinación (para aceptar sus actualizaciones)", _args_fijar)
def _fijar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.actualizacion import fijar_huella_central

    return en_transaccion(args, lambda s: fijar_huella_central(s, args.huella, args.reemplazar))
