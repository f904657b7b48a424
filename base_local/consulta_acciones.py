"""Lista de acciones como filas planas, con filtros, orden y páginas (para 100,000 registros sin congelarse)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from base_local.modelos import Accion, Municipio

COLUMNAS: tuple[tuple[str, str], ...] = (
    ("fecha_inicio", "Fecha"), ("periodo", "Periodo"), ("entidad", "Ent."), ("municipio", "Municipio"),
    ("eje", "Eje"), ("tipo_accion", "Tipo"), ("titulo", "Título"), ("mujeres", "Mujeres"), ("hombres", "Hombres"),
    ("otra_identidad", "Otra id."), ("sin_dato", "Sin dato"), ("total", "Total"), ("estado", "Estado"),
    ("revision", "Rev."), ("id", "Id"),
)


@dataclass
class Filtro:
    periodo: str | None = None
    entidad: str | None = None
    municipio: str | None = None
    eje: str | None = None
    tipo_accion: str | None = None
    estado: str | None = None
    texto: str = ""
    incluir_anuladas: bool = True
    oficina_origen: str | None = None


def _consulta(filtro: Filtro) -> Select:
    consulta = select(Accion).join(Municipio, Municipio.cvegeo == Accion.municipio, isouter=True)
    for campo in ("periodo", "entidad", "municipio", "eje", "tipo_accion", "estado", "oficina_origen"):
        valor = getattr(filtro, campo)
        if valor:
            consulta = consulta.where(getattr(Accion, campo) == valor)
    if not filtro.incluir_anuladas:
        consulta = consulta.where(Accion.estado != "anulada")
    texto = sin_acentos(filtro.texto.strip())
    if texto:
        patron = f"%{texto}%"
        consulta = consulta.where(or_(*(_plegado(c).like(patron) for c in (Accion.titulo, Accion.descripcion, Municipio.nombre)),
                                      Accion.id.ilike(patron)))
    return consulta


ACENTOS = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "ñ": "n",
           "Á": "a", "É": "e", "Í": "i", "Ó": "o", "Ú": "u", "Ü": "u", "Ñ": "n"}


def sin_acentos(texto: str) -> str:
    """«Reunión» → «reunion»: lo que se compara al buscar."""
    return "".join(ACENTOS.get(c, c) for c in texto).lower()


def _plegado(columna: Any) -> Any:
    """La misma transformación que `sin_acentos`, en SQL que entienden SQLite y PostgreSQL (replace y lower)."""
    expresion = columna
    for acentuada, simple in ACENTOS.items():
        expresion = func.replace(expresion, acentuada, simple)
    return func.lower(expresion)


def contar(sesion: Session, filtro: Filtro) -> int:
    return sesion.scalar(select(func.count()).select_from(_consulta(filtro).subquery())) or 0


def filas(sesion: Session, filtro: Filtro, orden: str = "fecha_inicio", descendente: bool = True,
          desde: int = 0, cuantas: int = 500) -> list[tuple[Any, ...]]:
    """Filas planas en el orden de COLUMNAS; el municipio va con su nombre."""
    columna = getattr(Accion, orden) if orden != "municipio" else Municipio.nombre
    consulta = _consulta(filtro).with_only_columns(
        *(getattr(Accion, c) if c != "municipio" else Municipio.nombre for c, _ in COLUMNAS)
    ).order_by(columna.desc() if descendente else columna.asc(), Accion.id).offset(desde).limit(cuantas)
    return [tuple(f) for f in sesion.execute(consulta)]
