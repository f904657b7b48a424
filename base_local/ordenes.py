"""Orden `estado` de la línea de comandos."""

from __future__ import annotations

import argparse
from typing import Any

from base_local.cli import abrir, archivo_base, carpeta, en_transaccion, orden


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


def _args_aprobar(p: argparse.ArgumentParser) -> None:
    p.add_argument("oficina", help="clave de la oficina (p. ej. E07 o M07089)")
    p.add_argument("periodo", help="trimestre AAAAT#")
    p.add_argument("--quien", default="Coordinación")


@orden("aprobar-periodo", "aprueba el trimestre de una oficina: los cambios posteriores llegan como enmiendas", _args_aprobar)
def _aprobar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.periodos import aprobar

    def trabajo(s) -> dict[str, Any]:
        try:
            aprobar(s, args.oficina, args.periodo, args.quien)
        except ValueError as e:
            raise EntradaRechazada(str(e)) from None
        return {"oficina": args.oficina, "periodo": args.periodo,
                "texto": f"Periodo {args.periodo} de {args.oficina} aprobado: sus cifras quedan fijas."}

    return en_transaccion(args, trabajo)


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
