"""Periodos trimestrales (2026T1…): clave de una fecha, límites y validación del texto."""

from __future__ import annotations

import re
from datetime import date

PATRON = re.compile(r"^(\d{4})T([1-4])$")


def periodo_de(fecha: date) -> str:
    """Trimestre de una fecha: 2026T1…2026T4."""
    return f"{fecha.year}T{(fecha.month - 1) // 3 + 1}"


def limites(periodo: str) -> tuple[date, date]:
    """Primer y último día del trimestre."""
    coincide = PATRON.match(periodo)
    if not coincide:
        raise ValueError(f"«{periodo}» no es un periodo válido: escríbalo como AAAAT# (por ejemplo 2026T1).")
    anio, trimestre = int(coincide[1]), int(coincide[2])
    inicio = date(anio, 3 * trimestre - 2, 1)
    fin = date(anio + 1, 1, 1) if trimestre == 4 else date(anio, 3 * trimestre + 1, 1)
    return inicio, date.fromordinal(fin.toordinal() - 1)


def anterior(periodo: str) -> str:
    inicio, _ = limites(periodo)
    return periodo_de(date.fromordinal(inicio.toordinal() - 1))
