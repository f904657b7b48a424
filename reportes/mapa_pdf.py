"""El mapa por municipio en los PDF (reportlab): polígonos, leyenda dentro de los márgenes y los 23 fronterizos."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether

from base_local.consultas_catalogo import Catalogos
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from reportes.datos import CIFRAS, Seleccion
from reportes.mapa import COLOR_FRONTERA, COLOR_LINEA, Dibujo, cifras_de_filas, dibujar
from reportes.pdf_base import SUBTITULO, TEXTO, p, tabla

ALTO_LEYENDA = 1.5 * cm


def dibujo_pdf(dibujo: Dibujo) -> Drawing:
    """El dibujo con la leyenda en dos renglones debajo (ancho y alto del dibujo en puntos)."""
    d = Drawing(dibujo.ancho, dibujo.alto + ALTO_LEYENDA)
    arriba = dibujo.alto + ALTO_LEYENDA
    for m in dibujo.en_orden():
        relleno = colors.HexColor(dibujo.leyenda[m.clase].color)
        for anillo in m.anillos:
            puntos = [v for x, y in anillo for v in (x, arriba - y)]
            d.add(Polygon(puntos, fillColor=relleno, strokeColor=colors.HexColor(COLOR_FRONTERA if m.fronterizo else COLOR_LINEA),
                          strokeWidth=1.3 if m.fronterizo else 0.3, strokeLineJoin=1))
    for texto, x, y in dibujo.etiquetas:
        d.add(String(x, arriba - y, texto, fontName="Helvetica-Bold", fontSize=8, fillColor=colors.HexColor("#2B3A46"), textAnchor="middle"))
    entradas = [(c.color, c.etiqueta, False) for c in dibujo.leyenda] + [("#FFFFFF", "Municipio fronterizo", True)]
    por_renglon = 4
    ancho_entrada = dibujo.ancho / por_renglon
    for i, (color, etiqueta, frontera) in enumerate(entradas):
        x = (i % por_renglon) * ancho_entrada
        y = ALTO_LEYENDA - 0.55 * cm - (i // por_renglon) * 0.55 * cm
        d.add(Rect(x, y, 0.6 * cm, 0.35 * cm, fillColor=colors.HexColor(color),
                   strokeColor=colors.HexColor(COLOR_FRONTERA if frontera else "#9AA5B1"), strokeWidth=1.3 if frontera else 0.4))
        d.add(String(x + 0.75 * cm, y + 0.08 * cm, etiqueta, fontName="Helvetica", fontSize=7.5))
    return d


def seccion(filas: list[dict[str, Any]], cat: Catalogos, sel: Seleccion, ancho: float = 17 * cm, alto: float = 17 * cm) -> list:
    """Página del mapa de acciones por municipio y la tabla de los municipios fronterizos, con y sin acciones."""
    dibujo = dibujar(cifras_de_filas(filas), cat, "acciones", ancho, alto, sel.entidad)
    con, sin = dibujo.fronterizos()
    columnas = [ETIQUETAS_SEXO[s] for s in SEXOS] + ["Total"]
    return [
        KeepTogether([p("Acciones por municipio", SUBTITULO), dibujo_pdf(dibujo), p(dibujo.resumen(), TEXTO)]),
        KeepTogether([p("Municipios fronterizos", SUBTITULO),
                      tabla([["Municipio", "Entidad", "Acciones", *columnas]]
                            + [[m.nombre, m.entidad, m.cifras["acciones"], *[m.cifras[c] for c in CIFRAS]] for m in con + sin],
                            [4 * cm, 2.4 * cm, 1.6 * cm] + [1.8 * cm] * 5, numericas=range(2, 8))]),
    ]
