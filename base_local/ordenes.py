"""Orden `estado` de la línea de comandos."""

from __future__ import annotations

import argparse
from typing import Any

from base_local.cli import abrir, carpeta, orden


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
