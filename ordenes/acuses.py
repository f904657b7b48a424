"""Órdenes de acuses: observar o aceptar acciones recibidas y emitir el acuse de un paquete."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from base_local.escritura import escribir_json
from ordenes.comun import Grupo, en_transaccion, privada

grupo = Grupo("acuses")
orden = grupo.orden


def _args_observar(p: argparse.ArgumentParser) -> None:
    p.add_argument("accion", nargs="+", help="id de la acción (o varios, separados por espacios: la misma observación a cada una)")
    p.add_argument("--texto", required=True, help="la observación (viaja a la oficina de origen en el próximo acuse)")
    p.add_argument("--autor", default=getpass.getuser(), help="quién observa (por omisión, el usuario del sistema)")


@orden("observar", "deja una observación sobre una o varias acciones recibidas (viaja en el acuse)", _args_observar)
def _observar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import observar_varias

    return en_transaccion(args, lambda s: observar_varias(s, args.accion, args.texto, args.autor))


def _args_aceptar(p: argparse.ArgumentParser) -> None:
    p.add_argument("accion", nargs="+", help="id de la acción recibida (o varios, separados por espacios)")
    p.add_argument("--quien", default=getpass.getuser(), help="quién acepta (por omisión, el usuario del sistema)")


@orden("aceptar", "acepta una o varias acciones recibidas en su revisión actual (retira la observación que aún no salía)",
       _args_aceptar)
def _aceptar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import aceptar

    return en_transaccion(args, lambda s: aceptar(s, args.accion, args.quien))


def _args_acuse(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paquete", required=True, help="id del paquete importado")
    p.add_argument("--salida", type=Path, required=True, help="archivo .json del acuse")
    p.add_argument("--autor", help="quién firma el acuse (por omisión, la persona responsable de la oficina)")


@orden("acuse", "emite el acuse de recibo firmado de un paquete importado", _args_acuse)
def _acuse(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import emitir

    clave = privada(args)

    def trabajo(s) -> dict[str, Any]:
        from base_local.oficinas import oficina_local
        from reportes.hojas import acuse as acuse_pdf
        from reportes.hojas import oficinas_del_acuse, resultado_del_acuse, titulos

        local = oficina_local(s)
        documento = emitir(s, args.paquete, clave, args.autor or (local.responsable if local else ""))
        escribir_json(args.salida, documento)
        acuse_pdf(args.salida.with_suffix(".pdf"), documento, titulos(s, [r["id"] for r in documento["registros"]]),
                  oficinas_del_acuse(s, documento))
        return {"archivo": str(args.salida), "registros": len(documento["registros"]),
                "texto": f"Acuse escrito en {args.salida}: {resultado_del_acuse(documento['registros'])}."}

    return en_transaccion(args, trabajo)
