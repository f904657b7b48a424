"""Plantilla de captura en Excel: etiquetas en la fila 1, llaves del contrato en la fila 2, datos desde la 3,
listas desplegables de los catálogos, instrucciones y hojas de catálogo."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from base_local.consultas_catalogo import Catalogos
from formularios.campos import CAMPOS_CONVENIO, POR_CLAVE
from formularios.celdas import escribir as poner

SEPARADOR = " — "
COLUMNAS: tuple[str, ...] = (
    "id", "fecha_inicio", "fecha_fin", "entidad", "municipio", "localidad", "eje", "linea_accion",
    "actividad_programa", "linea_sectorial", "tipo_accion", "modalidad", "titulo", "descripcion", "resultados",
    "ordenes_gobierno", "instituciones", "objetivos_pmm", "eventos", "unidad_conteo", "poblacion",
    "mujeres", "hombres", "otra_identidad", "sin_dato", "total", "reto_texto", "reto_categorias",
    *(f"convenio.{c}" for c in CAMPOS_CONVENIO),
)
ETIQUETAS_EXTRA = {"reto_texto": "Reto (texto)", "reto_categorias": "Categorías del reto"}
FILAS_CON_LISTA = 5000
ENCABEZADO = PatternFill("solid", fgColor="1F5F8B")

INSTRUCCIONES = """Plantilla de captura — Registro de Acciones, Frontera Sur
1. Capture una acción por fila, desde la fila 3. No cambie las filas 1 y 2: la fila 2 tiene las llaves que el programa lee.
2. Fechas como fecha de Excel o como texto dd/mm/aaaa (15/03/2026) o aaaa-mm-dd.
3. Entidad, municipio, eje, línea, actividad, tipo, modalidad, unidad, población y estado del instrumento: elija de la lista
   desplegable (se acepta la clave sola, p. ej. 07089).
4. Varios valores en una celda (órdenes de gobierno, instituciones, objetivos del PMM, categorías del reto) van separados por comas.
5. Mujeres, hombres, otra identidad y sin dato: cifras enteras. El total es opcional; si lo escribe debe ser la suma.
6. La columna id la llena el programa: no la borre si vuelve a cargar el archivo (así no se duplican registros).
7. Las columnas de convenio solo se llenan cuando el tipo es convenio/acuerdo.
8. Pegue valores, no fórmulas; no combine celdas.
Cargue el archivo con «cargar-excel ARCHIVO.xlsx --simular» para revisarlo antes de cargarlo."""


def etiqueta_columna(clave: str) -> str:
    if clave in ETIQUETAS_EXTRA:
        return ETIQUETAS_EXTRA[clave]
    if clave.startswith("convenio."):
        return f"Convenio: {clave.split('.', 1)[1].replace('_', ' ')}"
    return POR_CLAVE[clave].etiqueta


def opciones(cat: Catalogos) -> dict[str, list[str]]:
    """Textos de las listas desplegables por columna: «clave — nombre»."""
    return {
        "entidad": [f"{c}{SEPARADOR}{n}" for c, n in cat.entidades.items()],
        "municipio": [f"{c}{SEPARADOR}{n}" for c, (_, n, _) in sorted(cat.vigentes("municipio", cat.municipios).items())],
        "eje": [f"{c}{SEPARADOR}Eje {n}. {t}" for c, (n, t) in cat.vigentes("eje", cat.ejes).items()],
        "linea_accion": [f"{c}{SEPARADOR}{t}" for c, (_, t) in cat.vigentes("linea_accion", cat.lineas_accion).items()],
        "actividad_programa": [f"{c}{SEPARADOR}{t}" for c, t in cat.vigentes("actividad_programa", cat.actividades).items()],
        "linea_sectorial": [f"{c}{SEPARADOR}{t}" for c, t in cat.vigentes("linea_sectorial", cat.lineas_sectoriales).items()],
        "tipo_accion": [f"{c}{SEPARADOR}{t[0]}" for c, t in cat.vigentes("tipo_accion", cat.tipos_accion).items()],
        "modalidad": list(cat.valores_de("modalidad")),
        "unidad_conteo": list(cat.valores_de("unidad_conteo")),
        "poblacion": [f"{c}{SEPARADOR}{t}" for c, t in cat.valores_de("poblacion").items()],
        "convenio.estado_instrumento": list(cat.valores_de("estado_instrumento")),
    }


def escribir(destino: Path, cat: Catalogos) -> Path:
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Acciones"
    for i, clave in enumerate(COLUMNAS, start=1):
        etiqueta = poner(hoja, 1, i, etiqueta_columna(clave))
        etiqueta.font, etiqueta.fill = Font(bold=True, color="FFFFFF"), ENCABEZADO
        etiqueta.alignment = Alignment(wrap_text=True, vertical="top")
        poner(hoja, 2, i, clave).font = Font(italic=True, color="555555")
        hoja.column_dimensions[get_column_letter(i)].width = 40 if clave in ("titulo", "descripcion", "resultados") else 18
    hoja.freeze_panes = "A3"
    hoja.row_dimensions[1].height = 32
    listas = opciones(cat)
    catalogo = libro.create_sheet("Catálogos")
    for j, (clave, valores) in enumerate(listas.items(), start=1):
        poner(catalogo, 1, j, clave).font = Font(bold=True)
        for k, v in enumerate(valores, start=2):
            poner(catalogo, k, j, v)
        letra = get_column_letter(j)
        validacion = DataValidation(type="list", formula1=f"='Catálogos'!${letra}$2:${letra}${len(valores) + 1}", allow_blank=True,
                                    showErrorMessage=True, errorTitle="Valor fuera del catálogo",
                                    error=f"Elija un valor de la lista de «{etiqueta_columna(clave)}».")
        columna = get_column_letter(COLUMNAS.index(clave) + 1)
        validacion.add(f"{columna}3:{columna}{FILAS_CON_LISTA}")
        hoja.add_data_validation(validacion)
        catalogo.column_dimensions[letra].width = 40
    for nombre, filas in (("Objetivos PMM", [(n, t) for n, t in sorted(cat.objetivos_pmm.items())]),
                          ("Categorías de retos", list(cat.vigentes("categoria_reto", cat.categorias_reto).items())),
                          ("Instituciones", list(cat.instituciones.items()))):
        extra = libro.create_sheet(nombre)
        for n, fila in enumerate([("Clave", "Nombre"), *filas], start=1):
            for j, v in enumerate(fila, start=1):
                poner(extra, n, j, v)
        extra.column_dimensions["B"].width = 90
    instrucciones = libro.create_sheet("Instrucciones", 0)
    for n, linea in enumerate(INSTRUCCIONES.splitlines(), start=1):
        poner(instrucciones, n, 1, linea)
    instrucciones.column_dimensions["A"].width = 130
    libro.active = 1
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro.save(destino)
    return destino
