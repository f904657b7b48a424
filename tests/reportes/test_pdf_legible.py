"""PDF legibles: ejes de conteos con marcas enteras, números en las barras y encabezados que no se enciman."""

from reportlab.lib.units import cm

from reportes.pdf_base import ENCABEZADO, barras_horizontales, barras_por_sexo, construir, paso_entero, tabla
from tests.reportes.test_reportes import texto_pdf


def test_paso_entero():
    assert [paso_entero(m) for m in (1, 3, 6, 7, 8, 13, 40, 2476)] == [1, 1, 1, 2, 2, 5, 10, 500]


def test_ejes_de_conteos_sin_fracciones_y_con_numeros(tmp_path):
    destino = construir(tmp_path / "g.pdf", "Prueba", [
        barras_horizontales(["Eje 1. Coordinación Interinstitucional",
                             "Eje 6. Fomentar el Derecho a la Inclusión y la no Discriminación"], [1, 1]),
        barras_por_sexo(["Chiapas"], {"Mujeres": [1], "Hombres": [0], "Otra identidad": [0], "Sin dato de sexo": [0]}),
    ])
    texto = texto_pdf(destino)
    for fraccion in ("0.2", "0.4", "0.5", "0.6", "0.8", "1.2"):
        assert fraccion not in texto
    assert "la no Discriminación" in texto  # la etiqueta completa, en dos renglones, no cortada a 38 letras


def test_encabezados_de_columnas_fijas_se_parten_en_renglones():
    t = tabla([["Municipio", "Otra identidad", "Sin dato de sexo"], ["Tapachula", 1, 2]], [3 * cm, 1.6 * cm, 1.6 * cm], numericas=[1, 2])
    encabezados = t._cellvalues[0]
    assert all(getattr(c, "style", None) is ENCABEZADO for c in encabezados)
    ancho, _ = encabezados[2].wrap(1.6 * cm - 6, 100)
    assert ancho <= 1.6 * cm - 6
