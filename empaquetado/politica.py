"""Política de confianza: las decisiones de seguridad en funciones puras, en el orden de CONFIANZA.md."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

# --- Cadena y trimestres aprobados (T3, T6) ---------------------------------------------------

SECUENCIA_MAXIMA = 1_000_000_000
RANGOS_MOSTRADOS = 10
_HUELLA = re.compile(r"[0-9a-f]{64}")


def secuencia_valida(valor: Any) -> bool:
    """T6: la secuencia es un entero (no booleano) de 1 a 1,000,000,000."""
    return isinstance(valor, int) and not isinstance(valor, bool) and 1 <= valor <= SECUENCIA_MAXIMA


def revisar_cadena(secuencia: int, anterior: str, huella: str, huella_previo: str | None,
                   anterior_del_siguiente: str | None) -> str | None:
    """T6: motivo de `CADENA_ROTA` del paquete `secuencia`, o None si encadena.

    `anterior` es el `sha256_anterior` que declara; `huella`, la de su manifiesto firmado. `huella_previo` es la
    huella guardada del paquete N−1 de la misma oficina (None si no ha llegado) y `anterior_del_siguiente`, el
    `sha256_anterior` guardado del paquete N+1 si llegó antes (None si no).
    """
    if secuencia == 1 and anterior != "":
        return "El paquete 1 de una oficina no tiene anterior, pero este declara uno."
    if secuencia > 1 and not _HUELLA.fullmatch(anterior):
        return f"El paquete {secuencia} no declara la huella SHA-256 del paquete {secuencia - 1}."
    if huella_previo is not None and anterior != huella_previo:
        return f"El paquete {secuencia} no sigue al paquete {secuencia - 1} que ya se recibió (la huella anterior no coincide)."
    if anterior_del_siguiente is not None and anterior_del_siguiente != huella:
        return f"El paquete {secuencia + 1}, ya recibido, sigue a otro paquete {secuencia}: este no es el que firmó la oficina en esa posición."
    return None


def rangos_faltantes(recibidas: Iterable[int], maximo: int = RANGOS_MOSTRADOS) -> tuple[list[tuple[int, int]], int]:
    """T6: huecos antes de la última secuencia recibida, como rangos (desde, hasta) en espacio acotado.

    `recibidas` va en orden ascendente. Devuelve a lo más `maximo` rangos y cuántos más hay.
    """
    rangos: list[tuple[int, int]] = []
    mas, esperada = 0, 1
    for n in recibidas:
        if n > esperada:
            if len(rangos) < maximo:
                rangos.append((esperada, n - 1))
            else:
                mas += 1
        esperada = max(esperada, n + 1)
    return rangos, mas


def texto_faltantes(oficina: str, rangos: list[tuple[int, int]], mas: int) -> list[str]:
    """Una frase por rango: «falta el paquete 2…», «faltan los paquetes 5 a 9…»."""
    lineas = [f"falta el paquete {a:,} de la oficina {oficina}" if a == b else
              f"faltan los paquetes {a:,} {'y' if b == a + 1 else 'a'} {b:,} de la oficina {oficina}" for a, b in rangos]
    if mas:
        lineas.append(f"y faltan paquetes de la oficina {oficina} en {mas:,} huecos más")
    return lineas


def trimestres_de(fecha_inicio: date | None, convenio: Any) -> set[str]:
    """T3: trimestres cuyas cifras cuenta un registro: el de su fecha de inicio y, si es un instrumento
    firmado, el de su fecha de firma (PICI)."""
    trimestres = set()
    if fecha_inicio is not None:
        trimestres.add(f"{fecha_inicio.year}T{(fecha_inicio.month - 1) // 3 + 1}")
    firma = convenio.get("fecha_firma") if isinstance(convenio, dict) else None
    if isinstance(firma, str):
        try:
            dia = date.fromisoformat(firma)
        except ValueError:
            return trimestres
        trimestres.add(f"{dia.year}T{(dia.month - 1) // 3 + 1}")
    return trimestres


def requiere_enmienda(antes: set[str], despues: set[str], aprobados: set[str]) -> bool:
    """T3: un cambio (registro nuevo: `antes` vacío; movido; editado; anulado) espera aprobación si toca un
    trimestre aprobado de la oficina de origen, sea el de antes o el de después."""
    return bool((antes | despues) & aprobados)
