"""La inserción en bloque de la importación (executemany del controlador, COPY en PostgreSQL) guarda exactamente lo
mismo que la inserción de Core de SQLAlchemy: fechas, JSON (también el null de JSON), booleanos y valores por omisión."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, select, text

from base_local.apertura import abrir_base
from base_local.insercion import _json, insertar, insertar_columnas
from base_local.modelos import Accion, Historial
from base_local.rutas import url_sqlite
from tests.servidor_pg import servidor_pg  # noqa: F401  (fixture)


def _acciones(prefijo: str, n: int = 5) -> list[dict]:
    return [{"id": f"{prefijo}{i:04d}-0000-4000-8000-000000000000", "revision": 1, "oficina_origen": "E07",
             "capturado_por": "Prueba «ñ»", "creado_en": datetime(2026, 3, 1, 10, 5, 7, 120),
             "actualizado_en": datetime(2026, 3, 2), "estado": "enviada", "fecha_inicio": date(2026, 2, 28),
             "fecha_fin": None, "periodo": "2026T1", "titulo": f"Taller {i}\ncon salto", "instituciones": ["INM", "DIF"],
             "descripcion": "tab\tbarra \\ retorno\r\nfin «ñ» \\N \b\v\f" if i % 2 else "",
             "localidad": "\\" * i, "ordenes_gobierno": [] if i % 2 else ["Federal «ñ»\t\\"],
             "objetivos_pmm": [1, 23], "edades": None if i % 2 else {"0-11": 3, "nota": "ä\n\\"},
             "convenio": {"folio": "A-1\t«ñ»", "fecha": "2026-01-02"} if i % 2 else None,
             "retos": [{"texto": "t", "categorias": []}], "pendiente_envio": bool(i % 2), "validada_con": None,
             "mujeres": i, "hombres": 2 * i, "total": 3 * i} for i in range(n)]


def _historial(prefijo: str) -> list[dict]:
    return [{"accion_id": f"{prefijo}{i:04d}", "revision": 1, "quien": "x", "oficina": "E07",
             "cuando": datetime(2026, 1, 1, 0, 0, i), "operacion": "creacion", "cambios": {"titulo": [None, "a"]}}
            for i in range(5)]


def _filas(base, tabla: str) -> list[tuple]:
    with base.motor.connect() as con:
        columnas = [c.name for c in (Accion if tabla == "accion" else Historial).__table__.columns if c.name != "id"]
        consulta = f"select {', '.join(f'cast({c} as text)' for c in columnas)} from {tabla} order by 1, 2, 3, 4, 5"
        return [tuple(f) for f in con.execute(text(consulta))]


def _comparar(url_core: str, url_bloque: str, n: int = 5, por_columnas: bool = False) -> None:
    core, bloque = abrir_base(url_core), abrir_base(url_bloque)
    with core.transaccion() as s:
        s.execute(Accion.__table__.insert(), _acciones("a", n))
        s.execute(Historial.__table__.insert(), _historial("h"))
    with bloque.transaccion() as s:
        if por_columnas:  # la importación da las acciones nuevas columna por columna
            filas = _acciones("a", n)
            insertar_columnas(s, Accion.__table__, {c: [f[c] for f in filas] for c in filas[0]})
        else:
            insertar(s, Accion.__table__, _acciones("a", n))
        insertar(s, Historial.__table__, _historial("h"))
        insertar(s, Historial.__table__, [])
    for tabla, cuantas in (("accion", n), ("historial", 5)):
        esperadas = _filas(core, tabla)
        assert len(esperadas) == cuantas and _filas(bloque, tabla) == esperadas
    with core.transaccion() as s, bloque.transaccion() as t:  # y leídas de vuelta, los mismos valores de Python
        for modelo in (Accion, Historial):
            columnas = [c for c in modelo.__table__.columns if c.name != "id" or modelo is Accion]
            a = [tuple(f) for f in s.execute(select(*columnas).order_by(*columnas[:4]))]
            assert a == [tuple(f) for f in t.execute(select(*columnas).order_by(*columnas[:4]))] and len(a) in (5, n)
        assert {a.id: (a.descripcion, a.edades, a.convenio, a.ordenes_gobierno, a.creado_en, a.fecha_inicio)
                for a in t.scalars(select(Accion))} == {
            f["id"]: (f.get("descripcion"), f["edades"], f["convenio"], f["ordenes_gobierno"], f["creado_en"],
                      f["fecha_inicio"]) for f in _acciones("a", n)}
    core.cerrar()
    bloque.cerrar()


def test_sqlite_guarda_lo_mismo_que_core(tmp_path):
    _comparar(str(url_sqlite(tmp_path / "core.sqlite")), str(url_sqlite(tmp_path / "bloque.sqlite")))


def test_postgresql_con_copy_guarda_lo_mismo_que_core(servidor_pg):  # noqa: F811
    _comparar(servidor_pg.base_nueva(), servidor_pg.base_nueva())


def test_postgresql_con_copy_por_bloques_guarda_lo_mismo_que_core(servidor_pg):  # noqa: F811
    """Más filas que un bloque de COPY (BLOQUE_COPY): los bloques se escriben seguidos en la misma copia."""
    from base_local.insercion import BLOQUE_COPY

    _comparar(servidor_pg.base_nueva(), servidor_pg.base_nueva(), 2 * BLOQUE_COPY + 3)


def test_por_columnas_guarda_lo_mismo_que_core(tmp_path, servidor_pg):  # noqa: F811
    """Las filas dadas columna por columna (`insertar_columnas`, como inserta la importación): lo mismo, en SQLite y
    en PostgreSQL con más de un bloque de COPY; y columnas de largos distintos se rechazan sin escribir."""
    from base_local.insercion import BLOQUE_COPY

    _comparar(str(url_sqlite(tmp_path / "core.sqlite")), str(url_sqlite(tmp_path / "columnas.sqlite")), 7, por_columnas=True)
    _comparar(servidor_pg.base_nueva(), servidor_pg.base_nueva(), 2 * BLOQUE_COPY + 3, por_columnas=True)
    base = abrir_base(str(url_sqlite(tmp_path / "otra.sqlite")))
    with pytest.raises(ValueError, match="mismo número de filas"), base.transaccion() as s:
        insertar_columnas(s, Accion.__table__, {"id": ["x", "y"], "revision": [1]})
    base.cerrar()


@pytest.mark.parametrize("motor", ["sqlite", "postgresql"])
def test_un_id_repetido_sale_como_integrity_error_de_sqlalchemy(tmp_path, motor, request):
    """Quien reintenta una importación que perdió una carrera reconoce el error (importar.importar_archivo)."""
    from sqlalchemy.exc import IntegrityError

    url = str(url_sqlite(tmp_path / "b.sqlite")) if motor == "sqlite" else request.getfixturevalue("servidor_pg").base_nueva()
    base = abrir_base(url)
    with base.transaccion() as s:
        insertar(s, Accion.__table__, _acciones("a")[:1])
    with pytest.raises(IntegrityError), base.transaccion() as s:
        insertar(s, Accion.__table__, _acciones("a")[:1])
    base.cerrar()


def test_postgresql_sin_consultas_preparadas(servidor_pg):  # noqa: F811
    """Cada consulta se planea con sus valores: el plan genérico de una consulta preparada recorría `accion` entera por
    cada lote de «id = ANY(lista)» (docs/rendimiento.md, 100,000 acciones en PostgreSQL)."""
    base = abrir_base(servidor_pg.base_nueva())
    with base.motor.connect() as con:
        assert con.connection.driver_connection.prepare_threshold is None
    base.cerrar()


@given(st.lists(st.one_of(st.text(), st.integers(min_value=-2**70, max_value=2**70), st.booleans(), st.none(),
                          st.floats(allow_nan=False), st.lists(st.text(max_size=3), max_size=2)), max_size=6)
       | st.lists(st.text(), max_size=6) | st.lists(st.integers(), max_size=6))
@settings(max_examples=600, deadline=None)
def test_el_texto_json_de_una_lista_es_el_de_json_dumps(valor):
    """Las listas de solo textos o solo enteros se escriben sin json.dumps: el mismo texto que él escribiría, con
    acentos, sustitutos sueltos, U+2028, comillas y diagonales; y las listas mezcladas, de booleanos o anidadas, por
    json.dumps como siempre."""
    texto = _json(JSON())
    assert texto(valor) == json.dumps(valor)
    for especial in (["ñ\u2028\ud800\"\\\x00", "", "«»"], [0, -1, 2**64], [True, 1], [1, 1.0]):
        assert texto(especial) == json.dumps(especial)
