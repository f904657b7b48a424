"""Inserción en bloque de filas nuevas: `executemany` del controlador en SQLite y `COPY` en PostgreSQL; y la
condición «columna en esta lista de miles de valores» con un solo parámetro en PostgreSQL (`= ANY(arreglo)`).

Lo guardado es idéntico a una inserción de Core de SQLAlchemy: en SQLite los valores pasan por sus mismos
convertidores (fechas, booleanos); el JSON, en ambos motores, es el texto de `json.dumps` que escriben SQLAlchemy (en
SQLite) y psycopg (en PostgreSQL), y en PostgreSQL cada valor se escribe como lo escribiría `Copy.write_row` de
psycopg, pero columna por columna y en un solo bloque de texto. Un error de la base sale como la excepción de
SQLAlchemy de siempre (IntegrityError, OperationalError), para que quien reintenta la reconozca.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from json.encoder import encode_basestring_ascii as _texto_json
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, ColumnElement, Date, DateTime, Table, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

NULO_COPY = "\\N"
BLOQUE_COPY = 500  # filas por envío de COPY
_ESPECIALES = re.compile(r"[\\\t\n\r]")  # lo que el formato de texto de COPY escapa (psycopg escapa lo mismo)
_SEPARADOR = "\x00"  # ningún texto de PostgreSQL lo contiene: separa los valores de una columna al escaparlos juntos


def en_lista(sesion: Session, columna: Any, valores: list[Any]) -> ColumnElement[bool]:
    """`columna IN (valores)`; en PostgreSQL, `columna = ANY(%s)` con la lista como un arreglo: un parámetro en vez de
    miles (psycopg y SQLAlchemy arman y convierten cada marcador de un IN largo, y el servidor lo analiza)."""
    if sesion.get_bind().dialect.name == "postgresql":
        return columna == any_(bindparam(None, list(valores), type_=ARRAY(columna.type)))
    return columna.in_(valores)


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


def _json(tipo: JSON) -> Callable[[Any], str | None]:
    """El texto de `json.dumps` (el mismo de SQLAlchemy y de psycopg); el None de Python es el null de JSON salvo en
    una columna `none_as_null`. Las listas de solo textos o solo enteros (instituciones, órdenes de gobierno,
    objetivos), armadas aquí con las mismas piezas de `json.dumps`: su escritura de textos y `int.__repr__`, unidas
    con «, »."""
    nulo = None if tipo.none_as_null else "null"

    def texto(valor: Any) -> str | None:
        if valor is None:
            return nulo
        if type(valor) is list:
            tipos = set(map(type, valor))
            if tipos == _TEXTO:
                return f"[{', '.join(map(_texto_json, valor))}]"
            if tipos == _ENTERO:
                return f"[{', '.join(map(int.__repr__, valor))}]"
            if not tipos:
                return "[]"
        return json.dumps(valor)

    return texto


_TEXTO, _ENTERO = {str}, {int}


_FORMATO_FECHA = "%(year)04d-%(month)02d-%(day)02d"  # los de SQLAlchemy en SQLite (isoformat da lo mismo)
_FORMATO_MOMENTO = f"{_FORMATO_FECHA} %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"


def _sqlite(tipo: Any, dialecto: Any) -> Callable[[Any], Any] | None:
    """El convertidor de SQLAlchemy para SQLite; para fechas y momentos con el formato de siempre, `isoformat` (en C),
    que escribe el mismo texto."""
    impl = tipo.dialect_impl(dialecto)
    proceso = impl.bind_processor(dialecto)
    formato = getattr(impl, "_storage_format", None)
    if proceso is not None and isinstance(tipo, Date) and formato == _FORMATO_FECHA:
        return lambda v: v.isoformat() if type(v) is date else proceso(v)
    if proceso is not None and isinstance(tipo, DateTime) and formato == _FORMATO_MOMENTO:
        return lambda v: v.isoformat(" ", "microseconds") if type(v) is datetime and v.tzinfo is None else proceso(v)
    return proceso


def _texto_copy(valor: Any) -> str:
    """Texto de un valor que no es str ni None, como el de los convertidores de texto de psycopg."""
    if type(valor) is bool:
        return "t" if valor else "f"
    return str(valor)  # int, date, datetime: str() es lo que escribe psycopg


def _columna_copy(valores: list[Any]) -> list[str]:
    """Los valores de una columna en el formato de texto de COPY: escapados, y NULL como \\N."""
    textos = [v if v is None or type(v) is str else _texto_copy(v) for v in valores]
    cadenas = [t for t in textos if t is not None]
    juntas = _SEPARADOR.join(cadenas)
    if _ESPECIALES.search(juntas):
        if juntas.count(_SEPARADOR) != len(cadenas) - 1:
            cadenas = [_escapar(t) for t in cadenas]  # un valor trae el separador: uno por uno (la base lo rechazará)
        else:
            cadenas = _escapar(juntas).split(_SEPARADOR)
    if len(cadenas) == len(textos):
        return cadenas
    restantes = iter(cadenas)
    return [NULO_COPY if t is None else next(restantes) for t in textos]


def _escapar(texto: str) -> str:
    return texto.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


Fuente = Callable[[str, Any, int, int], list[Any]]  # (columna, valor por omisión, desde, hasta) → sus valores


def _de_filas(filas: list[dict[str, Any]]) -> Fuente:
    claves = set(filas[0])

    def valores(nombre: str, omision: Any, desde: int, hasta: int) -> list[Any]:
        parte = filas if desde == 0 and hasta == len(filas) else filas[desde:hasta]
        if nombre in claves:
            try:
                return list(map(itemgetter(nombre), parte))  # en C: todas las filas traen la columna (lo de siempre)
            except KeyError:
                pass
        return [f.get(nombre, omision) for f in parte]

    return valores


def _de_columnas(columnas: dict[str, list[Any]], total: int) -> Fuente:
    def valores(nombre: str, omision: Any, desde: int, hasta: int) -> list[Any]:
        if nombre not in columnas:
            return [omision] * (hasta - desde)
        return columnas[nombre] if desde == 0 and hasta == total else columnas[nombre][desde:hasta]

    return valores


def _convertidas(tabla: Table, columnas: list[tuple[str, Any]], dialecto: Any, fuente: Fuente, desde: int,
                 hasta: int) -> list[list[Any]]:
    """Columna por columna (más rápido que fila por fila): la lista de sus valores ya convertidos; en PostgreSQL, ya
    como texto de COPY."""
    postgres = dialecto.name == "postgresql"
    por_columna = []
    for nombre, omision in columnas:
        tipo = tabla.c[nombre].type
        crudos = fuente(nombre, omision, desde, hasta)
        if isinstance(tipo, JSON):
            proceso: Callable[[Any], Any] | None = _json(tipo)
        elif postgres:
            proceso = None  # COPY escribe el texto de cada valor (_columna_copy)
        else:
            proceso = _sqlite(tipo, dialecto)
        valores = list(map(proceso, crudos)) if proceso else crudos
        por_columna.append(_columna_copy(valores) if postgres else valores)
    return por_columna


def insertar(sesion: Session, tabla: Table, filas: list[dict[str, Any]]) -> None:
    """Inserta `filas` (todas con las mismas claves) en `tabla`, dentro de la transacción de `sesion`."""
    if filas:
        _insertar(sesion, tabla, set(filas[0]), len(filas), _de_filas(filas))


def insertar_columnas(sesion: Session, tabla: Table, columnas: dict[str, list[Any]]) -> None:
    """Lo mismo que `insertar`, con las filas dadas columna por columna (listas del mismo largo): sin armar un
    diccionario por fila para luego volver a separarlo en columnas."""
    total = len(next(iter(columnas.values()), []))
    if any(len(v) != total for v in columnas.values()):
        raise ValueError(f"{tabla.name}: las columnas no tienen el mismo número de filas.")
    if total:
        _insertar(sesion, tabla, set(columnas), total, _de_columnas(columnas, total))


def _insertar(sesion: Session, tabla: Table, claves: set[str], total: int, fuente: Fuente) -> None:
    conexion = sesion.connection()
    dialecto = conexion.dialect
    columnas = _columnas(tabla, claves)
    nombres = ", ".join(n for n, _ in columnas)
    if dialecto.name != "postgresql":
        sql = f"INSERT INTO {tabla.name} ({nombres}) VALUES ({', '.join('?' * len(columnas))})"
        conexion.exec_driver_sql(sql, list(zip(*_convertidas(tabla, columnas, dialecto, fuente, 0, total), strict=True)))
        return
    sql = f"COPY {tabla.name} ({nombres}) FROM STDIN"
    crudo = conexion.connection.driver_connection
    try:
        with crudo.cursor() as cursor, cursor.copy(sql) as copia:
            # por bloques: el servidor escribe (índices, llaves foráneas) un bloque mientras aquí se arma el siguiente
            for inicio in range(0, total, BLOQUE_COPY):
                por_columna = _convertidas(tabla, columnas, dialecto, fuente, inicio, min(total, inicio + BLOQUE_COPY))
                copia.write("".join(f"{linea}\n" for linea in map("\t".join, zip(*por_columna, strict=True))))
    except dialecto.loaded_dbapi.Error as e:
        raise DBAPIError.instance(sql, None, e, dialecto.loaded_dbapi.Error) from e
