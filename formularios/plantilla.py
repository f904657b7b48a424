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
from formularios.impresion import envolver, para_imprimir
from formularios.legible import OTRAS_ETIQUETAS

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

TITULO_INSTRUCCIONES = "Plantilla de captura — Registro de Acciones, Frontera Sur"
INSTRUCCIONES = (
    "1. Capture una acción por fila, desde la fila 3. No cambie las filas 1 y 2: la fila 2 tiene las llaves que el programa lee.",
    "2. Fechas como fecha de Excel o como texto dd/mm/aaaa (15/03/2026) o aaaa-mm-dd.",
    "3. Entidad, municipio, eje, línea, actividad, tipo, modalidad, unidad, población y estado del instrumento: elija de la "
    "lista desplegable (se acepta la clave sola, p. ej. 07089).",
    "4. Varios valores en una celda (órdenes de gobierno, instituciones, objetivos del PMM, categorías del reto) van separados por comas.",
    "5. Mujeres, hombres, otra identidad y sin dato: cifras enteras. El total es opcional; si lo escribe debe ser la suma.",
    "6. La columna id la llena el programa: no la borre si vuelve a cargar el archivo (así no se duplican registros).",
    "7. Las columnas de convenio solo se llenan cuando el tipo es convenio/acuerdo.",
    "8. Pegue valores, no fórmulas; no combine celdas.",
    "Cargue el archivo con «cargar-excel ARCHIVO.xlsx --simular» para revisarlo antes de cargarlo.",
)
ANCHO_INSTRUCCIONES = 85
# anchos estrechos y encabezados en renglones: las 34 columnas caben en una página horizontal de ancho
ANCHOS = {"id": 10, "fecha_inicio": 10, "fecha_fin": 10, "entidad": 12, "municipio": 16, "titulo": 20, "descripcion": 20,
          "resultados": 20, "objetivos_pmm": 9, "eventos": 9, "mujeres": 8, "hombres": 8, "otra_identidad": 8, "sin_dato": 8,
          "total": 8, "reto_texto": 16, "poblacion": 12, "modalidad": 11, "unidad_conteo": 10}


def etiqueta_columna(clave: str) -> str:
    """«Tipo de acción», «Convenio: fecha de firma»: el encabezado que lee la persona (la llave va en la fila 2)."""
    if clave in ETIQUETAS_EXTRA:
        return ETIQUETAS_EXTRA[clave]
    if clave.startswith("convenio."):
        texto = OTRAS_ETIQUETAS[clave.split(".", 1)[1]]
        return f"Convenio: {texto[0].lower()}{texto[1:]}"
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
        "modalidad": [f"{c}{SEPARADOR}{t}" for c, t in cat.valores_de("modalidad").items()],
        "unidad_conteo": [f"{c}{SEPARADOR}{t}" for c, t in cat.valores_de("unidad_conteo").items()],
        "poblacion": [f"{c}{SEPARADOR}{t}" for c, t in cat.valores_de("poblacion").items()],
        "convenio.estado_instrumento": [f"{c}{SEPARADOR}{t}" for c, t in cat.valores_de("estado_instrumento").items()],
    }


def _encabezado(celda) -> None:
    celda.font, celda.fill = Font(bold=True, color="FFFFFF"), ENCABEZADO
    celda.alignment = Alignment(wrap_text=True, vertical="top")


def _hoja_acciones(hoja) -> None:
    """Etiquetas (fila 1) y llaves (fila 2); carta horizontal a una página de ancho con el encabezado repetido."""
    hoja.title = "Acciones"
    for i, clave in enumerate(COLUMNAS, start=1):
        _encabezado(poner(hoja, 1, i, etiqueta_columna(clave)))
        poner(hoja, 2, i, clave).font = Font(italic=True, color="555555")
        palabra = max(len(x) for x in etiqueta_columna(clave).split())  # ninguna palabra del encabezado se parte
        hoja.column_dimensions[get_column_letter(i)].width = max(palabra + 4, ANCHOS.get(clave, 12 if clave.startswith("convenio.") else 14))
    hoja.freeze_panes = "A3"
    hoja.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNAS))}{FILAS_CON_LISTA}"  # filtros sobre la fila de llaves
    hoja.row_dimensions[1].height = 45
    para_imprimir(hoja, horizontal=True, filas_titulo="1:1")


def _hoja_catalogos(libro: Workbook, hoja, cat: Catalogos) -> None:
    """Las listas desplegables: una columna por campo, con la etiqueta del campo como encabezado."""
    catalogo = libro.create_sheet("Catálogos")
    for j, (clave, valores) in enumerate(opciones(cat).items(), start=1):
        _encabezado(poner(catalogo, 1, j, etiqueta_columna(clave)))
        for k, v in enumerate(valores, start=2):
            poner(catalogo, k, j, v)
        letra = get_column_letter(j)
        validacion = DataValidation(type="list", formula1=f"='Catálogos'!${letra}$2:${letra}${len(valores) + 1}", allow_blank=True,
                                    showErrorMessage=True, errorTitle="Valor fuera del catálogo",
                                    error=f"Elija un valor de la lista de «{etiqueta_columna(clave)}».")
        columna = get_column_letter(COLUMNAS.index(clave) + 1)
        validacion.add(f"{columna}3:{columna}{FILAS_CON_LISTA}")
        hoja.add_data_validation(validacion)
        catalogo.column_dimensions[letra].width = min(30, max(14, *(len(v) for v in valores)))
    catalogo.freeze_panes = "A2"
    catalogo.row_dimensions[1].height = 32
    para_imprimir(catalogo, horizontal=True)


def _hoja_de_consulta(libro: Workbook, nombre: str, filas: list[tuple]) -> None:
    """Clave y nombre (objetivos, categorías, instituciones), con el nombre en renglones: carta vertical."""
    extra = libro.create_sheet(nombre)
    for j, titulo in enumerate(("Clave", "Nombre"), start=1):
        _encabezado(poner(extra, 1, j, titulo))
    for n, fila in enumerate(filas, start=2):
        for j, valor in enumerate(fila, start=1):
            poner(extra, n, j, valor)
    extra.column_dimensions["A"].width = max(8, *(len(str(f[0])) + 2 for f in filas))
    extra.column_dimensions["B"].width = 80
    for n in range(2, len(filas) + 2):
        envolver(extra, n, {1: 8, 2: 80})
    extra.freeze_panes = "A2"
    extra.auto_filter.ref = f"A1:B{len(filas) + 1}"
    para_imprimir(extra, horizontal=False)


def _hoja_instrucciones(libro: Workbook) -> None:
    instrucciones = libro.create_sheet("Instrucciones", 0)
    poner(instrucciones, 1, 1, TITULO_INSTRUCCIONES).font = Font(bold=True, size=13, color="1F5F8B")
    for n, parrafo in enumerate(INSTRUCCIONES, start=2):
        poner(instrucciones, n, 1, parrafo)
        envolver(instrucciones, n, {1: ANCHO_INSTRUCCIONES})
    instrucciones.column_dimensions["A"].width = ANCHO_INSTRUCCIONES
    para_imprimir(instrucciones, horizontal=False, filas_titulo=None)


def escribir(destino: Path, cat: Catalogos) -> Path:
    libro = Workbook()
    hoja = libro.active
    _hoja_acciones(hoja)
    _hoja_catalogos(libro, hoja, cat)
    for nombre, filas in (("Objetivos PMM", [(n, t) for n, t in sorted(cat.objetivos_pmm.items())]),
                          ("Categorías de retos", list(cat.vigentes("categoria_reto", cat.categorias_reto).items())),
                          ("Instituciones", list(cat.instituciones.items()))):
        _hoja_de_consulta(libro, nombre, filas)
    _hoja_instrucciones(libro)
    libro.active = 1
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro.save(destino)
    return destino
