"""T10: la revisión de tipos de un registro recibido (`_tipo_invalido`) mira primero los tipos exactos, en C, y solo
si algo no cuadra recorre campo por campo como antes: nombra el mismo campo (o ninguno) que la revisión de antes, con
textos, listas, booleanos, cifras, nulos, objetos y subclases en cualquier campo."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from empaquetado.revision_registros import LISTAS_TEXTO, TEXTOS, _tipo_invalido


class Texto(str):
    pass


def _es_lista_antes(valor: Any, tipo) -> bool:
    return isinstance(valor, list) and all(isinstance(x, tipo) and not isinstance(x, bool) for x in valor)


def _tipo_invalido_antes(r: dict[str, Any]) -> str | None:
    """La revisión de antes, tal cual."""
    dato = r.get
    for campo, valor in zip(TEXTOS, map(dato, TEXTOS), strict=True):
        if valor is not None and not isinstance(valor, str):
            return campo
    for campo in LISTAS_TEXTO:
        valor = dato(campo)
        if valor is not None and not _es_lista_antes(valor, str):
            return campo
    if r.get("eventos") is not None and (not isinstance(r["eventos"], int) or isinstance(r["eventos"], bool)):
        return "eventos"
    if not _es_lista_antes(r.get("objetivos_pmm") or [], int):
        return "objetivos_pmm"
    retos = r.get("retos") or []
    if not isinstance(retos, list) or not all(isinstance(x, dict) and isinstance(x.get("texto", ""), str)
                                              and _es_lista_antes(x.get("categorias") or [], str) for x in retos):
        return "retos"
    edades = r.get("edades")
    if edades is not None and not (isinstance(edades, dict) and all(
            isinstance(fila, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in fila.values())
            for fila in edades.values())):
        return "edades"
    convenio = r.get("convenio")
    if convenio is not None and not (isinstance(convenio, dict) and all(v is None or isinstance(v, str) for v in convenio.values())):
        return "convenio"
    if not isinstance(r.get("evidencias") or [], list) or not isinstance(r.get("historial") or [], list):
        return "evidencias"
    return None


ESCALARES = st.one_of(st.text(max_size=3), st.builds(Texto, st.text(max_size=3)), st.integers(-3, 3), st.booleans(),
                      st.none(), st.floats(allow_nan=False, allow_infinity=False))
VALORES = st.recursive(ESCALARES, lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=2), hijos, max_size=3),
                       max_leaves=6)
BIEN = {**dict.fromkeys(TEXTOS, "texto"), "ordenes_gobierno": ["Federal"], "instituciones": ["INM", "DIF"],
        "avisos_reconocidos": [], "eventos": 1, "objetivos_pmm": [1, 23], "retos": [{"texto": "t", "categorias": ["a"]}],
        "edades": {"0-11": {"mujeres": 1}}, "convenio": {"folio": None}, "evidencias": [], "historial": []}
CAMPOS = sorted(BIEN)


@given(st.dictionaries(st.sampled_from(CAMPOS), VALORES | st.lists(ESCALARES, max_size=4), max_size=4),
       st.sets(st.sampled_from(CAMPOS), max_size=3))
@settings(max_examples=3000, deadline=None)
def test_nombra_el_mismo_campo_que_la_revision_de_antes(cambios, faltan):
    r = {k: v for k, v in {**BIEN, **cambios}.items() if k not in faltan}
    assert _tipo_invalido(r) == _tipo_invalido_antes(r)


def test_los_casos_frontera_nombran_el_mismo_campo():
    casos = [{}, BIEN, {**BIEN, "titulo": Texto("x")}, {**BIEN, "titulo": 1}, {**BIEN, "instituciones": [True]},
             {**BIEN, "instituciones": [Texto("a"), "b"]}, {**BIEN, "objetivos_pmm": [True]}, {**BIEN, "objetivos_pmm": [1.0]},
             {**BIEN, "objetivos_pmm": 0}, {**BIEN, "objetivos_pmm": "x"}, {**BIEN, "estado": None, "eje": 2},
             {**BIEN, "avisos_reconocidos": "abc"}, {**BIEN, "instituciones": ("a",)}]
    assert [_tipo_invalido(r) for r in casos] == [_tipo_invalido_antes(r) for r in casos]
    assert _tipo_invalido(BIEN) is None and _tipo_invalido({**BIEN, "instituciones": [True]}) == "instituciones"
