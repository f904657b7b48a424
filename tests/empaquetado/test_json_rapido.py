"""orjson al exportar y al leer la base: los mismos bytes que json.dumps y los mismos valores que json.loads."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime

import pytest

from base_local.acciones import _de_json
from empaquetado.formato import json_canonico

LETRAS = "aé z😀\uffff\u00e9\u0000\"\\\n/<>&\u2028\u007fＡ"


def _referencia(valor) -> bytes:
    return json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _valor(rnd: random.Random, hondo: int = 0):
    k = rnd.randrange(10 if hondo < 4 else 6)
    if k == 0:
        return rnd.randint(-2**70, 2**70) if rnd.random() < 0.2 else rnd.randint(-10**6, 10**6)
    if k == 1:
        return rnd.choice([rnd.random() * 10 ** rnd.randint(-30, 30), -0.0, float("nan"), float("inf"), 1e16, 1e-05])
    if k in (2, 4):
        return "".join(rnd.choice(LETRAS) for _ in range(rnd.randrange(6)))
    if k == 3:
        return rnd.choice([True, False, None])
    if k == 5:
        return str(rnd.randint(0, 10**25))
    if k in (6, 7):
        return [_valor(rnd, hondo + 1) for _ in range(rnd.randrange(4))]
    return {"".join(rnd.choice(LETRAS) for _ in range(rnd.randrange(4))): _valor(rnd, hondo + 1) for _ in range(rnd.randrange(5))}


def _o_error(funcion, valor):
    try:
        return funcion(valor)
    except Exception as e:  # noqa: BLE001 - se compara el tipo de error
        return type(e)


def test_json_canonico_da_los_bytes_de_json_dumps_y_de_json_lo_de_json_loads():
    rnd = random.Random(23)
    for _ in range(20_000):
        valor = {"v": _valor(rnd)} if rnd.random() < 0.5 else _valor(rnd)
        esperado = _o_error(_referencia, valor)
        assert _o_error(json_canonico, valor) == esperado, valor
        if isinstance(esperado, bytes):
            texto = esperado.decode()
            assert repr(_de_json(texto)) == repr(json.loads(texto)), texto


@pytest.mark.parametrize("valor", [
    {"f": 1e-05}, {"f": 1e16}, {"f": float("nan")}, {"f": float("inf")}, [0.1, -0.0], {"n": 2**64}, {"n": -2**63 - 1},
    {1: "a"}, {"b": {2: 1, "a": 3}}, {"d": date(2026, 1, 2)}, {"m": datetime(2026, 1, 2, 3, 4)}, {"u": uuid.uuid4()},
    {"t": (1, 2)}, {"z": 1, "é": 2, "😀": 3, "\uffff": 4, "Z": 5, "": 6}, {"s": "\ud800"}, ["\udfff"],
])
def test_casos_donde_orjson_escribiria_distinto_van_por_json(valor):
    assert _o_error(json_canonico, valor) == _o_error(_referencia, valor)


@pytest.mark.parametrize("texto", [
    "NaN", "[Infinity]", "-Infinity", "1e400", '"\\ud800"', "18446744073709551616", "-9223372036854775809",
    '{"a":1,"a":2}', "-0", "-0.0", "1E5", '{"x":12345678901234567890123}', "[]", "{}", "null", '"\\u0000"',
])
def test_de_json_lee_lo_mismo_que_json_loads(texto):
    assert repr(_de_json(texto)) == repr(json.loads(texto))


@pytest.mark.parametrize("texto", ["2026-12-07 03:34:36.000000", "2026-12-07 03:34:36.120000", "2026-01-02 03:04:05",
                                   "2026-01-02T03:04:05.500000", "2026-01-02"])
def test_momentos_leidos_como_texto_dan_lo_mismo_que_el_datetime(tmp_path, texto):
    """En SQLite el momento guardado se pasa a ISO sin crear el datetime; lo que no tiene la forma exacta que escribe
    SQLAlchemy pasa por su convertidor: siempre lo mismo que `a_json(datetime)`."""
    from base_local.acciones import _lector_momentos, a_json
    from base_local.modelos import Accion
    from base_local.sesion import Base

    base = Base(f"sqlite:///{tmp_path / 'momentos.sqlite'}")
    with base.transaccion() as s:
        dialecto = s.get_bind().dialect
        convertir = Accion.__table__.c.creado_en.type.dialect_impl(dialecto).result_processor(dialecto, None)
        assert _lector_momentos(s, Accion.__table__.c.creado_en)(texto) == a_json(convertir(texto))
    base.cerrar()
