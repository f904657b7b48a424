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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

from formularios.limites import para_mostrar

AZUL = colors.HexColor("#1F5F8B")
GRIS = colors.HexColor("#EEF2F5")
COLORES_SEXO = [colors.HexColor("#7B3F99"), colors.HexColor("#2E7D32"), colors.HexColor("#F9A825"), colors.HexColor("#9E9E9E")]
ESTILOS = getSampleStyleSheet()
TITULO = ParagraphStyle("titulo", parent=ESTILOS["Title"], fontSize=16, textColor=AZUL, spaceAfter=6)
SUBTITULO = ParagraphStyle("subtitulo", parent=ESTILOS["Heading2"], fontSize=12, textColor=AZUL, spaceBefore=10, spaceAfter=4,
                           keepWithNext=1)  # un título nunca queda solo al pie de la página
TEXTO = ParagraphStyle("texto", parent=ESTILOS["BodyText"], fontSize=9, leading=12)
PEQUENO = ParagraphStyle("pequeno", parent=TEXTO, fontSize=7.5, leading=9)
GRANDE = ParagraphStyle("grande", parent=TEXTO, fontName="Courier-Bold", fontSize=15, leading=20)
ENCABEZADO = ParagraphStyle("encabezado", parent=TEXTO, fontName="Helvetica-Bold", fontSize=7.5, leading=9, textColor=colors.white)
MARGEN = 1.8 * cm
ANCHO_UTIL = letter[0] - 2 * MARGEN  # 17.99 cm: ninguna tabla ni gráfica pasa de aquí
MAX_PARRAFO = 20_000  # el texto más largo que admite un campo (formularios/limites.py); lo guardado antes se acota


def limpio(texto: Any, limite: int = MAX_PARRAFO) -> str:
    """Texto guardado, sea cual sea, sin caracteres de control y acotado: ningún PDF falla ni se vuelve lento por él."""
    return para_mostrar(str(texto if texto is not None else ""), limite)


def p(texto: Any, estilo: ParagraphStyle = TEXTO) -> Paragraph:
    """Párrafo con el texto escapado (los datos nunca se interpretan como marcado)."""
    return Paragraph(escape(limpio(texto)), estilo)


def miles(n: int | float) -> str:
    return f"{n:,.0f}" if isinstance(n, int) or float(n).is_integer() else f"{n:,.2f}"


class _Lienzo(Canvas):
    """Lienzo que guarda cada página hasta el final para poner encabezado y «Página i de N» con N ya conocido."""

    def __init__(self, *args, titulo: str = "", margen: float = MARGEN, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._titulo, self._margen = titulo, margen
        self._generado = datetime.now().strftime("%d/%m/%Y %H:%M")
        self._paginas: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 — nombre de reportlab
        self._paginas.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._paginas)
        for estado in self._paginas:
            self.__dict__.update(estado)
            self._marco(total)
            super().showPage()
        super().save()

    def _marco(self, total: int) -> None:
        ancho, alto = self._pagesize
        self.saveState()
        self.setFont("Helvetica-Bold", 8)
        self.setFillColor(AZUL)
        self.drawString(self._margen, alto - 1.2 * cm, "Registro de Acciones — Frontera Sur · CAIMFS")
        self.setFont("Helvetica", 8)
        self.setFillColor(colors.black)
        self.drawRightString(ancho - self._margen, alto - 1.2 * cm, self._titulo)
        self.drawString(self._margen, 1.0 * cm, f"Generado el {self._generado}")
        self.drawRightString(ancho - self._margen, 1.0 * cm, f"Página {self._pageNumber} de {total}")
        self.restoreState()


def construir(destino: Path, titulo: str, elementos: list) -> Path:
    """PDF tamaño carta con encabezado, «Generado el dd/mm/aaaa hh:mm» y «Página i de N» en cada página."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".parcial")
    doc = SimpleDocTemplate(str(temporal), pagesize=letter, leftMargin=MARGEN, rightMargin=MARGEN,
                            topMargin=MARGEN, bottomMargin=MARGEN, title=titulo, author="CAIMFS", lang="es-MX")
    doc.build(elementos, canvasmaker=lambda *a, **k: _Lienzo(*a, titulo=titulo, **k))
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
    # la leyenda, en una sola columna a la derecha de las barras y dentro del dibujo (que cabe entre los márgenes)
    leyenda = Legend()
    leyenda.x, leyenda.y = g.x + g.width + 0.8 * cm, g.y + g.height
    leyenda.fontSize, leyenda.columnMaximum, leyenda.dx, leyenda.dy, leyenda.deltay = 7, len(series), 8, 8, 12
    leyenda.alignment = "right"
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


FIRMA_NOMBRE = ParagraphStyle("firma_nombre", parent=TEXTO, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5, alignment=1)
FIRMA_CARGO = ParagraphStyle("firma_cargo", parent=TEXTO, fontSize=8, leading=10, alignment=1)


def firmas(personas: Sequence[tuple[str, str]], espacio: float = 1.8 * cm) -> KeepTogether:
    """Bloques de firma lado a lado, todos a la misma altura: espacio para firmar, la línea, y debajo de cada línea
    el nombre (o un renglón en blanco para escribirlo) y el cargo."""
    n = len(personas)
    hueco = 0.8 * cm
    ancho = (ANCHO_UTIL - hueco * (n - 1)) / n
    columnas: list[float] = []
    for i in range(n):
        columnas += [ancho] if i == 0 else [hueco, ancho]
    fila_espacio: list[Any] = [""] * len(columnas)
    fila_nombre: list[Any] = [""] * len(columnas)
    fila_cargo: list[Any] = [""] * len(columnas)
    estilo = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 1), (-1, -1), 2), ("BOTTOMPADDING", (0, 1), (-1, -1), 0)]
    for i, (nombre, cargo) in enumerate(personas):
        j = 2 * i
        fila_nombre[j] = p(nombre, FIRMA_NOMBRE) if nombre else Paragraph("&nbsp;", FIRMA_NOMBRE)
        fila_cargo[j] = p(cargo, FIRMA_CARGO)
        estilo.append(("LINEABOVE", (j, 1), (j, 1), 0.8, colors.black))
    t = Table([fila_espacio, fila_nombre, fila_cargo], colWidths=columnas, rowHeights=[espacio, None, None])
    t.setStyle(TableStyle(estilo))
    return KeepTogether([t])
