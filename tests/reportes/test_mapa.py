"""Mapa por municipio: los contornos son los del catálogo, cada municipio cae en su clase, los sin acciones se
ven como tales, los 23 fronterizos van contorneados, y el trimestral trae la página del mapa."""

import hashlib

import pytest
from pypdf import PdfReader

import main
from base_local.consultas_catalogo import leer_catalogos
from recursos import CARPETA_MAPAS, leer_catalogo, manifiesto_catalogos
from reportes.datos import Seleccion, acciones_vivas
from reportes.mapa import COLOR_SIN_ACCIONES, cifras_de_base, cifras_de_filas, clases, contornos, dibujar


def test_contornos_con_las_claves_y_nombres_del_catalogo_y_su_version():
    catalogo = {f["cvegeo"]: f for f in leer_catalogo("municipios")}
    capa = contornos()
    assert set(capa) == set(catalogo) and len(capa) == 165
    assert {c: (x.nombre, x.entidad) for c, x in capa.items()} == {c: (f["municipio"], f["cve_ent"]) for c, f in catalogo.items()}
    assert all(len(a) >= 4 and a[0] == a[-1] for x in capa.values() for a in x.anillos)
    [(archivo, datos)] = manifiesto_catalogos()["mapas"].items()
    assert hashlib.sha256((CARPETA_MAPAS / archivo).read_bytes()).hexdigest() == datos["sha256"]  # versión y archivo van juntos
    assert "INEGI" in datos["fuente"]


def test_clases_cubren_cada_valor_una_vez():
    valores = [1, 1, 1, 2, 2, 3, 5, 8, 13, 40, 41, 300]
    leyenda = clases(valores)
    assert leyenda[0].etiqueta == "Sin acciones" and leyenda[0].color == COLOR_SIN_ACCIONES
    assert 2 <= len(leyenda) <= 5
    positivas = leyenda[1:]
    assert positivas[0].desde == 1 and positivas[-1].hasta == 300
    assert all(a.hasta + 1 == b.desde for a, b in zip(positivas, positivas[1:], strict=False))
    assert len({c.color for c in leyenda}) == len(leyenda)
    assert [c.etiqueta for c in clases([2, 7])] == ["Sin acciones", "1 a 2", "3 a 7"]
    assert [c.etiqueta for c in clases([])] == ["Sin acciones"]


def test_cada_municipio_en_su_clase_y_los_23_fronterizos(oficina_mapa):
    _, base = oficina_mapa
    sel = Seleccion("2026T2")
    with base.transaccion() as s:
        cifras = cifras_de_base(s, sel)
        assert cifras == cifras_de_filas(acciones_vivas(s, sel))  # SQL (tablero) y filas (reportes) dicen lo mismo
        cat = leer_catalogos(s)
    assert cifras["07089"]["acciones"] == 4 and cifras["04002"]["acciones"] == 6 and "07015" not in cifras and "07087" not in cifras
    dibujo = dibujar(cifras, cat, "acciones", 800, 600)
    por_clave = {m.cvegeo: m for m in dibujo.municipios}
    assert len(por_clave) == 165
    for clave, acciones in (("07089", 4), ("27004", 1), ("04002", 6)):
        clase = dibujo.leyenda[por_clave[clave].clase]
        assert clase.desde <= acciones <= clase.hasta and por_clave[clave].clase > 0, clave
    sin = [m for m in dibujo.municipios if m.cvegeo not in ("07089", "27004", "04002")]
    assert {m.clase for m in sin} == {0} and dibujo.leyenda[0].etiqueta == "Sin acciones"
    assert por_clave["07015"].descripcion() == "Cacahoatán, Chiapas (fronterizo): sin acciones en el periodo"
    assert por_clave["07089"].descripcion().startswith("Tapachula, Chiapas (fronterizo): 4 acciones; ")
    fronterizos = {m.cvegeo for m in dibujo.municipios if m.fronterizo}
    assert len(fronterizos) == 23 and fronterizos == {c for c, (_, _, f) in cat.municipios.items() if f}
    assert dibujo.en_orden()[-23:] == [m for m in dibujo.en_orden() if m.fronterizo]  # su contorno queda encima
    con, sin_f = dibujo.fronterizos()
    assert [m.cvegeo for m in con] == ["07089"] and len(sin_f) == 22
    assert "3 municipios de 165 con acciones; de los 23 fronterizos, 1 con acciones y 22 sin acciones." in dibujo.resumen()
    puntos = [p for m in dibujo.municipios for a in m.anillos for p in a]
    assert min(x for x, _ in puntos) >= 0 and max(x for x, _ in puntos) <= 800
    assert min(y for _, y in puntos) >= 0 and max(y for _, y in puntos) <= 600
    assert {t for t, _, _ in dibujo.etiquetas} == {"CAMPECHE", "CHIAPAS", "QUINTANA ROO", "TABASCO"}

    personas = dibujar(cifras, cat, "mujeres", 800, 600)
    assert personas.titulo == "Mujeres por municipio" and personas.leyenda[0].etiqueta == "Sin acciones en el periodo"
    chiapas = dibujar(cifras, cat, "acciones", entidad="07")
    assert len(chiapas.municipios) == 124 and {m.entidad for m in chiapas.municipios} == {"Chiapas"}
    with pytest.raises(ValueError, match="no muestra"):
        dibujar(cifras, cat, "titulo")


def test_municipio_del_catalogo_sin_contorno_se_nombra(oficina_mapa):
    """Un municipio nuevo que llega en una actualización de catálogos antes que su contorno: el mapa lo dice."""
    _, base = oficina_mapa
    with base.transaccion() as s:
        cat = leer_catalogos(s)
    cat.municipios["07126"] = ("07", "Municipio Nuevo", False)
    dibujo = dibujar({"07126": {"acciones": 2, "eventos": 2, "mujeres": 1, "hombres": 1, "otra_identidad": 0, "sin_dato": 0, "total": 2},
                      "": {"acciones": 1, "eventos": 1, "mujeres": 0, "hombres": 0, "otra_identidad": 0, "sin_dato": 0, "total": 0}}, cat)
    assert dibujo.sin_contorno == ["Municipio Nuevo"] and len(dibujo.municipios) == 165
    assert "Sin contorno en la capa de INEGI: Municipio Nuevo." in dibujo.resumen()
    assert "1 acción de alcance estatal (sin municipio) no aparece en el mapa." in dibujo.resumen()


def test_trimestral_trae_la_pagina_del_mapa(oficina_mapa, tmp_path):
    carpeta, _ = oficina_mapa
    pdf = tmp_path / "t2.pdf"
    assert main.principal(["--datos", str(carpeta), "reporte", "--tipo", "trimestral", "--periodo", "2026T2", "--salida", str(pdf)]) == 0
    paginas = [pagina.extract_text() for pagina in PdfReader(str(pdf)).pages]
    [mapa] = [t for t in paginas if "Acciones por municipio" in t]
    for palabra in ("Sin acciones", "Municipio fronterizo", "CHIAPAS", "QUINTANA ROO", "de los 23 fronterizos, 1 con acciones"):
        assert palabra in mapa, palabra
    fronterizos = next(t for t in paginas if "Municipios fronterizos" in t)
    assert "Tapachula" in fronterizos and "Cacahoatán" in fronterizos
