"""Periodos trimestrales (2026T1…): clave de una fecha, límites y validación del texto."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

PATRON = re.compile(r"^(\d{4})T([1-4])$")


def ahora() -> datetime:
    """La hora UTC sin zona ni microsegundos, como la guarda la base."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


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


def _periodo(sesion, oficina: str, periodo: str):
    from base_local.modelos import Periodo

    limites(periodo)
    return sesion.get(Periodo, (oficina, periodo)) or Periodo(oficina=oficina, clave=periodo, estado="abierto", bitacora=[])


def _fijar(sesion, fila, estado: str, quien: str, operacion: str) -> None:
    """Cierra o aprueba el periodo y lo anota en su bitácora."""

    momento = ahora()
    fila.estado, fila.cerrado_en, fila.cerrado_por = estado, momento, quien
    fila.bitacora = [*fila.bitacora, {"cuando": momento.isoformat(), "quien": quien, "operacion": operacion, "motivo": ""}]
    sesion.add(fila)
    sesion.flush()


def cerrar(sesion, oficina: str, periodo: str, quien: str) -> None:
    """Cierra el periodo: sus acciones quedan de solo lectura hasta que se reabra con un motivo."""

    fila = _periodo(sesion, oficina, periodo)
    if fila.estado != "abierto":
        raise ValueError(f"El periodo {periodo} ya está {fila.estado}.")
    _fijar(sesion, fila, "cerrado", quien, "cierre")


def reabrir(sesion, oficina: str, periodo: str, quien: str, motivo: str) -> None:
    from base_local.modelos import Periodo

    if not motivo.strip():
        raise ValueError("Escriba el motivo para reabrir el periodo: queda en su bitácora.")
    fila = sesion.get(Periodo, (oficina, periodo))
    if fila is None or fila.estado == "abierto":
        raise ValueError(f"El periodo {periodo} no está cerrado.")
    if fila.estado == "aprobado":
        raise ValueError(f"El periodo {periodo} ya fue aprobado por la coordinación: no se reabre desde aquí.")
    fila.estado = "abierto"
    fila.bitacora = [*fila.bitacora, {"cuando": ahora().isoformat(), "quien": quien, "operacion": "reapertura", "motivo": motivo.strip()}]
    sesion.flush()


def estado_de(sesion, oficina: str, periodo: str) -> str:
    from base_local.modelos import Periodo

    fila = sesion.get(Periodo, (oficina, periodo))
    return fila.estado if fila else "abierto"


def aprobar(sesion, oficina: str, periodo: str, quien: str) -> None:
    """La coordinación aprueba el trimestre de una oficina: sus cifras quedan fijas; un cambio posterior llega
    como enmienda y espera aprobación."""

    fila = _periodo(sesion, oficina, periodo)
    if fila.estado == "aprobado":
        raise ValueError(f"El periodo {periodo} de {oficina} ya estaba aprobado.")
    _fijar(sesion, fila, "aprobado", quien, "aprobacion")
