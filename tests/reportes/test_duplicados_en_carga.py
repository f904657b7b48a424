"""Duplicados donde ocurren: dos filas del mismo libro que son la misma acción se avisan, cada una nombrando a la otra."""

from __future__ import annotations

from tests.empaquetado.util import cli
from tests.reportes.test_carga_excel import FILA, llenar, plantilla  # noqa: F401  (fixture)

# El caso del compendio publicado: la misma oficina municipal reporta 19,717 atenciones dos veces, con dos objetivos.
ATENCIONES = {**FILA, "tipo_accion": "asesoria_atencion — Asesoría / atención", "unidad_conteo": "atenciones",
              "poblacion": "personas_movilidad", "mujeres": 10_517, "hombres": 9_200, "eventos": 250}


def test_dos_filas_con_las_mismas_cifras_se_avisan_nombrando_ambas(oficina_municipal, plantilla, tmp_path):  # noqa: F811
    libro = llenar(plantilla, tmp_path / "compendio.xlsx",
                   {**ATENCIONES, "titulo": "Atención a personas en contexto de movilidad", "objetivos_pmm": "7"},
                   {**ATENCIONES, "titulo": "Servicios de orientación migratoria", "objetivos_pmm": "15"},
                   {**FILA, "titulo": "Reunión distinta", "mujeres": 3, "hombres": 4})
    codigo, res = cli(oficina_municipal, "cargar-excel", "--simular", str(libro))
    assert codigo == 0, res
    avisos = [p for p in res["problemas"] if "misma acción que la fila" in p["mensaje"]]
    assert sorted((p["fila"], p["mensaje"].split("fila ")[1].split()[0]) for p in avisos) == [(3, "4"), (4, "3")]
    assert all(p["nivel"] == "aviso" and "19,717" in p["mensaje"] for p in avisos)


def test_filas_de_distinto_municipio_o_lejanas_en_fecha_no_se_avisan(oficina_municipal, plantilla, tmp_path):  # noqa: F811
    libro = llenar(plantilla, tmp_path / "distintas.xlsx",
                   {**ATENCIONES, "titulo": "Jornada A"},
                   {**ATENCIONES, "titulo": "Jornada B", "municipio": "07087 — Suchiate"},
                   {**ATENCIONES, "titulo": "Jornada C", "fecha_inicio": "20/10/2026", "fecha_fin": "20/10/2026"})
    codigo, res = cli(oficina_municipal, "cargar-excel", "--simular", str(libro))
    assert codigo == 0, res
    assert not [p for p in res["problemas"] if "misma acción que la fila" in p["mensaje"]]


def test_los_reportes_no_cargan_cryptography():
    """Los reportes son Python puro: el Python embebido bajo Wine (make comprobar-instalador) los usa sin cryptography
    ni pyrage (extensiones compiladas)."""
    import subprocess
    import sys

    codigo = ("import sys, reportes.generar, reportes.hojas, formularios.duplicados, base_local.modelos; "
              "sys.exit(any(m.startswith(('cryptography', 'pyrage')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", codigo]).returncode == 0
