"""Las filas de «Acciones» escritas directo en el XML de la hoja (formularios/celdas.py, FilasDeHoja) son, byte a byte,
las que escribe openpyxl celda por celda con la misma regla T24: con textos hostiles (fórmulas, marcas XML, espacios
en los extremos, controles, textos vacíos y enormes), fechas, momentos, cifras y booleanos."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from base_local.apertura import abrir_base
from base_local.consultas_catalogo import leer_catalogos
from base_local.rutas import Rutas
from formularios import celdas
from reportes import consolidado
from reportes.datos import Seleccion, acciones_vivas
from tests.reportes.test_reportes import central  # noqa: F401 - la misma central de las pruebas del libro
from tests.reportes.test_t24_formulas import FORMULAS, formulas_en

HOSTILES = [*FORMULAS, "<b>negrita</b> & </t></is></c><c r=\"A1\"><f>1+1</f>", "  con espacios  ", "\tsangría", "",
            "control \x0b\x1f\x7f aquí", "x" * 40_000, "]]><!--", "ﬁn\u2028línea\nnueva", "   "]


def _filas(carpeta: Path) -> tuple[list[dict], object]:
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        filas, cat = acciones_vivas(s, Seleccion()), leer_catalogos(s)
    base.cerrar()
    for i, r in enumerate(filas):
        texto = HOSTILES[i % len(HOSTILES)]
        r.update(titulo=texto, descripcion=HOSTILES[(i + 3) % len(HOSTILES)], localidad=texto or None, resultados=texto)
        r["instituciones"] = [texto, "SEP"] if i % 2 else []
        r["retos"] = [{"texto": texto, "categorias": ["otra"]}] if i % 3 == 0 else []
        if r.get("convenio"):
            r["convenio"] = {**r["convenio"], "folio": texto, "contrapartes": HOSTILES[(i + 1) % len(HOSTILES)]}
    filas[0]["creado_en"] = "no es un momento"  # queda como texto en su columna de fecha y hora
    return filas, cat


def _hojas(archivo: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archivo) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: la hora de creación


def test_las_filas_en_xml_son_las_de_openpyxl_celda_por_celda(central, tmp_path, monkeypatch):  # noqa: F811
    filas, cat = _filas(central)
    with monkeypatch.context() as m:  # cada fila de datos, por el XML directo
        m.setattr(celdas.FilasDeHoja, "_por_openpyxl", lambda *a: pytest.fail("una fila no fue por el XML directo"))
        rapido = consolidado.escribir(tmp_path / "rapido.xlsx", filas, cat, [])
    monkeypatch.setattr(celdas, "_TIPOS_XML", frozenset())  # toda fila por hoja.append, celda por celda
    lento = consolidado.escribir(tmp_path / "lento.xlsx", filas, cat, [])
    a, b = _hojas(rapido), _hojas(lento)
    assert a.keys() == b.keys()
    for nombre in a:
        assert a[nombre] == b[nombre], nombre
    assert formulas_en(rapido) == []
    hoja = load_workbook(rapido, read_only=False)["Acciones"]
    columna = consolidado.COLUMNAS_ACCION.index("titulo") + 1
    vistos = {hoja.cell(row=i, column=columna).value: hoja.cell(row=i, column=columna) for i in range(3, hoja.max_row + 1)}
    for texto in FORMULAS:
        limpio = celdas.texto_de_celda(texto)
        if celdas.parece_formula(limpio):
            assert vistos[limpio].data_type == "s" and vistos[limpio].quotePrefix, texto
    assert vistos["<b>negrita</b> & </t></is></c><c r=\"A1\"><f>1+1</f>"].data_type == "s"
    assert vistos["  con espacios  "].value == "  con espacios  "
    assert len(vistos[celdas.texto_de_celda("x" * 40_000)].value) == celdas.MAX_CELDA


@pytest.mark.parametrize("valor", [True, 3.5, 10**17, float("nan"), float("inf"), -0.0])
def test_valores_de_otras_columnas_salen_igual(central, tmp_path, monkeypatch, valor):  # noqa: F811
    filas, cat = _filas(central)
    for r in filas:
        r["eventos"], r["revision"] = valor, valor
    rapido = _hojas(consolidado.escribir(tmp_path / "rapido.xlsx", filas, cat, []))
    monkeypatch.setattr(celdas, "_TIPOS_XML", frozenset())
    assert rapido == _hojas(consolidado.escribir(tmp_path / "lento.xlsx", filas, cat, []))
