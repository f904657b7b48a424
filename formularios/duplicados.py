"""Búsqueda de probables duplicados: misma oficina, fechas cercanas, mismo municipio y tipo, cifras o título iguales."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz.distance import Indel, Postfix, Prefix
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.modelos import Accion, PosibleDuplicado
from formularios.campos import SEXOS

VENTANA_DIAS = 7
SIMILITUD_TITULO = 0.85
TOLERANCIA_CIFRAS = 0.05  # cifras «casi iguales»: el total difiere 5 % o menos
MAX_VECINOS = 40
SIN_DESCARTE = 200  # difflib (autojunk) descarta los caracteres frecuentes del segundo texto desde esta longitud


def _parecido(a: str, b: str) -> bool:
    """Títulos casi iguales: ratio de difflib ≥ 0.85, la misma decisión de siempre, con cotas baratas (en C, con
    rapidfuzz) antes de calcularlo. Cotas superiores: la de las longitudes y la de la subsecuencia común más larga
    (LCS): los bloques que cuenta difflib forman una subsecuencia común, así que su ratio nunca pasa de
    2·LCS/(|a|+|b|); si no llega a 0.85, difflib tampoco. Cota inferior: sin caracteres descartados (difflib descarta
    los frecuentes solo si el segundo título tiene 200 o más), el primer bloque que cuenta difflib es la subcadena
    común más larga, que mide al menos el prefijo común y el sufijo común; si esa cota ya llega a 0.85, difflib también.
    ratio() (lo caro, en Python) solo se calcula si ninguna cota decide."""
    return parecido_normalizados(titulo_normalizado(a), titulo_normalizado(b))


def titulo_normalizado(titulo: str) -> str:
    """El título como se compara: sin espacios a los lados y en minúsculas."""
    return titulo.strip().lower()


def parecido_normalizados(a: str, b: str) -> bool:
    """`_parecido` de dos títulos ya normalizados (`titulo_normalizado`)."""
    if a == b:
        return True
    largo = len(a) + len(b)
    if 2 * min(len(a), len(b)) < SIMILITUD_TITULO * largo:
        return False
    comun = (largo - Indel.distance(a, b)) // 2  # la LCS: distancia Indel = |a| + |b| − 2·LCS
    if 2.0 * comun / largo < SIMILITUD_TITULO:
        return False
    if len(b) < SIN_DESCARTE and 2.0 * max(Prefix.similarity(a, b), Postfix.similarity(a, b)) / largo >= SIMILITUD_TITULO:
        return True
    return SequenceMatcher(None, a, b).ratio() >= SIMILITUD_TITULO


def _mismas_cifras(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _cifras_coinciden(a.get("total") or 0, b.get("total") or 0, cifras(a), cifras(b))


def _cifras_coinciden(total_a: int, total_b: int, cifras_a: tuple[int, ...], cifras_b: tuple[int, ...]) -> bool:
    """Las mismas cifras por sexo, o un total que difiere 5 % o menos; nunca con un total en cero."""
    return total_a > 0 and (cifras_a == cifras_b or abs(total_a - total_b) <= TOLERANCIA_CIFRAS * max(total_a, total_b))


def cifras(r: dict[str, Any]) -> tuple[int, ...]:
    """Las cifras por sexo de un registro como se comparan (vacío = 0)."""
    return cifras_de(r.get(s) for s in SEXOS)


def cifras_de(valores: Iterable[int | None]) -> tuple[int, ...]:
    """Las cifras por sexo, en el orden de SEXOS, como se comparan (vacío = 0)."""
    return tuple(v or 0 for v in valores)


def mismo_evento_cercano(a: tuple[int, tuple[int, ...], str], b: tuple[int, tuple[int, ...], str]) -> bool:
    """`mismo_evento` de dos registros que `vecinos` ya juntó (mismo municipio y tipo, fechas a una semana o menos),
    dados como (total, `cifras`, `titulo_normalizado`): lo que queda de la regla, sin volver a preparar cada registro
    en cada comparación (la revisión al recibir compara cientos de miles de parejas)."""
    return _cifras_coinciden(a[0], b[0], a[1], b[1]) or parecido_normalizados(a[2], b[2])


def mismo_evento(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Dos registros normalizados que probablemente son la misma acción: mismo municipio y tipo, fechas a una
    semana o menos, y las mismas cifras (o casi) o el título casi igual. El origen lo compara quien llama."""
    if not a.get("fecha_inicio") or not b.get("fecha_inicio") or not a.get("municipio") or not a.get("tipo_accion"):
        return False
    return (
        a["municipio"] == b.get("municipio") and a["tipo_accion"] == b.get("tipo_accion")
        and abs(a["fecha_inicio"] - b["fecha_inicio"]) <= timedelta(days=VENTANA_DIAS)
        and (_mismas_cifras(a, b) or _parecido(a.get("titulo") or "", b.get("titulo") or ""))
    )


def vecinos(registros: list[dict[str, Any]]) -> Iterator[tuple[int, list[int]]]:
    """Para cada registro, los índices de los que le siguen en fecha con el mismo municipio y tipo, a una semana o
    menos, y a lo más MAX_VECINOS: el costo queda en n × MAX_VECINOS aunque miles de filas compartan fecha."""
    grupos: dict[tuple[Any, Any], list[int]] = {}
    for i, r in enumerate(registros):
        grupos.setdefault((r.get("municipio"), r.get("tipo_accion")), []).append(i)
    ventana = timedelta(days=VENTANA_DIAS)
    for indices in grupos.values():
        indices.sort(key=lambda i: registros[i].get("fecha_inicio") or date.min)
        for pos, i in enumerate(indices):
            fi = registros[i].get("fecha_inicio")
            if not fi:
                continue
            cercanos = []
            for j in indices[pos + 1:pos + 1 + MAX_VECINOS]:
                fj = registros[j].get("fecha_inicio")
                if not fj or fj - fi > ventana:
                    break
                cercanos.append(j)
            yield i, cercanos


def parejas(registros: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Índices (i, j), i < j, de registros de una misma carga que parecen la misma acción: a cada registro se le
    nombra el primero que se le parece entre sus vecinos (basta para avisar, y una carga de filas repetidas no
    produce millones de avisos)."""
    salida = []
    for i, cercanos in vecinos(registros):
        for j in cercanos:
            if mismo_evento(registros[i], registros[j]):
                salida.append((min(i, j), max(i, j)))
                break
    return sorted(salida)


def buscador(sesion: Session, oficina: str):
    """Función que recibe un registro normalizado y devuelve los probables duplicados (dicts planos)."""

    def buscar(r: dict[str, Any]) -> list[dict[str, Any]]:
        inicio = r.get("fecha_inicio")
        if inicio is None or not r.get("municipio") or not r.get("tipo_accion"):
            return []
        ventana = timedelta(days=VENTANA_DIAS)
        consulta = select(Accion).where(
            Accion.oficina_origen == oficina,
            Accion.municipio == r["municipio"],
            Accion.tipo_accion == r["tipo_accion"],
            Accion.fecha_inicio.between(inicio - ventana, inicio + ventana),
            Accion.estado != "anulada",
        )
        if r.get("id"):
            consulta = consulta.where(Accion.id != r["id"])
        hallados = []
        for otra in sesion.scalars(consulta):
            plano = {"municipio": otra.municipio, "tipo_accion": otra.tipo_accion, "fecha_inicio": otra.fecha_inicio,
                     "titulo": otra.titulo, "total": otra.total, **{s: getattr(otra, s) for s in SEXOS}}
            if mismo_evento(r, plano):
                hallados.append({"id": otra.id, "titulo": otra.titulo, "fecha_inicio": otra.fecha_inicio.isoformat()})
        return hallados

    return buscar


def pendientes(sesion: Session) -> int:
    """Cuántas parejas de posibles duplicados quedan sin revisar (los reportes lo dicen)."""
    return sesion.scalar(select(func.count()).select_from(PosibleDuplicado).where(PosibleDuplicado.estado == "pendiente")) or 0
