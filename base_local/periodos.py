"""Periodos trimestrales (2026T1…): clave de una fecha, límites y validación del texto."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

PATRON = re.compile(r"^(\d{4})T([1-4])$")
MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
         "diciembre")
_ORDINAL_TRIMESTRE = {"1": "1.er", "2": "2.º", "3": "3.er", "4": "4.º"}
_ETIQUETABLE = re.compile(r"^(\d{4})(?:-?(T[1-4]|S[12]|M(?:0[1-9]|1[0-2])))?$")


def ahora() -> datetime:
    """La hora UTC sin zona ni microsegundos, como la guarda la base."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def periodo_de(fecha: date) -> str:
    """Trimestre de una fecha: 2026T1…2026T4."""
    return f"{fecha.year}T{(fecha.month - 1) // 3 + 1}"


def etiqueta_periodo(clave: str | None) -> str:
    """El nombre de un periodo como se dice: «4.º trimestre de 2026», «mayo de 2026», «1.er semestre de 2026»,
    «año 2026». Es la única forma en que un periodo aparece en papel; lo que no reconoce lo deja como está."""
    coincide = _ETIQUETABLE.match(clave or "")
    if not coincide:
        return clave or ""
    anio, parte = coincide[1], coincide[2]
    if parte is None:
        return f"año {anio}"
    if parte[0] == "T":
        return f"{_ORDINAL_TRIMESTRE[parte[1]]} trimestre de {anio}"
    if parte[0] == "S":
        return f"{'1.er' if parte[1] == '1' else '2.º'} semestre de {anio}"
    return f"{MESES[int(parte[1:]) - 1]} de {anio}"


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
