"""Indicadores del programa calculados de los registros y de las metas (datos editables, no fórmulas).

PICI = instrumentos firmados / 32 × 100 por trimestre y acumulado, contra 8 por trimestre.
Pp E002 = instrumentos firmados acumulados / 32, contra las metas semestrales (16/32, 32/32) y la de mayo (12/32).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Meta
from formularios.campos import ESTADOS_INSTRUMENTO_CON_FIRMA, SEXOS

REUNIONES = ("reunion_trabajo", "mesa_interinstitucional")
CAPACITACIONES = ("capacitacion_curso", "taller", "conferencia", "platica_sensibilizacion")


def fecha_firma(r: dict[str, Any]) -> date | None:
    conv = r.get("convenio") or {}
    if conv.get("estado_instrumento") not in ESTADOS_INSTRUMENTO_CON_FIRMA or not conv.get("fecha_firma"):
        return None
    return date.fromisoformat(conv["fecha_firma"])


def instrumentos_firmados(filas: list[dict[str, Any]]) -> list[date]:
    return sorted(f for f in (fecha_firma(r) for r in filas) if f is not None)


@dataclass(frozen=True)
class FilaIndicador:
    indicador: str
    periodo: str
    logrado: int
    meta: int
    denominador: int

    @property
    def porcentaje(self) -> float:
        """Logrado sobre el denominador anual (ICPA = 32)."""
        return round(self.logrado / self.denominador * 100, 2) if self.denominador else 0.0

    @property
    def avance_meta(self) -> float:
        """Logrado sobre la meta del periodo."""
        return round(self.logrado / self.meta * 100, 2) if self.meta else 0.0


def metas(sesion: Session, anio: int) -> dict[tuple[str, str], tuple[int, int]]:
    return {(m.indicador, m.periodo): (m.valor, m.denominador) for m in sesion.scalars(select(Meta).where(Meta.anio == anio))}


def calcular(filas: list[dict[str, Any]], objetivos: dict[tuple[str, str], tuple[int, int]], anio: int) -> list[FilaIndicador]:
    """PICI trimestral y acumulado, y Pp E002 (mayo, semestres) de `anio`."""
    firmas = [f for f in instrumentos_firmados(filas) if f.year == anio]
    salida: list[FilaIndicador] = []
    acumulado = 0
    for t in range(1, 5):
        en_trimestre = sum(1 for f in firmas if (f.month - 1) // 3 + 1 == t)
        acumulado += en_trimestre
        meta, denominador = objetivos.get(("PICI", f"T{t}"), (8, 32))
        salida.append(FilaIndicador("PICI", f"{anio}T{t}", en_trimestre, meta, denominador))
        salida.append(FilaIndicador("PICI acumulado", f"{anio}T{t}", acumulado, meta * t, denominador))
    for periodo, hasta in (("M05", date(anio, 5, 31)), ("S1", date(anio, 6, 30)), ("S2", date(anio, 12, 31))):
        if ("E002", periodo) in objetivos:
            meta, denominador = objetivos[("E002", periodo)]
            salida.append(FilaIndicador("Pp E002", f"{anio}-{periodo}", sum(1 for f in firmas if f <= hasta), meta, denominador))
    return salida


def asistencia(filas: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Sesiones y asistentes por sexo de reuniones y de capacitaciones."""
    salida = {}
    for nombre, tipos in (("Reuniones y mesas", REUNIONES), ("Capacitaciones", CAPACITACIONES)):
        elegidas = [r for r in filas if r.get("tipo_accion") in tipos]
        salida[nombre] = {"acciones": len(elegidas), "sesiones": sum(r.get("eventos") or 0 for r in elegidas),
                          **{s: sum(r.get(s) or 0 for r in elegidas) for s in (*SEXOS, "total")}}
    return salida
