"""Posibles duplicados entre oficinas: la estatal y su municipio reportan la misma reunión conjunta; la estatal y la
central lo ven lado a lado, lo marcan «no es duplicado» (se conserva al reimportar) u observan al origen."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.empaquetado.util import cli, consultar, red_de_oficinas
from tests.reportes.test_carga_excel import FILA, llenar

REUNION = {**FILA, "titulo": "Mesa conjunta de atención a personas migrantes en Tapachula", "mujeres": 14, "hombres": 11}


def _cargar(carpeta: Path, raiz: Path, nombre: str, **fila) -> Path:
    plantilla = raiz / f"plantilla-{nombre}.xlsx"
    assert cli(carpeta, "plantilla", "--salida", str(plantilla))[0] == 0
    libro = llenar(plantilla, raiz / f"{nombre}.xlsx", fila)
    codigo, res = cli(carpeta, "cargar-excel", str(libro))
    assert codigo == 0 and res["cargado"], res
    return Path(res["copia_revisada"])


def _exportar(carpeta: Path, raiz: Path) -> str:
    codigo, res = cli(carpeta, "exportar", "--salida", str(raiz / "paquetes"))
    assert codigo == 0, res
    return res["archivo"]


def _importar(carpeta: Path, paquete: str) -> dict:
    codigo, res = cli(carpeta, "importar", paquete)
    assert codigo == 0, res
    return res["paquetes"][0]


def test_misma_reunion_de_estatal_y_municipio_se_ve_lado_a_lado_y_la_revision_se_conserva(tmp_path, motor_central):
    """En la central en SQLite y en PostgreSQL."""
    red = red_de_oficinas(tmp_path, motor_central)
    revisado_mun = _cargar(red["mun"], tmp_path, "mun", **REUNION)
    _cargar(red["est"], tmp_path, "est", **{**REUNION, "titulo": "Mesa interinstitucional conjunta con el municipio"})
    en_estatal = _importar(red["est"], _exportar(red["mun"], tmp_path))
    assert len(en_estatal["posibles_duplicados"]) == 1  # la estatal ya lo ve al recibir a su municipio

    paquete_estatal = _exportar(red["est"], tmp_path)
    vista = cli(red["cen"], "importar", "--simular", paquete_estatal)[1]["paquetes"][0]
    assert len(vista["posibles_duplicados"]) == 1  # en la vista previa, sin escribir nada
    assert consultar(red["cen"], "select count(*) from posible_duplicado") == [(0,)]
    _importar(red["cen"], paquete_estatal)

    codigo, lista = cli(red["cen"], "duplicados")
    assert codigo == 0 and lista["pendientes"] == 1
    par = lista["parejas"][0]
    assert {par["a"]["oficina_origen"], par["b"]["oficina_origen"]} == {"M07089", "E07"}
    assert par["a"]["total"] == par["b"]["total"] == 25

    libro = tmp_path / "consolidado.xlsx"
    assert cli(red["cen"], "reporte", "--tipo", "consolidado", "--salida", str(libro))[0] == 0
    filas = list(load_workbook(libro, read_only=True)["Indicadores"].iter_rows(values_only=True))
    assert next(f[1] for f in filas if f and f[0] == "Posibles duplicados sin revisar") == 1

    a, b = par["a"]["id"], par["b"]["id"]
    assert cli(red["cen"], "duplicados", "--no-es", a, b)[0] == 2  # sin nota no se marca
    assert cli(red["cen"], "duplicados", "--no-es", b, a, "--nota", "Dos sesiones distintas el mismo día")[0] == 0
    assert cli(red["cen"], "duplicados")[1]["pendientes"] == 0

    # El municipio corrige su registro (misma acción, revisión nueva) y todo vuelve a subir: la decisión se conserva.
    libro = load_workbook(revisado_mun)
    hoja = libro["Acciones"]
    llaves = [c.value for c in hoja[2]]
    hoja.cell(row=3, column=llaves.index("descripcion") + 1, value="Se acordó la ruta de atención y el seguimiento.")
    libro.save(revisado_mun)
    assert cli(red["mun"], "cargar-excel", str(revisado_mun))[1]["actualizadas"] == 1
    _importar(red["est"], _exportar(red["mun"], tmp_path))
    assert _importar(red["cen"], _exportar(red["est"], tmp_path))["actualizados"] == 1
    todos = cli(red["cen"], "duplicados", "--todos")[1]
    assert todos["pendientes"] == 0 and [p["estado"] for p in todos["parejas"]] == ["no_es_duplicado"]
    # Nadie anuló nada: ambas siguen vivas en la central.
    assert sorted(e for (e,) in consultar(red["cen"], "select estado from accion")) == ["enviada", "enviada"]


def test_observar_un_posible_duplicado_viaja_a_la_oficina_de_origen_en_el_acuse(tmp_path):
    red = red_de_oficinas(tmp_path)
    _cargar(red["mun"], tmp_path, "mun", **REUNION)
    _cargar(red["est"], tmp_path, "est", **REUNION)
    _importar(red["est"], _exportar(red["mun"], tmp_path))
    par = cli(red["est"], "duplicados")[1]["parejas"][0]
    municipal = next(x for x in (par["a"], par["b"]) if x["oficina_origen"] == "M07089")["id"]
    codigo, res = cli(red["est"], "duplicados", "--observar", par["a"]["id"], par["b"]["id"], "--sobre", municipal,
                      "--nota", "Es la misma mesa que reportó la estatal: anule la suya.")
    assert codigo == 0, res
    paquete = consultar(red["est"], "select id from paquete_entrada")[0][0]
    acuse = tmp_path / "acuse.json"
    assert cli(red["est"], "acuse", "--paquete", paquete, "--salida", str(acuse))[0] == 0
    registros = json.loads(acuse.read_text())["registros"]
    observado = next(r for r in registros if r["id"] == municipal)
    assert "Posible duplicado" in json.dumps(observado, ensure_ascii=False)


def test_dentro_de_un_paquete_de_una_misma_oficina_se_hallan_en_la_vista_previa(tmp_path):
    """El caso del compendio: la municipal carga dos veces las mismas 19,717 atenciones (el aviso de la carga se
    reconoció y se guardaron ambas); la estatal lo ve en la vista previa y al importar, aunque ambas sean de M07089."""
    from tests.reportes.test_duplicados_en_carga import ATENCIONES

    red = red_de_oficinas(tmp_path)
    plantilla = tmp_path / "plantilla.xlsx"
    assert cli(red["mun"], "plantilla", "--salida", str(plantilla))[0] == 0
    libro = llenar(plantilla, tmp_path / "compendio.xlsx",
                   {**ATENCIONES, "titulo": "Atención a personas en contexto de movilidad", "objetivos_pmm": "7"},
                   {**ATENCIONES, "titulo": "Servicios de orientación migratoria", "objetivos_pmm": "15"},
                   {**FILA, "titulo": "Reunión distinta", "mujeres": 3, "hombres": 4})
    codigo, res = cli(red["mun"], "cargar-excel", str(libro))
    assert codigo == 0 and res["cargado"], res
    paquete = _exportar(red["mun"], tmp_path)

    codigo, vista = cli(red["est"], "importar", "--simular", paquete)
    assert codigo == 0, vista
    assert len(vista["paquetes"][0]["posibles_duplicados"]) == 1
    assert consultar(red["est"], "select count(*) from posible_duplicado") == [(0,)]  # la vista previa no escribe
    assert len(_importar(red["est"], paquete)["posibles_duplicados"]) == 1
    par = cli(red["est"], "duplicados")[1]["parejas"][0]
    assert par["a"]["oficina_origen"] == par["b"]["oficina_origen"] == "M07089"
    assert par["a"]["total"] == par["b"]["total"] == 19_717
    # Reimportar el mismo paquete no crea la pareja otra vez.
    assert cli(red["est"], "importar", paquete)[1]["paquetes"][0]["resultado"] == "duplicado"
    assert consultar(red["est"], "select count(*) from posible_duplicado") == [(1,)]


def test_lo_ya_guardado_de_la_misma_oficina_no_se_compara_al_recibir(tmp_path):
    """Un paquete nuevo de la municipal no se compara contra lo que la misma municipal mandó antes (eso se comparó
    al capturar): solo dentro del paquete y contra otras oficinas."""
    red = red_de_oficinas(tmp_path)
    _cargar(red["mun"], tmp_path, "uno", **REUNION)
    _importar(red["est"], _exportar(red["mun"], tmp_path))
    _cargar(red["mun"], tmp_path, "dos", **{**REUNION, "titulo": "Mesa conjunta de atención (segunda sesión)"})
    assert _importar(red["est"], _exportar(red["mun"], tmp_path))["posibles_duplicados"] == []
