"""Las celdas de todo libro que escribe el programa (T24): los datos se guardan como texto, número o fecha, nunca
como fórmula. Un texto que Excel o LibreOffice tomarían por fórmula (empieza con = + - @, o con tabulador, retorno,
espacios o sus formas de ancho completo antes de ellos) va como celda de texto con prefijo de comilla."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from formularios.limites import para_mostrar

PELIGROSOS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
MAX_CELDA = 32_000  # Excel no muestra más de 32,767 caracteres por celda


def texto_de_celda(valor: Any) -> Any:
    """El valor como lo acepta una celda: un texto guardado, sea cual sea, sin caracteres de control y acotado."""
    return para_mostrar(valor, MAX_CELDA) if isinstance(valor, str) else valor


def parece_formula(valor: Any) -> bool:
    """True si una hoja de cálculo podría leer el texto como fórmula (también tras espacios, tabuladores o saltos)."""
    return isinstance(valor, str) and valor.lstrip(" \t\r\n\u00a0\u3000").startswith(PELIGROSOS)


def _neutralizar(celda: Any) -> Any:
    celda.data_type = "s"
    celda.quotePrefix = True
    return celda


def celda(hoja: Any, valor: Any, formato: str | None = None, negrita: bool = False) -> WriteOnlyCell:
    """Celda de un libro de solo escritura (`Workbook(write_only=True)`)."""
    valor = texto_de_celda(valor)
    c = WriteOnlyCell(hoja, value=valor)
    if parece_formula(valor):
        _neutralizar(c)
    if formato:
        c.number_format = formato
    if negrita:
        c.font = Font(bold=True)
    return c


def valor_de_fila(hoja: Any, valor: Any) -> Any:
    """Para `hoja.append([...])` en modo de solo escritura: el valor tal cual o, si parece fórmula, su celda de texto."""
    valor = texto_de_celda(valor)
    return celda(hoja, valor) if parece_formula(valor) else valor


def escribir(hoja: Any, fila: int, columna: int, valor: Any) -> Any:
    """Escribe en una hoja normal (`Workbook()`); devuelve la celda para darle formato."""
    valor = texto_de_celda(valor)
    c = hoja.cell(row=fila, column=columna, value=valor)
    if parece_formula(valor):
        _neutralizar(c)
    return c

