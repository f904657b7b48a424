"""Orden de la línea de comandos para revisar los posibles duplicados hallados al recibir paquetes."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from ordenes.comun import Grupo, en_transaccion

grupo = Grupo("duplicados")
orden = grupo.orden


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--todos", action="store_true", help="también los ya revisados")
    p.add_argument("--no-es", nargs=2, metavar=("ID_A", "ID_B"), help="marca la pareja como «no es duplicado» (con --nota)")
    p.add_argument("--observar", nargs=2, metavar=("ID_A", "ID_B"),
                   help="manda una observación a la oficina de origen de --sobre (viaja en el siguiente acuse)")
    p.add_argument("--sobre", help="con --observar: el id de la acción que se observa")
    p.add_argument("--nota", default="", help="por qué no es duplicado, o la observación para la oficina")


def _linea(par: dict[str, Any]) -> str:
    def lado(r: dict[str, Any]) -> str:
        return (f"{r.get('oficina_origen', '?'):<8} {str(r.get('fecha_inicio', '')):<10} {r.get('municipio', '')} "
                f"{r.get('tipo_accion', '')} total {r.get('total', 0):,}  «{str(r.get('titulo', ''))[:50]}»  [{r['id']}]")
    return f"{par['estado']}\n  A: {lado(par['a'])}\n  B: {lado(par['b'])}" + (f"\n  nota: {par['nota']}" if par["nota"] else "")


@orden("duplicados", "lista y revisa los posibles duplicados entre oficinas o dentro de un paquete", _args)
def _duplicados(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado import revision_duplicados as r
    from formularios.duplicados import pendientes

    quien = getpass.getuser()
    if args.no_es:
        return en_transaccion(args, lambda s: r.marcar_no_duplicado(s, *args.no_es, args.nota, quien))
    if args.observar:
        return en_transaccion(args, lambda s: r.observar_duplicado(s, *args.observar, args.sobre or "", args.nota, quien))

    def listar(s) -> dict[str, Any]:
        parejas = r.listar(s, None if args.todos else "pendiente")
        texto = "\n".join(_linea(p) for p in parejas) or "No hay posibles duplicados por revisar."
        return {"parejas": parejas, "pendientes": pendientes(s), "texto": texto}

    return en_transaccion(args, listar)
