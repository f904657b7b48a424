"""Datos de los reportes como filas planas: acciones vivas de una selección y sumas por sexo."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from base_local.acciones import acciones_como_dicts
from base_local.modelos import Accion
from base_local.periodos import etiqueta_periodo, limites
from formularios.campos import SEXOS

VIVAS = ("lista", "enviada", "aceptada", "observada")
CIFRAS = (*SEXOS, "total")


@dataclass(frozen=True)
class Seleccion:
    """Periodo (AAAAT# o AAAA, o nada = todo) y entidad (o nada = todas)."""

    periodo: str | None = None
    entidad: str | None = None

    def limites(self) -> tuple[date, date] | None:
        if not self.periodo:
            return None
        if len(self.periodo) == 4 and self.periodo.isdigit():
            return date(int(self.periodo), 1, 1), date(int(self.periodo), 12, 31)
        return limites(self.periodo)

    def describir(self, entidades: dict[str, str] | None = None) -> str:
        """«4.º trimestre de 2026, Chiapas» o «todos los periodos, las cuatro entidades»."""
        partes = [etiqueta_periodo(self.periodo) if self.periodo else "todos los periodos"]
        partes.append((entidades or {}).get(self.entidad, f"entidad {self.entidad}") if self.entidad else "las cuatro entidades")
        return ", ".join(partes)


def validar_seleccion(sel: Seleccion) -> None:
    if sel.periodo and not (len(sel.periodo) == 4 and sel.periodo.isdigit()):
        limites(sel.periodo)  # ValueError con mensaje en español
    if sel.entidad and sel.entidad not in ("04", "07", "23", "27"):
        raise ValueError(f"La entidad «{sel.entidad}» no es de la frontera sur: use 04, 07, 23 o 27.")


def acciones_vivas(sesion: Session, sel: Seleccion) -> list[dict[str, Any]]:
    """Acciones que cuentan (ni borradores ni anuladas), como diccionarios del contrato."""
    condiciones: tuple = (Accion.estado.in_(VIVAS),)
    rango = sel.limites()
    if rango:
        condiciones += (Accion.fecha_inicio.between(*rango),)
    if sel.entidad:
        condiciones += (Accion.entidad == sel.entidad,)
    return acciones_como_dicts(sesion, condiciones, (Accion.fecha_inicio, Accion.id))


def sumar(filas: Iterable[dict[str, Any]], clave: Callable[[dict[str, Any]], Iterable[Any]]) -> dict[Any, dict[str, int]]:
    """Acciones y cifras por sexo agrupadas; `clave` da uno o varios grupos por fila (p. ej. varios objetivos)."""
    grupos: dict[Any, dict[str, int]] = defaultdict(lambda: {"acciones": 0, "eventos": 0, **dict.fromkeys(CIFRAS, 0)})
    for f in filas:
        for grupo in clave(f):
            g = grupos[grupo]
            g["acciones"] += 1
            g["eventos"] += f.get("eventos") or 0
            for c in CIFRAS:
                g[c] += f.get(c) or 0
    return dict(grupos)
