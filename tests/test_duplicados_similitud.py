"""La cota de rapidfuzz antes de difflib no cambia ninguna decisión: los mismos títulos «casi iguales» y las mismas
parejas de posibles duplicados que con difflib solo (la regla de siempre: ratio de difflib ≥ 0.85)."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from difflib import SequenceMatcher

import pytest

from formularios import duplicados
from formularios.duplicados import SIMILITUD_TITULO, _parecido, parejas
from tests.empaquetado.test_duplicados_entre_oficinas import REUNION
from tests.reportes.test_duplicados_en_carga import ATENCIONES

PLANTILLAS = ("Curso de protección consular para servidores públicos en {m} ({i})",
              "Mesa conjunta de atención a personas migrantes en {m}", "Jornada de salud para personas en movilidad, {m}",
              "Taller de derechos humanos ({i}) en {m}", "Reunión de coordinación interinstitucional {i}")
MUNICIPIOS = ("Tapachula", "Suchiate", "Calkiní", "Othón P. Blanco", "Tenosique", "Frontera Comalapa")
DE_LAS_PRUEBAS = (REUNION["titulo"], "Mesa interinstitucional conjunta con el municipio",
                  "Atención a personas en contexto de movilidad", "Servicios de orientación migratoria", "Reunión distinta",
                  "Jornada A", "Jornada B", "Jornada C", ATENCIONES["titulo"])


def _antes(a: str, b: str) -> bool:
    """La decisión de antes de rapidfuzz: difflib sobre los títulos sin espacios a los lados y en minúsculas."""
    a, b = a.strip().lower(), b.strip().lower()
    return a == b or SequenceMatcher(None, a, b).ratio() >= SIMILITUD_TITULO


def _mutar(azar: random.Random, texto: str) -> str:
    letras = list(texto)
    for _ in range(azar.randint(0, max(1, len(letras) // 6))):
        pos = azar.randrange(len(letras) + 1)
        accion = azar.random()
        if accion < 0.4 and letras:
            letras.pop(min(pos, len(letras) - 1))
        elif accion < 0.7:
            letras.insert(pos, azar.choice("aeiou ,.()0123456789ñáé"))
        elif letras:
            letras[min(pos, len(letras) - 1)] = azar.choice("xyzAEIOU-")
    return "".join(letras)


def _titulos(azar: random.Random, n: int) -> list[str]:
    salida = list(DE_LAS_PRUEBAS)
    while len(salida) < n:
        base = azar.choice(PLANTILLAS).format(m=azar.choice(MUNICIPIOS), i=azar.randint(1, 3000))
        if azar.random() < 0.15:  # títulos largos: con 200 caracteres o más difflib descarta los caracteres comunes
            base = " ".join([base] * azar.randint(3, 8))
        salida.append(base if azar.random() < 0.3 else _mutar(azar, base))
    return salida


@pytest.mark.parametrize("semilla", [1, 2, 3])
def test_mismas_decisiones_que_difflib_en_titulos_de_las_pruebas_y_al_azar(semilla):
    azar = random.Random(semilla)
    titulos = _titulos(azar, 200)
    pares = [(a, b) for i, a in enumerate(titulos) for b in titulos[i + 1:i + 25]]
    pares += [(t, _mutar(azar, t)) for t in titulos for _ in range(3)]
    distintas = [(a, b) for a, b in pares if _parecido(a, b) != _antes(a, b)]
    assert not distintas, distintas[:5]
    parecidos = sum(_antes(a, b) for a, b in pares)
    assert 0.05 * len(pares) < parecidos < 0.95 * len(pares)  # la muestra tiene de los dos lados
    print(f"{len(pares):,} pares de títulos, {parecidos:,} casi iguales: las mismas decisiones")


def test_las_mismas_parejas_de_posibles_duplicados(monkeypatch):
    """`parejas` (la regla de la carga y de la recepción) sobre un lote sembrado: las mismas con la cota que sin ella."""
    azar = random.Random(2026)
    titulos = _titulos(azar, 1200)
    registros = []
    for i, titulo in enumerate(titulos):
        mujeres = azar.randint(1, 40)
        registros.append({"id": f"r{i}", "municipio": azar.choice(("07089", "07087")), "tipo_accion": "taller",
                          "fecha_inicio": date(2026, 3, 1) + timedelta(days=azar.randint(0, 90)), "titulo": titulo,
                          "mujeres": mujeres, "hombres": 0, "otra_identidad": 0, "sin_dato": 0,
                          "total": mujeres + azar.choice((0, 100, 1000))})
    nuevas = parejas(registros)
    monkeypatch.setattr(duplicados, "_parecido", _antes)
    assert parejas(registros) == nuevas
    assert len(nuevas) > 50


def test_la_cota_inferior_de_prefijo_y_sufijo_decide_igual_que_difflib():
    """La cota inferior (prefijo o sufijo común, sin descarte de difflib) decide sin difflib en títulos que solo
    cambian en un número o una palabra, y en textos al azar de pocas letras (donde la subcadena más larga puede caer
    en cualquier lado) da la misma decisión que difflib, también cerca de los 200 caracteres del descarte."""
    azar = random.Random(23)
    pares = [(PLANTILLAS[0].format(m=m, i=azar.randint(1, 3000)), PLANTILLAS[0].format(m=m, i=azar.randint(1, 3000)))
             for m in MUNICIPIOS for _ in range(50)]
    decididas = sum(2.0 * max(len(os.path.commonprefix([a.lower(), b.lower()])),
                              len(os.path.commonprefix([a.lower()[::-1], b.lower()[::-1]]))) / (len(a) + len(b))
                    >= SIMILITUD_TITULO for a, b in pares)
    assert decididas > 0.5 * len(pares)  # la cota sí decide en los títulos que solo cambian en un número
    for _ in range(6000):
        comun = "".join(azar.choice("ab ") for _ in range(azar.randint(0, 120)))
        largo = azar.choice((5, 30, 90, 190, 198, 199, 200, 201, 240))
        a = comun + "".join(azar.choice("abc ") for _ in range(azar.randint(0, largo // 4)))
        b = comun + "".join(azar.choice("abc ") for _ in range(azar.randint(0, largo // 4)))
        if azar.random() < 0.5:
            a, b = a[::-1], b[::-1]
        a, b = (a * (largo // max(1, len(a)) + 1))[:largo] if azar.random() < 0.3 else a, b
        pares.append((a, b))
    distintas = [(a, b) for a, b in pares if _parecido(a, b) != _antes(a, b)]
    assert not distintas, distintas[:3]


def test_la_regla_por_partes_de_la_recepcion_decide_igual_que_mismo_evento():
    """La revisión al recibir prepara cada fila una vez (total, cifras, título normalizado) y compara solo lo que
    `vecinos` no juntó ya: en parejas del mismo municipio y tipo a una semana o menos, con cifras iguales, casi
    iguales, en cero o vacías y títulos parecidos o no, decide igual que `mismo_evento`."""
    azar = random.Random(7)
    titulos = _titulos(azar, 400) + ["", "  Reunión  ", "REUNIÓN", None]

    def fila() -> dict:
        sexos = {s: azar.choice((None, 0, 1, 5, 20, 21, 100, 104)) for s in ("mujeres", "hombres", "otra_identidad", "sin_dato")}
        total = azar.choice((None, 0, sum(v or 0 for v in sexos.values()), azar.randint(0, 130)))
        return {"municipio": "07089", "tipo_accion": "taller", "fecha_inicio": date(2026, 3, 1) + timedelta(days=azar.randint(0, 7)),
                "titulo": azar.choice(titulos), "total": total, **sexos}

    def preparada(r: dict) -> tuple:
        return (r["total"] or 0, duplicados.cifras(r), duplicados.titulo_normalizado(r["titulo"] or ""))

    pares = [(fila(), fila()) for _ in range(8000)]
    pares += [(a, {**a, "titulo": b["titulo"]}) for a, b in pares[:2000]]  # mismas cifras, otro título
    distintas = [(a, b) for a, b in pares
                 if duplicados.mismo_evento_cercano(preparada(a), preparada(b)) != duplicados.mismo_evento(a, b)]
    assert not distintas, distintas[:2]
    assert 500 < sum(duplicados.mismo_evento(a, b) for a, b in pares) < len(pares) - 500  # hay de ambas decisiones
