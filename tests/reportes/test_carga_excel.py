"""Carga masiva: la plantilla va y vuelve, cada error dice fila y columna, y un archivo hostil nunca truena."""

from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

import main
from base_local.modelos import Accion
from tests.empaquetado.util import cli, huella_base

FILA = dict(fecha_inicio=datetime(2026, 10, 3), fecha_fin="03/10/2026", entidad="07 — Chiapas", municipio="07089 — Tapachula",
            eje="coordinacion — Eje 1. Coordinación Interinstitucional", linea_accion="reuniones_tres_niveles", tipo_accion="reunion_trabajo — Reunión de trabajo",
            modalidad="presencial", titulo="Reunión de coordinación interinstitucional", descripcion="Se acordó la ruta de atención.",
            objetivos_pmm="7, 15", eventos=2, unidad_conteo="personas", poblacion="servidores_publicos", mujeres=10, hombres="12",
            otra_identidad=0, sin_dato=0, instituciones="INM, DIF", ordenes_gobierno="federal, municipal",
            reto_texto="Falta de intérpretes", reto_categorias="barreras_idioma_culturales")


@pytest.fixture
def plantilla(oficina_municipal, tmp_path):
    destino = tmp_path / "plantilla.xlsx"
    assert cli(oficina_municipal, "plantilla", "--salida", str(destino))[0] == 0
    return destino


def llenar(plantilla, destino, *filas):
    libro = load_workbook(plantilla)
    hoja = libro["Acciones"]
    llaves = [c.value for c in hoja[2]]
    for datos in filas:
        fila = [None] * len(llaves)
        for k, v in datos.items():
            fila[llaves.index(k)] = v
        hoja.append(fila)
    libro.save(destino)
    return destino


def _contar(carpeta):
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas

    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        n = s.scalar(select(func.count()).select_from(Accion))
        filas = s.scalars(select(Accion).order_by(Accion.fecha_inicio)).all()
    base.cerrar()
    return n, filas


def test_plantilla_tiene_llaves_listas_e_instrucciones(plantilla):
    libro = load_workbook(plantilla)
    assert libro.sheetnames[:2] == ["Instrucciones", "Acciones"] and "Catálogos" in libro.sheetnames
    hoja = libro["Acciones"]
    assert hoja["B1"].value == "Fecha de inicio" and hoja["B2"].value == "fecha_inicio"
    validaciones = {str(v.sqref): v.formula1 for v in hoja.data_validations.dataValidation}
    assert any("Catálogos" in f for f in validaciones.values())
    municipio = next(f for r, f in validaciones.items() if r.startswith("E3"))
    catalogo = libro["Catálogos"]
    columna = municipio.split("!")[1].split(":")[0].replace("$", "")[0]
    assert sum(1 for c in catalogo[columna] if c.value) == 166  # encabezado + 165 municipios
    assert "07089 — Tapachula" in [c.value for c in catalogo[columna]]


def test_ida_y_vuelta_y_segunda_carga_no_duplica(oficina_municipal, plantilla, tmp_path):
    archivo = llenar(plantilla, tmp_path / "llena.xlsx", FILA, {**FILA, "titulo": "Taller de sensibilización a personal del DIF",
                                                                 "tipo_accion": "taller", "eje": "capacitacion", "linea_accion": None,
                                                                 "fecha_inicio": "15/10/2026", "fecha_fin": "2026-10-15", "total": 22})
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 0 and (r["nuevas"], r["con_errores"]) == (2, 0), r["problemas"]
    n, acciones = _contar(oficina_municipal)
    a = acciones[0]
    assert n == 2 and (a.mujeres, a.hombres, a.total, a.eventos) == (10, 12, 22, 2)
    assert a.objetivos_pmm == [7, 15] and a.instituciones == ["INM", "DIF"] and a.municipio == "07089"
    assert a.retos == [{"texto": "Falta de intérpretes", "categorias": ["barreras_idioma_culturales"]}]
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 0 and (r["nuevas"], r["sin_cambios"]) == (0, 2)
    revisada = load_workbook(r["copia_revisada"])["Acciones"]
    ids = [f[0] for f in revisada.iter_rows(min_row=3, values_only=True)]
    assert sorted(ids) == sorted(x.id for x in acciones)
    codigo, r = cli(oficina_municipal, "cargar-excel", r["copia_revisada"])  # la copia con ids tampoco duplica
    assert codigo == 0 and r["sin_cambios"] == 2 and _contar(oficina_municipal)[0] == 2


def test_total_que_no_suma_y_municipio_de_otra_entidad(oficina_municipal, plantilla, tmp_path):
    archivo = llenar(plantilla, tmp_path / "mala.xlsx", FILA, {**FILA, "titulo": "Otra reunión de seguimiento", "total": 3306, "mujeres": 1600, "hombres": 1606},
                     {**FILA, "titulo": "Reunión en Tabasco", "municipio": "27007 — Emiliano Zapata"})
    antes = huella_base(oficina_municipal)
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 2 and r["cargado"] is False and r["con_errores"] == 2
    por_fila = {(p["fila"], p["columna"].split(" ")[0]): p["mensaje"] for p in r["problemas"] if p["nivel"] == "error"}
    assert "3,306" in por_fila[(4, "Z")] and "3,206" in por_fila[(4, "Z")]
    assert "pertenece a Tabasco" in por_fila[(5, "E")]
    assert huella_base(oficina_municipal) == antes
    revisada = load_workbook(r["copia_revisada"])["Acciones"]
    columna = next(c.column for c in revisada[2] if c.value == "errores")
    assert "Error en Z (total): El total escrito (3,306)" in revisada.cell(row=4, column=columna).value
    assert revisada.cell(row=3, column=columna).value is None
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo), "--parcial")
    assert r["nuevas"] == 1 and _contar(oficina_municipal)[0] == 1


def test_simular_no_escribe(oficina_municipal, plantilla, tmp_path):
    archivo = llenar(plantilla, tmp_path / "llena.xlsx", FILA)
    antes = huella_base(oficina_municipal)
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo), "--simular")
    assert codigo == 0 and r["validas"] == 1 and r["cargado"] is False
    assert huella_base(oficina_municipal) == antes


def _libro_ajeno(destino):
    libro = Workbook()
    libro.active.title = "Acciones"
    libro.active.append(["Fecha", "Lugar", "Personas"])
    libro.active.append(["2026-01-01", "Tapachula", 10])
    libro.save(destino)


@pytest.mark.parametrize("caso, esperado", [
    ("no_es_xlsx", "no es un libro de Excel"),
    ("xlsx_danado", "está dañado"),
    ("plantilla_ajena", "no tiene en la fila 2 las llaves"),
    ("sin_hoja", "no tiene la hoja «Acciones»"),
    ("celdas_combinadas", "celdas combinadas en"),
    ("demasiadas_filas", "el máximo por archivo es 20,000"),
    ("demasiado_grande", "el máximo es 20 MB"),
])
def test_archivos_hostiles_dan_mensaje_y_no_cambian_nada(oficina_municipal, plantilla, tmp_path, caso, esperado):
    archivo = tmp_path / f"{caso}.xlsx"
    if caso == "no_es_xlsx":
        archivo.write_text("fecha;municipio\n2026-01-01;07089\n", encoding="utf-8")
    elif caso == "xlsx_danado":
        archivo.write_bytes(plantilla.read_bytes()[:4000])
    elif caso == "plantilla_ajena":
        _libro_ajeno(archivo)
    elif caso == "sin_hoja":
        libro = Workbook()
        libro.active.title = "Hoja1"
        libro.save(archivo)
    elif caso == "celdas_combinadas":
        llenar(plantilla, archivo, FILA, FILA)
        libro = load_workbook(archivo)
        libro["Acciones"].merge_cells("M3:O4")
        libro.save(archivo)
    elif caso == "demasiadas_filas":
        libro = load_workbook(plantilla)
        hoja = libro["Acciones"]
        for i in range(50_000):
            hoja.cell(row=3 + i, column=13, value=f"Acción {i}")
        libro.save(archivo)
    else:
        archivo.write_bytes(b"PK\x03\x04" + bytes(30 * 1024 * 1024))
    antes = huella_base(oficina_municipal)
    codigo, salida = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 2 and esperado in salida["mensaje"], salida
    assert huella_base(oficina_municipal) == antes


def test_formulas_fechas_y_numeros_como_texto(oficina_municipal, plantilla, tmp_path):
    archivo = llenar(plantilla, tmp_path / "mixta.xlsx", {**FILA, "mujeres": "=5+5"},
                     {**FILA, "titulo": "Fecha escrita a mano", "fecha_inicio": "15 de marzo", "fecha_fin": "15 de marzo"},
                     {**FILA, "titulo": "Cifras escritas como texto", "mujeres": "1,200", "hombres": " 30 ", "fecha_inicio": "20/10/2026", "fecha_fin": "20/10/2026"})
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo), "--parcial")
    errores = {(p["fila"], p["columna"].split(" ")[1].strip("()")): p["mensaje"] for p in r["problemas"] if p["nivel"] == "error"}
    assert "fórmula" in errores[(3, "mujeres")]
    assert "no es una fecha" in errores[(4, "fecha_inicio")]
    assert r["nuevas"] == 1
    assert _contar(oficina_municipal)[1][0].mujeres == 1200
    assert main.principal(["--datos", str(oficina_municipal), "cargar-excel", str(tmp_path / "no-existe.xlsx")]) == 2


def test_cifra_sola_en_columna_de_lista(oficina_municipal, plantilla, tmp_path):
    """Hallazgo de `make fuzz`: un número suelto en una columna de lista no debe tronar."""
    archivo = llenar(plantilla, tmp_path / "cifra.xlsx", {**FILA, "reto_categorias": 1, "objetivos_pmm": 7})
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 2 and any("no existen: 1" in p["mensaje"] for p in r["problemas"])


@pytest.mark.parametrize("valor", [1.7976931348623155e308, 7.5])
def test_cifra_enorme_o_fraccionaria_en_columna_de_lista(oficina_municipal, plantilla, tmp_path, valor):
    """Hallazgo de `make fuzz`: 1.79e308 en objetivos PMM se lee como infinito y tronaba al convertirlo."""
    archivo = llenar(plantilla, tmp_path / "enorme.xlsx", {**FILA, "objetivos_pmm": valor})
    codigo, r = cli(oficina_municipal, "cargar-excel", str(archivo))
    assert codigo == 2 and any(p["columna"] and "objetivo" in p["mensaje"].lower() for p in r["problemas"]), r["problemas"]
    assert _contar(oficina_municipal)[0] == 0
