"""Lista de acciones como filas planas, con filtros, orden y páginas (para 100,000 registros sin congelarse)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import Session

from base_local import estado_revision
from base_local.modelos import Accion, Municipio

FRECUENTE = 5000  # filas de un estado de revisión desde las que la primera página se busca fila por fila
INDEXADAS = {"fecha_inicio", "periodo", "oficina_origen", "estado", "entidad", "eje", "tipo_accion"}  # orden sin recorrer todo
LOTE = 2000  # ids por consulta: SQLite y PostgreSQL acotan los parámetros
COLUMNAS: tuple[tuple[str, str], ...] = (
    ("fecha_inicio", "Fecha"), ("periodo", "Periodo"), ("entidad", "Ent."), ("municipio", "Municipio"),
    ("eje", "Eje"), ("tipo_accion", "Tipo"), ("titulo", "Título"), ("mujeres", "Mujeres"), ("hombres", "Hombres"),
    ("otra_identidad", "Otra id."), ("sin_dato", "Sin dato"), ("total", "Total"), ("estado", "Estado"),
    ("revision", "Rev."), ("oficina_origen", "Oficina"), ("estado_revision", "Revisión"), ("id", "Id"),
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
    estado_revision: str | None = None  # uno de base_local.estado_revision.ESTADOS_REVISION
    local: str = ""  # la oficina de esta base: de ella depende el estado de revisión


def _consulta(filtro: Filtro, pocas: bool = False, sin: frozenset[str] = frozenset()) -> Select:
    consulta = select(Accion).join(Municipio, Municipio.cvegeo == Accion.municipio, isouter=True)
    for campo in ("periodo", "entidad", "municipio", "eje", "tipo_accion", "estado", "oficina_origen"):
        valor = getattr(filtro, campo)
        if valor:
            consulta = consulta.where(getattr(Accion, campo) == valor)
    if filtro.estado_revision:
        consulta = consulta.where(estado_revision.filtro(filtro.local, filtro.estado_revision, pocas, sin))
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


def _sin(sesion: Session, filtro: Filtro) -> frozenset[str]:
    return estado_revision.vacios(sesion) if filtro.estado_revision else frozenset()


def contar(sesion: Session, filtro: Filtro) -> int:
    return sesion.scalar(select(func.count()).select_from(_consulta(filtro, sin=_sin(sesion, filtro)).subquery())) or 0


def _columna(clave: str, local: str, con_revision: bool = True) -> Any:
    if clave == "municipio":
        return Municipio.nombre
    if clave == "estado_revision":
        return estado_revision.expresion(local) if con_revision else literal(None)
    return getattr(Accion, clave)


def filas(sesion: Session, filtro: Filtro, orden: str = "fecha_inicio", descendente: bool = True,
          desde: int = 0, cuantas: int | None = 500, total: int | None = None) -> list[tuple[Any, ...]]:
    """Filas planas en el orden de COLUMNAS; el municipio va con su nombre. `cuantas=None`: todas.

    El estado de revisión se calcula aparte, solo para las filas de la página (al ordenar por otra columna, la base
    ordenaría las 100,000 filas con él ya calculado). Con `total` (lo que dio `contar`), si el estado filtrado es
    frecuente la página se busca fila por fila (la base para en cuanto junta las suyas)."""
    por_revision = orden == "estado_revision" or cuantas is None  # todas: en la misma consulta
    columna = _columna(orden, filtro.local)
    pocas = total is not None and total >= FRECUENTE and cuantas is not None and orden in INDEXADAS
    consulta = _consulta(filtro, pocas, _sin(sesion, filtro)).with_only_columns(*(_columna(c, filtro.local, por_revision) for c, _ in COLUMNAS)).order_by(
        columna.desc() if descendente else columna.asc(), Accion.id).offset(desde).limit(cuantas)
    salida = [tuple(f) for f in sesion.execute(consulta)]
    if por_revision or not salida:
        return salida
    ids = [f[-1] for f in salida]
    estados: dict[str, str] = {}
    for i in range(0, len(ids), LOTE):
        estados.update(sesion.execute(select(Accion.id, estado_revision.expresion(filtro.local, pocas=True)).where(Accion.id.in_(ids[i:i + LOTE]))).all())
    return [(*f[:-2], estados.get(f[-1], ""), f[-1]) for f in salida]


def oficinas_de_origen(sesion: Session) -> list[str]:
    """Las oficinas de origen que tienen acciones en esta base (para el filtro)."""
    return list(sesion.scalars(select(Accion.oficina_origen).distinct().order_by(Accion.oficina_origen)))


def periodos_con_acciones(sesion: Session) -> list[str]:
    """Los trimestres que tienen acciones en esta base, del más reciente al más viejo (para el filtro)."""
    return [p for p in sesion.scalars(select(Accion.periodo).distinct().order_by(Accion.periodo.desc())) if p]
