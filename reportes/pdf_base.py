"""Piezas comunes de los PDF (reportlab): documento con encabezado y pie, estilos, tablas, barras y QR."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from formularios.limites import para_mostrar

AZUL = colors.HexColor("#1F5F8B")
GRIS = colors.HexColor("#EEF2F5")
COLORES_SEXO = [colors.HexColor("#7B3F99"), colors.HexColor("#2E7D32"), colors.HexColor("#F9A825"), colors.HexColor("#9E9E9E")]
ESTILOS = getSampleStyleSheet()
TITULO = ParagraphStyle("titulo", parent=ESTILOS["Title"], fontSize=16, textColor=AZUL, spaceAfter=6)
SUBTITULO = ParagraphStyle("subtitulo", parent=ESTILOS["Heading2"], fontSize=12, textColor=AZUL, spaceBefore=10, spaceAfter=4)
TEXTO = ParagraphStyle("texto", parent=ESTILOS["BodyText"], fontSize=9, leading=12)
PEQUENO = ParagraphStyle("pequeno", parent=TEXTO, fontSize=7.5, leading=9)
GRANDE = ParagraphStyle("grande", parent=TEXTO, fontName="Courier-Bold", fontSize=15, leading=20)
ENCABEZADO = ParagraphStyle("encabezado", parent=TEXTO, fontName="Helvetica-Bold", fontSize=7.5, leading=9, textColor=colors.white)
MAX_PARRAFO = 20_000  # el texto más largo que admite un campo (formularios/limites.py); lo guardado antes se acota


def limpio(texto: Any, limite: int = MAX_PARRAFO) -> str:
    """Texto guardado, sea cual sea, sin caracteres de control y acotado: ningún PDF falla ni se vuelve lento por él."""
    return para_mostrar(str(texto if texto is not None else ""), limite)


def p(texto: Any, estilo: ParagraphStyle = TEXTO) -> Paragraph:
    """Párrafo con el texto escapado (los datos nunca se interpretan como marcado)."""
    return Paragraph(escape(limpio(texto)), estilo)


def miles(n: int | float) -> str:
    return f"{n:,.0f}" if isinstance(n, int) or float(n).is_integer() else f"{n:,.2f}"


class _Pie:
    def __init__(self, titulo: str) -> None:
        self.titulo = titulo
        self.generado = datetime.now().strftime("%d/%m/%Y %H:%M")

    def __call__(self, lienzo, doc) -> None:
        lienzo.saveState()
        lienzo.setFont("Helvetica-Bold", 8)
        lienzo.setFillColor(AZUL)
        lienzo.drawString(doc.leftMargin, letter[1] - 1.2 * cm, "Registro de Acciones — Frontera Sur · CAIMFS")
        lienzo.setFont("Helvetica", 8)
        lienzo.setFillColor(colors.black)
        lienzo.drawRightString(letter[0] - doc.rightMargin, letter[1] - 1.2 * cm, self.titulo)
        lienzo.drawString(doc.leftMargin, 1.0 * cm, f"Generado el {self.generado}")
        lienzo.drawRightString(letter[0] - doc.rightMargin, 1.0 * cm, f"Página {doc.page}")
        lienzo.restoreState()


def construir(destino: Path, titulo: str, elementos: list) -> Path:
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".parcial")
    doc = SimpleDocTemplate(str(temporal), pagesize=letter, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                            topMargin=1.8 * cm, bottomMargin=1.8 * cm, title=titulo, author="CAIMFS", lang="es-MX")
    pie = _Pie(titulo)
    doc.build(elementos, onFirstPage=pie, onLaterPages=pie)
    temporal.replace(destino)
    return destino


def tabla(filas: Sequence[Sequence[Any]], anchos: Sequence[float] | None = None, numericas: Sequence[int] = (),
          total: bool = False) -> Table:
    """Tabla con encabezado azul; las columnas `numericas` van a la derecha con separador de miles. Con `anchos`
    fijos, los encabezados se parten en renglones en vez de encimarse con los de al lado."""
    datos = []
    for i, fila in enumerate(filas):
        celdas = []
        for j, v in enumerate(fila):
            if i == 0 and anchos is not None:
                celdas.append(p(v, ENCABEZADO))
            elif i > 0 and j in numericas and isinstance(v, int | float):
                celdas.append(miles(v))
            else:
                celdas.append(p(v, PEQUENO) if i > 0 and isinstance(v, str) and len(v) > 25 else ("" if v is None else limpio(v)))
        datos.append(celdas)
    t = Table(datos, colWidths=anchos, repeatRows=1, splitInRow=1)
    estilo = [
        ("BACKGROUND", (0, 0), (-1, 0), AZUL), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#B0BEC5")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, GRIS]),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    estilo += [("ALIGN", (j, 1), (j, -1), "RIGHT") for j in numericas]
    if total:
        estilo += [("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]
    t.setStyle(TableStyle(estilo))
    return t


TROZO = 1_500  # caracteres de una celda que caben en media página aun en la columna más angosta
TRAMO = 20_000  # caracteres por tabla en `tablas`: cada una ocupa a lo más unas diez páginas


def tablas(filas: Sequence[Sequence[Any]], anchos: Sequence[float], numericas: Sequence[int] = ()) -> list[Table]:
    """Una tabla larga como varias tablas seguidas, cada una con su encabezado y unas páginas de texto: reportlab
    vuelve a acomodar todas las filas que quedan cada vez que parte una tabla, así que una sola tabla de miles de
    filas largas tardaría con el cuadrado de su tamaño; en tramos, el tiempo crece con el texto."""
    encabezado, tramos, tramo, volumen = filas[0], [], [], 0
    for fila in filas[1:]:
        tramo.append(fila)
        volumen += sum(len(v) for v in fila if isinstance(v, str))
        if volumen > TRAMO:
            tramos.append(tramo)
            tramo, volumen = [], 0
    if tramo or not tramos:
        tramos.append(tramo)
    return [tabla([encabezado, *t], anchos, numericas) for t in tramos]


def paso_entero(maximo: float, marcas: int = 6) -> int:
    """El menor de 1, 2, 5, 10, 20, 50… que deja a lo más `marcas` divisiones hasta `maximo`."""
    base = 1
    while True:
        for m in (1, 2, 5):
            if maximo / (base * m) <= marcas:
                return base * m
        base *= 10


def eje_de_conteos(eje, valores: Sequence[Sequence[float]]) -> None:
    """Eje de conteos con marcas enteras (0, 1, 2… o 0, 500, 1,000…), nunca 0.2, 0.4…"""
    maximo = max([v for serie in valores for v in serie] + [1])
    paso = paso_entero(maximo)
    eje.valueMin, eje.valueStep, eje.valueMax = 0, paso, paso * -(-maximo // paso)
    eje.labelTextFormat = lambda v: f"{v:,.0f}"


def _rotular(grafica) -> None:
    grafica.barLabelFormat = lambda v: f"{v:,.0f}" if v else ""
    grafica.barLabels.fontSize = 6.5
    grafica.barLabels.nudge = 6


def barras_por_sexo(categorias: list[str], series: dict[str, list[int]], ancho: float = 17 * cm, alto: float = 6.5 * cm) -> Drawing:
    """Barras agrupadas: una serie por sexo."""
    dibujo = Drawing(ancho, alto)
    g = VerticalBarChart()
    g.x, g.y, g.width, g.height = 1.6 * cm, 1.4 * cm, ancho - 6 * cm, alto - 2 * cm
    g.data = [series[k] for k in series]
    g.categoryAxis.categoryNames = categorias
    g.categoryAxis.labels.fontSize = 7
    g.valueAxis.labels.fontSize = 7
    eje_de_conteos(g.valueAxis, g.data)
    _rotular(g)
    for i, color in enumerate(COLORES_SEXO[: len(series)]):
        g.bars[i].fillColor = color
    dibujo.add(g)
    leyenda = Legend()
    leyenda.x, leyenda.y = ancho - 4 * cm, alto - 1 * cm
    leyenda.fontSize = 7
    leyenda.colorNamePairs = list(zip(COLORES_SEXO, series, strict=False))
    dibujo.add(leyenda)
    return dibujo


def _en_dos_renglones(texto: str, ancho: int = 44) -> str:
    renglones = textwrap.wrap(texto, ancho)
    return "\n".join(renglones[:1] + [textwrap.shorten(" ".join(renglones[1:]), ancho, placeholder="…")]) if len(renglones) > 1 else texto


def barras_horizontales(etiquetas: list[str], valores: list[int], ancho: float = 17 * cm) -> Drawing:
    """Barras horizontales con la etiqueta completa en hasta dos renglones y el número junto a cada barra."""
    alto = max(3 * cm, 0.85 * cm * len(etiquetas) + 1.5 * cm)
    dibujo = Drawing(ancho, alto)
    g = HorizontalBarChart()
    g.x, g.y, g.width, g.height = 6.8 * cm, 0.8 * cm, ancho - 7.8 * cm, alto - 1.2 * cm
    g.data = [valores]
    g.categoryAxis.categoryNames = [_en_dos_renglones(e) for e in etiquetas]
    g.categoryAxis.labels.fontSize = 7
    g.categoryAxis.labels.leading = 8
    g.valueAxis.labels.fontSize = 7
    eje_de_conteos(g.valueAxis, g.data)
    _rotular(g)
    g.bars[0].fillColor = AZUL
    dibujo.add(g)
    return dibujo


def qr(texto: str, lado: float = 3.6 * cm) -> Drawing:
    widget = QrCodeWidget(texto)
    x0, y0, x1, y1 = widget.getBounds()
    dibujo = Drawing(lado, lado, transform=[lado / (x1 - x0), 0, 0, lado / (y1 - y0), 0, 0])
    dibujo.add(widget)
    return dibujo


def firmas(nombres: Sequence[str]) -> Table:
    """Líneas de firma lado a lado."""
    celdas = [[f"\n\n\n______________________________\n{n}" for n in nombres]]
    t = Table(celdas, colWidths=[17 * cm / len(nombres)] * len(nombres))
    t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("FONTSIZE", (0, 0), (-1, -1), 8.5)]))
    return t
