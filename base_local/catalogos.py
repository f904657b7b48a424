"""Carga los catálogos versionados de recursos/ en la base (la llaman las migraciones de datos)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from recursos import leer_catalogo, version_catalogos


def _entero(v: str) -> int | None:
    return int(v) if v.strip() else None


def _bool(v: str) -> bool:
    return v.strip() in {"1", "si", "sí", "true"}


def _opcional(v: str) -> str | None:
    return v.strip() or None


@dataclass(frozen=True)
class Carga:
    """Cómo pasa un CSV a una tabla: columnas renombradas, conversiones y si se respetan ediciones."""

    archivo: str
    tabla: str
    renombrar: dict[str, str] = field(default_factory=dict)
    convertir: dict[str, Callable[[str], object]] = field(default_factory=dict)
    solo_insertar: bool = False  # las metas son editables: no se sobrescriben


CARGAS: tuple[Carga, ...] = (
    Carga("entidades", "entidad"),
    Carga("municipios", "municipio", {"municipio": "nombre"}, {"fronterizo": _bool}),
    Carga("ejes", "eje", convertir={"numero": int, "numero_seccion_v": _entero}),
    Carga("lineas_accion", "linea_accion", convertir={"numero": int}),
    Carga("actividades_programa", "actividad_programa", convertir={"numero": int, "eje": _opcional}),
    Carga("lineas_sectoriales", "linea_sectorial"),
    Carga("objetivos_pmm", "objetivo_pmm", convertir={"numero": int}),
    Carga("categorias_retos", "categoria_reto"),
    Carga("instituciones", "institucion"),
    Carga(
        "tipos_accion",
        "tipo_accion",
        convertir={"es_convenio": _bool, "eje_sugerido": _opcional, "asistentes_inusual": int},
    ),
    Carga("valores", "valor_catalogo", convertir={"orden": int}),
    Carga("metas", "meta", convertir={"anio": int, "valor": int, "denominador": int}, solo_insertar=True),
)


def _filas(carga: Carga, crudas: list[dict[str, str]], columnas: set[str]) -> list[dict[str, object]]:
    filas = []
    for cruda in crudas:
        fila: dict[str, object] = {}
        for nombre, valor in cruda.items():
            destino = carga.renombrar.get(nombre, nombre)
            if destino not in columnas:
                continue
            conversion = carga.convertir.get(nombre)
            fila[destino] = conversion(valor) if conversion else valor
        filas.append(fila)
    return filas


def carga_de(archivo: str) -> Carga | None:
    return next((c for c in CARGAS if c.archivo == archivo), None)


def llave_de_fila(conexion: Connection, carga: Carga, cruda: dict[str, str]) -> str:
    """Llave primaria de una fila cruda como texto («sigla|nombre»), para retiros y mensajes."""
    tabla = sa.Table(carga.tabla, sa.MetaData(), autoload_with=conexion)
    fila = _filas(carga, [cruda], set(tabla.columns.keys()))[0]
    return "|".join(str(fila[c.name]) for c in tabla.primary_key.columns)


def aplicar_filas(conexion: Connection, carga: Carga, crudas: list[dict[str, str]], sobrescribir: bool) -> int:
    """Inserta o actualiza las filas por su llave primaria (nunca borra: hay registros que las citan).

    Lee la forma real de la tabla en la base, de modo que una migración antigua puede llamarla aunque el
    modelo haya crecido después.
    """
    tabla = sa.Table(carga.tabla, sa.MetaData(), autoload_with=conexion)
    llaves = [c.name for c in tabla.primary_key.columns]
    existentes = {tuple(str(v) for v in fila) for fila in conexion.execute(sa.select(*tabla.primary_key.columns))}
    filas = _filas(carga, crudas, set(tabla.columns.keys()))
    for fila in filas:
        if tuple(str(fila[k]) for k in llaves) not in existentes:
            conexion.execute(tabla.insert().values(**fila))
        elif sobrescribir:
            condicion = sa.and_(*(tabla.c[k] == fila[k] for k in llaves))
            conexion.execute(tabla.update().where(condicion).values(**fila))
    return len(filas)


def sincronizar_catalogos(conexion: Connection) -> dict[str, int]:
    """Carga los catálogos de recursos/ (las metas editadas en la oficina no se sobrescriben)."""
    resumen = {c.tabla: aplicar_filas(conexion, c, leer_catalogo(c.archivo), not c.solo_insertar) for c in CARGAS}
    guardar_version(conexion, version_catalogos())
    return resumen


def guardar_version(conexion: Connection, version: str) -> None:
    ajuste = sa.Table("ajuste", sa.MetaData(), autoload_with=conexion)
    conexion.execute(ajuste.delete().where(ajuste.c.clave == "version_catalogos"))
    conexion.execute(ajuste.insert().values(clave="version_catalogos", valor=version))


# --- Versión de los catálogos de la oficina ------------------------------------------------------------------


def _tupla(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def comparar(a: str, b: str) -> int:
    """-1, 0 o 1 según la versión `a` sea anterior, igual o posterior a `b` («2026.10» > «2026.9»)."""
    ta, tb = _tupla(a), _tupla(b)
    return (ta > tb) - (ta < tb)


def version_local(sesion: Session) -> str:
    """La versión de catálogos que la oficina tiene aplicada (la de su última actualización, o «0.0»)."""
    from base_local.modelos import Ajuste

    ajuste = sesion.get(Ajuste, "version_catalogos")
    return ajuste.valor if ajuste else "0.0"
