"""Única puerta a la base: motor y transacción. Las funciones del dominio reciben una sesión y no confirman."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

ESPERA_BLOQUEO_MS = 10_000
ESPERA_CONEXION_S = 10  # PostgreSQL: un servidor que no contesta se reporta en segundos, no tras minutos de TCP


def _pragmas_sqlite(conexion_dbapi, _registro) -> None:
    cursor = conexion_dbapi.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={ESPERA_BLOQUEO_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def crear_motor(url: URL | str) -> Engine:
    """Motor para `url`; en SQLite activa WAL, llaves foráneas y espera ante bloqueos; en PostgreSQL acota la espera
    de la conexión."""
    from sqlalchemy.engine import make_url

    url = make_url(url)
    opciones: dict[str, object] = {}
    if url.get_backend_name() == "postgresql":
        if "connect_timeout" not in url.query:
            opciones["connect_timeout"] = ESPERA_CONEXION_S
        # psycopg prepara en el servidor una consulta que se repite (5 veces) y PostgreSQL acaba usando su plan
        # genérico, hecho sin ver los valores: para «id = ANY(lista de miles)» sobre una tabla que crece en la misma
        # importación, un recorrido completo que compara cada fila con cada id (a 100,000 acciones, 60–100 s de 140).
        # Sin preparar, cada consulta se planea con sus valores.
        opciones["prepare_threshold"] = None
    motor = create_engine(url, future=True, connect_args=opciones)
    if motor.dialect.name == "sqlite":
        event.listen(motor, "connect", _pragmas_sqlite)
    return motor


class Base:
    """Motor y fábrica de sesiones de una base abierta."""

    def __init__(self, url: URL | str) -> None:
        from base_local.rutas import archivo_sqlite

        self.url = url
        self.motor = crear_motor(url)
        self.archivo: Path | None = archivo_sqlite(self.motor.url)  # el SQLite que de verdad se usa (None en PostgreSQL)
        self._fabrica = sessionmaker(self.motor, expire_on_commit=False)

    @contextmanager
    def transaccion(self) -> Iterator[Session]:
        """Sesión que confirma al salir sin error y revierte ante cualquier excepción."""
        sesion = self._fabrica()
        try:
            yield sesion
            sesion.commit()
        except BaseException:
            sesion.rollback()
            raise
        finally:
            sesion.close()

    def cerrar(self) -> None:
        self.motor.dispose()
