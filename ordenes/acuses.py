"""Órdenes de acuses: observar una acción recibida y emitir el acuse de un paquete."""

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
    p.add_argument("accion", help="id de la acción")
    p.add_argument("--texto", required=True, help="la observación (viaja a la oficina en el próximo acuse)")
    p.add_argument("--autor", default=getpass.getuser(), help="quién observa (por omisión, el usuario del sistema)")


@orden("observar", "deja una observación sobre una acción recibida (viaja en el acuse)", _args_observar)
def _observar(args: argparse.Namespace) -> dict[str, Any]:
    from empaquetado.acuses import observar

    return en_transaccion(args, lambda s: observar(s, args.accion, args.texto, args.autor))


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
