"""Inserción en bloque de filas nuevas: `executemany` del controlador en SQLite y `COPY` en PostgreSQL.

Los valores pasan por los mismos convertidores de SQLAlchemy que una inserción de Core (fechas, JSON, booleanos),
así que lo guardado es idéntico; solo se ahorra el trabajo por fila de SQLAlchemy. Un error de la base sale como la
excepción de SQLAlchemy de siempre (IntegrityError, OperationalError), para que quien reintenta la reconozca.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def _columnas(tabla: Table, claves: set[str]) -> list[tuple[str, Any]]:
    """(columna, valor por omisión) de cada columna que se escribe: las de las filas y las que tienen un valor
    por omisión en el modelo (como haría SQLAlchemy); sin valor (None) si la fila lo trae."""
    salida = []
    for c in tabla.columns:
        if c.name in claves:
            salida.append((c.name, None))
        elif c.default is not None and c.default.is_scalar:
            salida.append((c.name, c.default.arg))
        elif c.default is not None and c.default.is_callable:  # list, dict: un valor nuevo que se convierte a texto
            salida.append((c.name, c.default.arg(None)))
        elif c.default is not None:
            raise ValueError(f"{tabla.name}.{c.name}: su valor por omisión no es un valor ni una función; inclúyalo en las filas.")
    return salida


def insertar(sesion: Session, tabla: Table, filas: list[dict[str, Any]]) -> None:
    """Inserta `filas` (todas con las mismas claves) en `tabla`, dentro de la transacción de `sesion`."""
    if not filas:
        return
    conexion = sesion.connection()
    dialecto = conexion.dialect
    columnas = _columnas(tabla, set(filas[0]))
    por_columna = []  # columna por columna (más rápido que fila por fila): la lista de sus valores ya convertidos
    for nombre, omision in columnas:
        proceso: Callable[[Any], Any] | None = tabla.c[nombre].type.dialect_impl(dialecto).bind_processor(dialecto)
        crudos = [f.get(nombre, omision) for f in filas]
        por_columna.append([proceso(v) for v in crudos] if proceso else crudos)
    valores = list(zip(*por_columna, strict=True))
    nombres = ", ".join(n for n, _ in columnas)
    if dialecto.name == "postgresql":
        sql = f"COPY {tabla.name} ({nombres}) FROM STDIN"
        crudo = conexion.connection.driver_connection
        try:
            with crudo.cursor() as cursor, cursor.copy(sql) as copia:
                for fila in valores:
                    copia.write_row(fila)
        except dialecto.loaded_dbapi.Error as e:
            raise DBAPIError.instance(sql, None, e, dialecto.loaded_dbapi.Error) from e
        return
    sql = f"INSERT INTO {tabla.name} ({nombres}) VALUES ({', '.join('?' * len(columnas))})"
    conexion.exec_driver_sql(sql, valores)
