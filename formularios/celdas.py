"""Las celdas de todo libro que escribe el programa (T24): los datos se guardan como texto, número o fecha, nunca
como fórmula. Un texto que Excel o LibreOffice tomarían por fórmula (empieza con = + - @, o con tabulador, retorno,
espacios o sus formas de ancho completo antes de ellos) va como celda de texto con prefijo de comilla."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

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


_TIPOS_XML = frozenset({str, int, float, bool, date, datetime})
_ESCAPAR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class FilasDeHoja:
    """Las filas de datos de una hoja de solo escritura, escritas directo en su XML: las mismas celdas que
    `hoja.append` (la misma regla T24 de `celda`: texto acotado y sin controles; lo que parece fórmula, celda de texto
    con prefijo de comilla; nunca un elemento <f>), sin crear un objeto de openpyxl por celda.

    `formatos`: por columna (desde 0), la celda de `celda(...)` cuyo estilo (formato de número, alineación) llevan
    sus valores; lo que parece fórmula lleva el estilo de texto con comilla, como en `celda`. Si el escritor del libro
    no deja escribir XML (openpyxl con lxml) o la fila trae un valor de otro tipo, la fila va por `hoja.append` con
    las mismas celdas."""

    def __init__(self, hoja: Any, columnas: int, formatos: dict[int, WriteOnlyCell]) -> None:
        hoja._get_writer()
        self._hoja, self._formatos, self._pendiente = hoja, formatos, None
        self._estilos: dict[int, int] = {}  # se registran en el libro al primer uso, en el orden de siempre
        self._comilla: int | None = None
        self._letras = [get_column_letter(i) for i in range(1, columnas + 1)]
        self._epoca = hoja.parent.epoch
        self._original = hoja._writer.write_row
        hoja._writer.write_row = self._escribir_fila

    def agregar(self, valores: list[Any], alto: float | None = None) -> None:
        """Agrega una fila (alto en puntos si no es el de siempre)."""
        self._pendiente = ([texto_de_celda(v) for v in valores], alto)
        self._hoja.append(())

    def _escribir_fila(self, xf: Any, fila: Any, indice: int) -> None:
        if self._pendiente is None:  # las filas que no son de datos (encabezados) van como siempre
            return self._original(xf, fila, indice)
        valores, alto = self._pendiente
        self._pendiente = None
        escribir = getattr(xf, "_file", None)
        if escribir is None or not all(v is None or type(v) in _TIPOS_XML for v in valores) or any(
                isinstance(v, datetime) and v.tzinfo is not None for v in valores):
            return self._por_openpyxl(xf, valores, alto, indice)
        partes = [f'<row r="{indice}" ht="{safe_string(alto)}" customHeight="1">' if alto else f'<row r="{indice}">']
        for i, v in enumerate(valores):
            if v is None:
                continue
            r = f"{self._letras[i]}{indice}"
            if type(v) is str:
                estilo = self._estilo_comilla() if parece_formula(v) else self._estilo(i) if i in self._formatos else None
                s = f' s="{estilo}"' if estilo is not None else ""
                if not v:
                    partes.append(f'<c r="{r}"{s} t="inlineStr" />')
                    continue
                limpio = v.strip()
                espacio = ' xml:space="preserve"' if limpio and limpio != v else ""
                partes.append(f'<c r="{r}"{s} t="inlineStr"><is><t{espacio}>{v.translate(_ESCAPAR)}</t></is></c>')
                continue
            s = f' s="{self._estilo(i)}"' if i in self._formatos else ""
            if type(v) is bool:
                partes.append(f'<c r="{r}"{s} t="b"><v>{safe_string(v)}</v></c>')
                continue
            if type(v) in (date, datetime):
                v = to_excel(v, self._epoca)
            cifra = safe_string(v)  # NaN e infinito: «» y un <v /> vacío, como openpyxl
            partes.append(f'<c r="{r}"{s} t="n"><v>{cifra}</v></c>' if cifra else f'<c r="{r}"{s} t="n"><v /></c>')
        partes.append("</row>")
        escribir("".join(partes))
        return None

    def _estilo(self, columna: int) -> int:
        if columna not in self._estilos:
            self._estilos[columna] = self._formatos[columna].style_id
        return self._estilos[columna]

    def _estilo_comilla(self) -> int:
        if self._comilla is None:
            self._comilla = celda(self._hoja, "=").style_id
        return self._comilla

    def _por_openpyxl(self, xf: Any, valores: list[Any], alto: float | None, indice: int) -> None:
        if alto:
            self._hoja.row_dimensions[indice].height = alto
        celdas = []
        for i, v in enumerate(valores):
            if v is not None and i in self._formatos and not parece_formula(v):  # la celda de muestra, con su valor
                self._formatos[i].value = v
                v = self._formatos[i]
            celdas.append(valor_de_fila(self._hoja, v))
        return self._original(xf, self._hoja._values_to_row(celdas, indice), indice)
