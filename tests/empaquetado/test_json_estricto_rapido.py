"""El camino rápido del analizador estricto (orjson) da lo mismo que el lento: el mismo valor o un rechazo."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from empaquetado import json_estricto
from empaquetado.json_estricto import JsonInvalido, cargar, cargar_lento


def _lento(datos: bytes):
    try:
        return ("valor", cargar_lento(datos.decode("utf-8"), "x"))
    except JsonInvalido:
        return ("rechazo", None)


def _rapido(datos: bytes):
    try:
        return ("valor", cargar(datos, "x", json_estricto.MAX_LINEA))
    except JsonInvalido:
        return ("rechazo", None)


# Cada uno es canónico en su forma (llaves ordenadas, sin espacios) para que llegue al camino rápido.
HOSTILES = [
    b'{"a":1,"a":2}',  # llave repetida (orjson se queda con la última)
    b'{"a":{"b":1,"b":1}}',  # repetida por dentro, con el mismo valor
    b'{"a":1,"b":2,"b":2}',
    b'{"id":"x","id":"x"}',
    b'18446744073709551616',  # entero más allá de 64 bits: orjson lo lee como fracción
    b'[-9223372036854775809]',
    b'{"n":99999999999999999999999999999}',
    b'1e999', b'[-1e400]', b'NaN', b'[Infinity]', b'-Infinity',
    b'"\\ud800"', b'["\\udfff"]', b'{"\\ud800":1}',
    b'-0', b'1E5', b'1.0e2', b'[1,]', b'{"a":1,}', b"'a'", b'"\x01"',
]


@pytest.mark.parametrize("datos", HOSTILES, ids=lambda d: d.decode("utf-8", "replace")[:30])
def test_hostiles_dan_lo_mismo_que_el_analizador_lento(datos: bytes) -> None:
    assert _rapido(datos) == _lento(datos)
    if _lento(datos)[0] == "valor":  # y el valor tiene los mismos tipos (un entero enorme sigue siendo entero)
        assert json.dumps(_rapido(datos)[1]) == json.dumps(_lento(datos)[1])


@pytest.mark.parametrize("datos", [b'{"a":1,"a":2}', b'{"a":{"b":1,"b":1}}', b'1e999', b'"\\ud800"', b'NaN'])
def test_rechazos_del_camino_rapido_con_su_frase(datos: bytes) -> None:
    with pytest.raises(JsonInvalido) as e:
        cargar(datos, "La línea 7 de acciones.jsonl", json_estricto.MAX_LINEA)
    assert "La línea 7 de acciones.jsonl" in str(e.value)


_valores = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda hijos: st.lists(hijos, max_size=4) | st.dictionaries(st.text(max_size=5), hijos, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_valores, st.booleans())
def test_cualquier_valor_da_lo_mismo_por_ambos_caminos(valor, canonico: bool) -> None:
    """Valores arbitrarios escritos como los escribe el proyecto (canónico) o como los escribe otro programa."""
    if canonico:
        try:
            datos = orjson.dumps(valor, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):  # enteros de más de 64 bits, sustitutos, NaN
            datos = json.dumps(valor, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        datos = json.dumps(valor, indent=1).encode()
    try:
        datos.decode("utf-8")
    except UnicodeDecodeError:
        return
    rapido, lento = _rapido(datos), _lento(datos)
    assert rapido[0] == lento[0]
    assert json.dumps(rapido[1]) == json.dumps(lento[1])


def test_llave_repetida_en_paquete_canonico_de_verdad() -> None:
    """Una línea de acciones.jsonl canónica a la que el atacante agrega una llave repetida sigue ordenada y compacta."""
    linea = orjson.dumps({"id": "0" * 8, "mujeres": 1, "revision": 1}, option=orjson.OPT_SORT_KEYS)
    atacada = linea.replace(b'"mujeres":1,', b'"mujeres":1,"mujeres":999,')
    with pytest.raises(JsonInvalido, match="repite la llave «mujeres»"):
        cargar(atacada, "La línea 1 de acciones.jsonl", json_estricto.MAX_LINEA)


def _con_tipos(valor):
    """El valor con el tipo de cada parte (1, 1.0 y True son iguales para ==, no para la revisión)."""
    if isinstance(valor, dict):
        return ("dict", sorted((k, _con_tipos(v)) for k, v in valor.items()))
    if isinstance(valor, list):
        return ("list", [_con_tipos(v) for v in valor])
    return (type(valor).__name__, repr(valor))


@settings(max_examples=400, deadline=None)
@given(_valores, st.booleans())
def test_releer_en_el_proceso_de_ayuda_da_el_registro_de_leer_linea(extra, canonico: bool) -> None:
    """T10: el proceso de ayuda relee las líneas que este programa ya leyó con `leer_linea`; sin repetir sus
    comprobaciones, obtiene el mismo registro, tipo por tipo, esté escrita la línea como la escribe el proyecto o como
    la escribiría otro programa (llaves sin ordenar, espacios, escapes \\u, enteros de más de 64 bits, fracciones)."""
    from empaquetado.revision_paralela import releer
    from empaquetado.revision_registros import leer_linea

    registro = {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "revision": 2, "oficina_origen": "E07", "mujeres": 3,
                "hombres": 4, "otra_identidad": 0, "sin_dato": 0, "total": 7, "titulo": "Reunión «ñ»", "extra": extra}
    if canonico:
        try:
            datos = orjson.dumps(registro, option=orjson.OPT_SORT_KEYS)
        except (TypeError, orjson.JSONEncodeError):
            datos = json.dumps(registro, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        datos = json.dumps(registro, indent=1).replace("\n", "").encode()
    try:
        esperado = leer_linea(5, datos)
    except Exception:  # noqa: BLE001 — una línea que leer_linea rechaza nunca llega a un trozo
        return
    assert _con_tipos(releer(5, datos)) == _con_tipos(esperado)
