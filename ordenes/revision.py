"""Órdenes de la mesa de revisión: `revision` (la matriz de oficinas por trimestre) y `aprobar-periodo` (varias
oficinas y trimestres a la vez, después de que la política admite cada uno)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from base_local.periodos import PATRON
from ordenes.comun import Grupo, en_transaccion

grupo = Grupo("revision")
orden = grupo.orden


def _args_revision(p: argparse.ArgumentParser) -> None:
    p.add_argument("--trimestre", help="solo ese trimestre (AAAAT#); sin él, los cuatro del año")
    p.add_argument("--anio", type=int, help="año de la matriz (por omisión, el en curso)")
    p.add_argument("--plazo", type=int, metavar="DIAS", help="fija el plazo de envío: días después del cierre de cada trimestre")


def _texto(m, trimestres: list[str]) -> str:
    lineas = [f"Plazo de envío: {m.plazo_dias} días después del cierre de cada trimestre.",
              f"{'oficina':<8} {'nombre':<32} " + " ".join(f"{t:<44}" for t in trimestres)]
    for o in m.oficinas:
        celdas = []
        for t in trimestres:
            c = m.celda(o.clave, t)
            celdas.append(f"{c.paquetes} paq. {c.registros:,} reg. · {c.estado} · {c.puntualidad}"[:44].ljust(44))
        lineas.append(f"{o.clave:<8} {o.nombre[:32]:<32} " + " ".join(celdas))
    return "\n".join(lineas)


@orden("revision", "matriz de revisión: por oficina y trimestre, paquetes, registros, estado y puntualidad", _args_revision)
def _revision(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from base_local.revision import construir
    from empaquetado.codigos import Rechazo
    from empaquetado.revision_periodos import fijar_plazo

    if args.trimestre is not None and not PATRON.match(args.trimestre):
        raise Rechazo("TRIMESTRE_INVALIDO", f"Recibido: {args.trimestre[:20]!r}.")
    anio = int(args.trimestre[:4]) if args.trimestre else (args.anio or date.today().year)
    if not 2000 <= anio <= 2100:
        raise EntradaRechazada(f"El año {anio} está fuera de lo que este programa registra (2000 a 2100).")

    def trabajo(s) -> dict[str, Any]:
        if args.plazo is not None:
            fijar_plazo(s, args.plazo)
        m = construir(s, anio)
        trimestres = [args.trimestre] if args.trimestre else m.trimestres
        celdas = [m.celda(o.clave, t).a_dict() for o in m.oficinas for t in trimestres]
        return {"anio": anio, "plazo_dias": m.plazo_dias, "celdas": celdas, "texto": _texto(m, trimestres)}

    return en_transaccion(args, trabajo)


def _args_aprobar(p: argparse.ArgumentParser) -> None:
    p.add_argument("claves", nargs="+", metavar="OFICINA_O_TRIMESTRE",
                   help="una o varias oficinas (E07, M07089) y uno o varios trimestres (2026T1): se aprueba cada oficina en "
                        "cada trimestre, todas o ninguna")
    p.add_argument("--quien", default="Coordinación", help="quién aprueba (queda en la bitácora de cada trimestre)")


@orden("aprobar-periodo", "aprueba trimestres de una o varias oficinas: los cambios posteriores llegan como enmiendas", _args_aprobar)
def _aprobar(args: argparse.Namespace) -> dict[str, Any]:
    from base_local.errores import EntradaRechazada
    from empaquetado.revision_periodos import aprobar_celdas

    trimestres = [c for c in args.claves if PATRON.match(c)]
    oficinas = [c for c in args.claves if c not in trimestres]
    if not trimestres or not oficinas:
        raise EntradaRechazada("Indique al menos una oficina y un trimestre, p. ej. «aprobar-periodo E07 M07089 2026T1 2026T2».")

    def trabajo(s) -> dict[str, Any]:
        hechos = aprobar_celdas(s, [(o, t) for o in oficinas for t in trimestres], args.quien)
        lineas = [f"Periodo {h['trimestre']} de {h['oficina']} aprobado ({h['registros']:,} registros): sus cifras quedan fijas."
                  for h in hechos]
        return {"aprobados": hechos, "texto": "\n".join(lineas)}

    return en_transaccion(args, trabajo)
