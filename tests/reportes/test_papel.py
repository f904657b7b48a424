"""Papel listo para firmar y archivar: los libros impresos por LibreOffice (una página de ancho, encabezado en cada
página, nombres y cifras juntos, nada fuera del margen) y el texto de los PDF («Página i de N», periodos con su
nombre, singular y plural, fechas dd/mm/aaaa, nunca el usuario del sistema)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook

import main
from base_local.periodos import etiqueta_periodo
from reportes.compendio import cifras_por_sexo
from tests.conftest import crear_oficina
from tests.empaquetado.util import cli, red_de_oficinas
from tests.reportes.papel import a_pdf, por_hoja, texto_pdf

FECHA_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}")
CODIGO = re.compile(r"\b[a-z]+_[a-z_]+\b")  # capacitacion_curso, fecha_firma…
UNO_EN_PLURAL = re.compile(r"(?<![\d,.])1 (personas|mujeres|hombres|atenciones|evidencias|anulaciones)\b")
LOGIN = "zzloginajeno"


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("papel") / "cen"
    crear_oficina(carpeta, "central")
    assert main.principal(["--datos", str(carpeta), "demo", "--registros", "40", "--semilla", "7"]) == 0
    return carpeta


def _paginas_numeradas(paginas: list[str]) -> None:
    n = len(paginas)
    for i, texto in enumerate(paginas, start=1):
        assert f"Página {i} de {n}" in texto, (i, n, texto[-200:])


def test_etiqueta_periodo_es_una_sola_forma():
    assert [etiqueta_periodo(p) for p in ("2026T4", "2026T1", "2026-M05", "2026-S1", "2026-S2", "2026")] == [
        "4.º trimestre de 2026", "1.er trimestre de 2026", "mayo de 2026", "1.er semestre de 2026", "2.º semestre de 2026", "año 2026"]


def test_cifras_en_singular_y_plural():
    uno = dict(mujeres=1, hombres=0, otra_identidad=1, sin_dato=1, total=3, unidad_conteo="personas")
    assert cifras_por_sexo(uno) == ("Total: 3 personas (1 mujer, 0 hombres, 1 persona de otra identidad, "
                                    "1 persona sin dato de sexo).")
    assert cifras_por_sexo(dict(mujeres=0, hombres=1, total=1, unidad_conteo="atenciones")) == "Total: 1 atención (0 mujeres, 1 hombre)."


def test_libros_impresos_por_libreoffice(central, tmp_path):
    """Una conversión por tipo de libro: el consolidado y la plantilla, como los imprime una persona."""
    consolidado, plantilla = tmp_path / "consolidado.xlsx", tmp_path / "plantilla.xlsx"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "consolidado", "--salida", str(consolidado)]) == 0
    assert main.principal(["--datos", str(central), "plantilla", "--salida", str(plantilla)]) == 0
    pdf_consolidado, pdf_plantilla = a_pdf([consolidado, plantilla], tmp_path)

    hojas = por_hoja(pdf_consolidado)
    libro = load_workbook(consolidado)
    assert set(hojas) == set(libro.sheetnames)
    for nombre, paginas in hojas.items():
        for pagina in paginas:
            assert pagina.ancho > pagina.alto, f"{nombre}: carta horizontal"
            assert not pagina.fuera_de_margen(), f"{nombre}: {pagina.fuera_de_margen()[:5]} se sale del margen"
            assert not CODIGO.findall(pagina.texto), f"{nombre}: claves internas impresas {CODIGO.findall(pagina.texto)[:5]}"
            assert not FECHA_ISO.search(pagina.texto), f"{nombre}: fecha ISO impresa"
    # «Por entidad»: una sola página, con los nombres y sus cifras juntos
    [entidad] = hojas["Por entidad"]
    for fila in libro["Por entidad"].iter_rows(min_row=2, values_only=True):
        nombre, total = (fila[1] or fila[0]), fila[8]
        assert all(palabra in entidad.texto.split() for palabra in str(nombre).split())
        assert f"{total:,}" in entidad.texto or str(total) in entidad.texto
    # «Acciones»: cada página trae el encabezado completo (las columnas caben a lo ancho) y las fechas dd/mm/aaaa
    acciones = hojas["Acciones"]
    for pagina in acciones:
        assert {"Fecha", "Municipio", "Título", "Total", "Estado"} <= set(pagina.texto.split()), pagina.texto[:200]
    assert re.search(r"\b\d{2}/\d{2}/2026\b", acciones[0].texto)
    assert len(acciones) <= 8  # 40 acciones; sin preparar la hoja eran 12 páginas de cuatro columnas
    tipos = {f[5] for f in libro["Acciones"].iter_rows(min_row=3, values_only=True)}
    assert tipos and not any(CODIGO.fullmatch(t) for t in tipos)  # «Capacitación / curso», no capacitacion_curso

    hojas = por_hoja(pdf_plantilla)
    [instrucciones] = hojas["Instrucciones"]
    assert instrucciones.alto > instrucciones.ancho and not instrucciones.fuera_de_margen()
    assert "lee." in instrucciones.texto.split() and "cargarlo." in instrucciones.texto.split()
    [acciones] = hojas["Acciones"]  # el encabezado de 34 columnas en una página (antes, en 10)
    assert acciones.ancho > acciones.alto and not acciones.fuera_de_margen()
    assert {"Identificador", "instrumento", "folio"} <= set(acciones.texto.split())  # ninguna palabra partida
    for nombre, paginas in hojas.items():
        assert all(not p.fuera_de_margen() for p in paginas), nombre
    hoja = load_workbook(plantilla)["Acciones"]
    encabezados = [c.value for c in hoja[1]]
    assert "Convenio: fecha de firma" in encabezados and not any(CODIGO.search(e) for e in encabezados)
    assert hoja.freeze_panes == "A3" and hoja.auto_filter.ref.startswith("A2:") and hoja.print_title_rows == "$1:$1"
    assert (hoja.page_setup.fitToWidth, hoja.page_setup.fitToHeight) == (1, 0)


def test_pdf_de_reportes(central, tmp_path):
    trimestral, compendio = tmp_path / "t4.pdf", tmp_path / "compendio.pdf"
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "trimestral", "--periodo", "2026T4", "--salida", str(trimestral)]) == 0
    assert main.principal(["--datos", str(central), "reporte", "--tipo", "compendio", "--periodo", "2026", "--salida", str(compendio)]) == 0
    paginas = texto_pdf(trimestral)
    _paginas_numeradas(paginas)
    texto = "\n".join(paginas)
    assert "4.º trimestre de 2026" in texto and "1.er semestre de 2026" in texto and "mayo de 2026" in texto
    assert not re.search(r"2026(T\d|-M\d|-S\d)", texto)
    paginas = texto_pdf(compendio)
    assert len(paginas) > 2
    _paginas_numeradas(paginas)
    texto = "\n".join(paginas)
    assert not UNO_EN_PLURAL.search(texto), UNO_EN_PLURAL.search(texto)
    for pagina in paginas:  # ningún título queda solo al pie: el cuerpo no termina en «RESULTADOS», «RETOS» ni en un objetivo
        cuerpo = pagina.split("Registro de Acciones — Frontera Sur")[0].strip().splitlines()
        assert cuerpo and cuerpo[-1].strip() not in ("RESULTADOS", "RETOS") and not re.match(r"Objetivo \d+\.", cuerpo[-1])


def test_caratula_acuse_y_ficha_para_firmar(tmp_path, monkeypatch):
    """El acuse lo firma la persona responsable de la oficina, nunca el usuario del sistema operativo."""
    monkeypatch.setenv("USER", LOGIN)
    monkeypatch.setenv("LOGNAME", LOGIN)
    red = red_de_oficinas(tmp_path, cifrado=True)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    _, importado = cli(red["est"], "importar", paquete["archivo"])
    assert cli(red["est"], "acuse", "--paquete", importado["paquetes"][0]["paquete"], "--salida", str(tmp_path / "acuse.json"))[0] == 0
    hoy = date.today().strftime("%d/%m/%Y")
    for pdf in (tmp_path / "ficha-mun.pdf", paquete["caratula"], tmp_path / "acuse.pdf"):
        paginas = texto_pdf(pdf)
        _paginas_numeradas(paginas)
        texto = "\n".join(paginas)
        assert LOGIN not in texto and "root" not in texto
        assert not FECHA_ISO.search(texto) and hoy in texto
        assert not UNO_EN_PLURAL.search(texto) and "…" not in texto.split("Paquete anterior")[-1].split("\n")[0]
    acuse = "\n".join(texto_pdf(tmp_path / "acuse.pdf"))
    assert "María Pérez" in acuse and "responsable de Enlace Estatal de Chiapas" in acuse
    assert "E07 — Enlace Estatal de Chiapas" in acuse and "M07089 — Oficina Municipal de Tapachula" in acuse
    ficha = "\n".join(texto_pdf(tmp_path / "ficha-mun.pdf"))
    assert f"Emitida {hoy}" in ficha or f"Emitida\n{hoy}" in ficha
    caratula = "\n".join(texto_pdf(paquete["caratula"]))
    assert "ninguno (primer paquete)" in caratula and "ninguno (primer paquete)…" not in caratula
    assert re.search(r"\d\.(º|er) trimestre de \d{4}", caratula)
