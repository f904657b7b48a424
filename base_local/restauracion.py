"""Revisión de un respaldo en una copia (T21): sano, de una revisión conocida y con solo los objetos que crean las
migraciones; luego se sube a la cabeza y se lee de qué oficina y de qué llave es. Nada toca la base viva.

Qué respaldo puede volver (la misma oficina y la misma llave que la carpeta) lo decide `empaquetado/politica.py`.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from base_local.errores import EntradaRechazada
from base_local.respaldos import _copiar, integridad, respaldar

TIPOS = {"table": "tabla", "index": "índice", "trigger": "disparador (trigger)", "view": "vista"}
Objeto = tuple[str, str, str, str | None]  # tipo, nombre, tabla, SQL tal cual lo guarda SQLite


@dataclass(frozen=True)
class RespaldoRevisado:
    """Un respaldo que pasó la revisión: `archivo` es su copia ya subida a la última revisión, lista para reemplazar."""

    archivo: Path
    revision: str
    oficina: str | None
    nombre_oficina: str | None
    huella: str | None  # la llave activa de esa oficina en el respaldo


def _rechazo(copia: Path, codigo: str, problema: str, salida: str) -> EntradaRechazada:
    return EntradaRechazada(f"El respaldo {copia.name} no se usó: {problema}. No se modificó nada (la base de la carpeta "
                            f"sigue igual). {salida}", codigo)


def objetos(con: sqlite3.Connection) -> set[Objeto]:
    """Cada objeto del esquema con su SQL exacto: una comilla o un espacio de más ya es otro objeto (una columna
    «"titulo TEXT CHECK (…)"» entre comillas cambiaría el significado con el mismo texto sin comillas)."""
    filas = con.execute("select type, name, tbl_name, sql from sqlite_master").fetchall()
    return {(str(t), str(n), str(tabla), None if sql is None else str(sql)) for t, n, tabla, sql in filas}


@lru_cache(maxsize=4)
def objetos_de_las_migraciones(revision: str) -> frozenset[Objeto]:
    """Tablas e índices que crean las migraciones hasta `revision`, en una base nueva de un temporal."""
    from base_local.esquema import migrar
    from base_local.rutas import url_sqlite
    from base_local.sesion import Base

    with tempfile.TemporaryDirectory(prefix="fsur-esquema-") as carpeta:
        base = Base(url_sqlite(Path(carpeta) / "referencia.sqlite"))
        try:
            migrar(base.motor, revision)
        finally:
            base.cerrar()
        con = sqlite3.connect(Path(carpeta) / "referencia.sqlite")
        try:
            return frozenset(objetos(con))
        finally:
            con.close()


def _revision(copia: Path, con: sqlite3.Connection) -> str:
    """La revisión del respaldo; RESPALDO_ALTERADO si no es una base de este programa, BASE_MAS_NUEVA si no se conoce."""
    from base_local.esquema import revisiones_por_archivo

    try:
        filas = con.execute("select version_num from alembic_version").fetchall()
    except sqlite3.DatabaseError:
        filas = []
    if len(filas) != 1 or not isinstance(filas[0][0], str):
        raise _rechazo(copia, "RESPALDO_ALTERADO", "no es una base de este programa (no tiene su revisión de esquema)",
                       "Elija un archivo de la carpeta respaldos/ de esta oficina.")
    revision = filas[0][0]
    if revision not in revisiones_por_archivo():
        raise _rechazo(copia, "BASE_MAS_NUEVA", f"está en la revisión «{revision[:40]}», que este programa no conoce "
                       "(la guardó una versión más nueva del programa)",
                       "Instale la versión más reciente del programa y restáurelo con ella.")
    return revision


def _diferencias(revision: str, presentes: set[Objeto]) -> list[str]:
    """Objetos que sobran, faltan o cambiaron respecto de lo que crean las migraciones, nombrados en español."""
    esperados = objetos_de_las_migraciones(revision)
    por_nombre = {o[1]: o for o in esperados}
    lista = []
    for tipo, nombre, tabla, _ in sorted(presentes - esperados):
        que = TIPOS.get(tipo, tipo)
        cambio = "cambiada" if tipo == "table" else "cambiado"
        lista.append(f"{que} «{nombre[:60]}» {cambio}" if nombre in por_nombre and por_nombre[nombre][0] == tipo
                     else f"un{'a' if tipo in ('table', 'view') else ''} {que} «{nombre[:60]}» sobre «{tabla[:60]}» que el programa no crea")
    lista += [f"falta {TIPOS.get(t, t)} «{n}»" for t, n, _, _ in sorted(esperados - presentes) if n not in {p[1] for p in presentes}]
    return lista


def _oficina(archivo: Path) -> tuple[str | None, str | None, str | None]:
    """(clave, nombre, huella de su llave activa) de la oficina local del respaldo ya migrado."""
    con = sqlite3.connect(f"{archivo.resolve().as_uri()}?mode=ro", uri=True)
    try:
        fila = con.execute("select o.clave, o.nombre from ajuste a join oficina o on o.clave = a.valor "
                           "where a.clave = 'oficina_local'").fetchone()
        if fila is None:
            return None, None, None
        llaves = con.execute("select huella from llave where oficina = ? and estado = 'activa'", (fila[0],)).fetchall()
        huella = llaves[0][0] if len(llaves) == 1 else None  # ninguna o más de una activa: ninguna sirve

        def texto(valor: object) -> str | None:  # SQLite guarda cualquier tipo en cualquier columna: solo texto sirve
            return valor if isinstance(valor, str) else None

        return texto(fila[0]), texto(fila[1]), texto(huella)
    finally:
        con.close()


@contextmanager
def respaldo_revisado(copia: Path, carpeta: Path) -> Iterator[RespaldoRevisado]:
    """Copia `copia` a un temporal de `carpeta` (la carpeta de datos, privada) y la revisa ahí; al salir lo borra.

    Rechaza con COPIA_DANADA, RESPALDO_ALTERADO o BASE_MAS_NUEVA. La copia revisada se sube a la última revisión
    (en el temporal, ya sin objetos ajenos) para leer su oficina y para dejarla lista para reemplazar.
    """
    from base_local.esquema import migrar, revisiones_por_archivo
    from base_local.rutas import url_sqlite
    from base_local.sesion import Base

    if not copia.is_file():  # una FIFO o un dispositivo (/dev/zero) bloquearían o no terminarían
        raise _rechazo(copia, "COPIA_DANADA", "no es un archivo (es una carpeta, un dispositivo o no existe)",
                       "Elija un archivo .sqlite de la carpeta respaldos/.")
    carpeta.mkdir(parents=True, exist_ok=True)
    temporal_dir = Path(tempfile.mkdtemp(prefix=".restaurando-", dir=carpeta))
    temporal = temporal_dir / "respaldo.sqlite"
    try:
        try:
            _copiar(copia, temporal)
        except (sqlite3.DatabaseError, OSError) as e:
            raise _rechazo(copia, "COPIA_DANADA", f"no se puede leer como base de datos ({e})",
                           "Elija otra copia, más antigua, de la carpeta respaldos/.") from None
        problema = integridad(temporal)
        if problema is not None:
            raise _rechazo(copia, "COPIA_DANADA", f"está dañado ({problema[:200]})",
                           "Elija otra copia, más antigua, de la carpeta respaldos/.")
        con = sqlite3.connect(temporal)
        try:
            revision = _revision(copia, con)
            diferencias = _diferencias(revision, objetos(con))
        except sqlite3.DatabaseError as e:
            raise _rechazo(copia, "COPIA_DANADA", f"su esquema no se puede leer ({e})",
                           "Elija otra copia, más antigua, de la carpeta respaldos/.") from None
        finally:
            con.close()
        if diferencias:
            raise _rechazo(copia, "RESPALDO_ALTERADO", "fue alterado: trae " + "; ".join(diferencias[:5])
                           + (f" y {len(diferencias) - 5} cambios más" if len(diferencias) > 5 else ""),
                           "Un respaldo de este programa solo tiene las tablas e índices que él crea; elija otra copia de "
                           "la carpeta respaldos/ y averigüe quién modificó este archivo.")
        if revision != revisiones_por_archivo()[-1]:
            base = Base(url_sqlite(temporal))
            try:
                migrar(base.motor)
            except Exception as e:  # noqa: BLE001 — un respaldo que no sube de versión se rechaza, nunca es falla interna
                raise _rechazo(copia, "COPIA_DANADA", f"no se pudo subir a la versión actual del esquema ({type(e).__name__})",
                               "Elija otra copia de la carpeta respaldos/.") from None
            finally:
                base.cerrar()
        _sin_wal(temporal)
        yield RespaldoRevisado(temporal, revision, *_oficina(temporal))
    finally:
        shutil.rmtree(temporal_dir, ignore_errors=True)


def _sin_wal(archivo: Path) -> None:
    """Todo el contenido en el archivo principal (sin -wal): así se puede mover de un solo paso."""
    con = sqlite3.connect(archivo)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def reemplazar(base: Path, revisado: RespaldoRevisado, carpeta_respaldos: Path) -> Path:
    """Reemplaza `base` por la copia revisada; antes respalda la base actual si se puede leer. Devuelve ese respaldo
    (o `base` si no había una base sana que respaldar)."""
    previa = None
    if base.exists() and integridad(base) is None:
        previa = respaldar(base, carpeta_respaldos, "antes-de-restaurar")
    temporal = base.with_name(base.name + ".restaurando")
    shutil.copyfile(revisado.archivo, temporal)
    for sufijo in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            Path(f"{base}{sufijo}").unlink()
    temporal.replace(base)
    return previa or base
