"""Orden `reporte` de la línea de comandos."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ordenes.comun import Grupo, en_transaccion

grupo = Grupo("reportes")
orden = grupo.orden


def _args_reporte(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tipo", required=True, choices=["consolidado", "trimestral", "compendio", "html"], help="qué reporte")
    p.add_argument("--formato", choices=["xlsx", "pdf", "html"],
                   help="xlsx para el consolidado, html para --tipo html, pdf para los demás")
    p.add_argument("--periodo", help="AAAAT# (trimestre) o AAAA (año); sin él, todo")
    p.add_argument("--entidad", help="clave de la entidad (04, 07, 23, 27); sin ella, las cuatro")
    p.add_argument("--salida", type=Path, required=True, help="archivo que se escribe (.xlsx, .pdf o .html)")


@orden("reporte", "produce el libro consolidado, el reporte trimestral, el compendio por objetivo PMM o el "
       "reporte HTML para autoridades (un solo archivo, sin red)", _args_reporte)
def _reporte(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from reportes.datos import Seleccion
    from reportes.generar import TIPOS, generar

    formato = args.formato or TIPOS[args.tipo][0]

    def trabajo(s) -> dict[str, Any]:
        try:
            archivo = generar(s, args.tipo, formato, Seleccion(args.periodo, args.entidad), args.salida)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None
        return {"archivo": str(archivo), "texto": f"Reporte {args.tipo} escrito en {archivo}"}

    return en_transaccion(args, trabajo)
