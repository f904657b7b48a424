"""Preparación para imprimir de las hojas de Excel (plantilla y libro consolidado): tamaño carta, una página de
ancho, encabezado repetido y pie «hoja — página i de N». Sirve igual en modo normal y de solo escritura (en este,
llámese antes de la primera fila)."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

CARTA = "1"  # código de papel carta en OOXML


def para_imprimir(hoja, *, horizontal: bool, filas_titulo: str | None = "1:1", area: str | None = None) -> None:
    """Carta vertical u horizontal, ajustada a una página de ancho y las que hagan falta de alto; `filas_titulo`
    ('1:1') se repite en cada página impresa; `area` ('A1:R102') limita lo que se imprime."""
    hoja.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    hoja.page_setup.orientation = "landscape" if horizontal else "portrait"
    hoja.page_setup.paperSize = CARTA
    hoja.page_setup.fitToWidth = 1
    hoja.page_setup.fitToHeight = 0  # 0 = las páginas de alto que hagan falta
    hoja.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    if filas_titulo:
        hoja.print_title_rows = filas_titulo
    if area:
        hoja.print_area = area
    hoja.oddFooter.left.text = "&A"
    hoja.oddFooter.right.text = "Página &P de &N"


def renglones(texto: str, ancho: float) -> int:
    """Renglones que ocupa `texto` en una columna de `ancho` con ajuste de texto (aproximado: ni openpyxl ni
    LibreOffice agrandan la fila de un libro escrito por programa)."""
    caben = max(1, int(ancho * 1.1))
    return sum(max(1, -(-len(parrafo) // caben)) for parrafo in str(texto).split("\n"))


def envolver(hoja, fila: int, columnas: dict[int, float], alto: float = 15) -> None:
    """Ajusta el texto de las `columnas` ({número: ancho}) de `fila` y le da el alto de su celda más larga."""
    mas = 1
    for columna, ancho in columnas.items():
        c = hoja.cell(row=fila, column=columna)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if c.value is not None:
            mas = max(mas, renglones(c.value, ancho))
    if mas > 1:
        hoja.row_dimensions[fila].height = alto * mas
