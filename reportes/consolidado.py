"""Libro consolidado (xlsx): una fila por acción viva con todas las llaves, resúmenes por sexo, convenios,
indicadores y retos. Encabezado fijo, filtros, anchos y formatos; cada celda la escribe formularios/celdas.py (T24).
Listo para imprimir: carta horizontal a una página de ancho, encabezado repetido; en «Acciones» se imprimen las
columnas principales (las demás, a la derecha, quedan fuera del área de impresión). Los catálogos se ven por su
nombre; las claves INEGI de entidad y municipio van en sus propias columnas."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from base_local.consultas_catalogo import Catalogos
from base_local.periodos import etiqueta_periodo
from formularios.campos import CAMPOS, CAMPOS_CONVENIO, ETIQUETAS_SEXO, SEXOS
from formularios.celdas import FilasDeHoja, celda, texto_de_celda
from formularios.impresion import para_imprimir
from formularios.legible import nombres_de_catalogo
from formularios.plantilla import etiqueta_columna
from reportes.datos import CIFRAS, sumar
from reportes.indicadores import FilaIndicador, asistencia

ENCABEZADO = Font(bold=True, color="FFFFFF")
FONDO = PatternFill("solid", fgColor="1F5F8B")
MILES = "#,##0"
FECHA = "DD/MM/YYYY"
FECHA_HORA = "DD/MM/YYYY HH:MM"
# «Acciones»: primero las columnas que se imprimen (fechas, lugar, tipo, título, cifras), luego el resto del contrato
IMPRESAS = ("fecha_inicio", "fecha_fin", "entidad", "municipio", "eje", "tipo_accion", "titulo", "objetivos_pmm", "eventos",
            *SEXOS, "total", "estado")
CLAVES_INEGI = {"clave_entidad": ("entidad", "Clave INEGI de la entidad"), "clave_municipio": ("municipio", "Clave INEGI del municipio")}
COLUMNAS_ACCION = [*IMPRESAS, *(c.clave for c in CAMPOS if c.clave not in (*IMPRESAS, "convenio")),
                   *(f"convenio.{c}" for c in CAMPOS_CONVENIO), *CLAVES_INEGI]
ANCHOS = {"fecha_inicio": 11, "fecha_fin": 11, "entidad": 13, "municipio": 20, "eje": 26, "tipo_accion": 20, "titulo": 40,
          "objetivos_pmm": 10, "eventos": 9, **dict.fromkeys(SEXOS, 9), "sin_dato": 10, "total": 10, "estado": 10,
          "descripcion": 40, "resultados": 40, "id": 38, "revision": 9}
ENVUELTAS = ("eje", "titulo")  # columnas impresas de texto largo: en renglones, no cortadas
MAX_FILAS_EXCEL = 1_048_576


def _hoja(libro: Workbook, titulo: str, etiquetas: list[str], llaves: list[str] | None, anchos: list[int], impresas: int | None = None):
    """Hoja con su encabezado (y la fila de llaves), fija al desplazarse y repetida en cada página impresa; se
    imprimen sus columnas (o las `impresas` primeras), sin el texto que se desborda a la derecha."""
    hoja = libro.create_sheet(titulo)
    para_imprimir(hoja, horizontal=True, area=f"A1:{get_column_letter(impresas or len(etiquetas))}{MAX_FILAS_EXCEL}")  # antes de la primera fila: el modo de solo escritura la escribe al inicio
    hoja.row_dimensions[1].height = 30  # encabezados de dos renglones («Sin dato de sexo»)
    for i, ancho in enumerate(anchos, start=1):
        hoja.column_dimensions[get_column_letter(i)].width = ancho
    filas_encabezado = 2 if llaves else 1
    hoja.freeze_panes = f"A{filas_encabezado + 1}"
    encabezado = []
    for texto in etiquetas:
        c = celda(hoja, texto)
        c.font, c.fill, c.alignment = ENCABEZADO, FONDO, Alignment(wrap_text=True, vertical="top")
        encabezado.append(c)
    hoja.append(encabezado)
    if llaves:  # las llaves del contrato, para quien procesa el libro; ocultas en pantalla y en papel
        hoja.row_dimensions[2].hidden = True
        hoja.append([celda(hoja, k) for k in llaves])
    return hoja


def _filtro(hoja, columnas: int, filas: int, inicio: int) -> None:
    hoja.auto_filter.ref = f"A{inicio}:{get_column_letter(columnas)}{max(filas + inicio, inicio + 1)}"


def _momento(valor: str) -> datetime | None:
    """Momento guardado en UTC («2026-12-07T00:33:15Z») como fecha y hora local de Excel (sin zona)."""
    try:
        momento = datetime.fromisoformat(valor.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (momento if momento.tzinfo else momento.replace(tzinfo=UTC)).astimezone().replace(tzinfo=None)


def _valor(r: dict[str, Any], clave: str, nombres: dict[str, dict[Any, str]] | None = None) -> Any:
    """El valor de la columna `clave`; con `nombres` (de `nombres_visibles`), los catálogos por su nombre."""
    if clave in CLAVES_INEGI:
        return r.get(CLAVES_INEGI[clave][0])
    nombres_de = (nombres or {}).get(clave.removeprefix("convenio."), {})
    if clave.startswith("convenio."):
        valor = (r.get("convenio") or {}).get(clave.split(".", 1)[1])
        if clave in ("convenio.fecha_firma", "convenio.vigencia_hasta") and valor:
            return date.fromisoformat(valor)
        return nombres_de.get(valor, valor)
    valor = r.get(clave)
    if clave in ("fecha_inicio", "fecha_fin") and valor:
        return date.fromisoformat(valor)
    if clave in ("creado_en", "actualizado_en") and isinstance(valor, str) and nombres is not None:
        return _momento(valor) or valor
    if clave == "retos":
        categorias = (nombres or {}).get("categorias", {})
        return "; ".join(f"{x['texto']} [{', '.join(categorias.get(c, c) for c in x['categorias'])}]" for x in valor or [])
    if clave == "evidencias":
        return ", ".join(e["nombre"] for e in valor or [])
    if clave == "edades":
        return json.dumps(valor, ensure_ascii=False) if valor else None
    if isinstance(valor, list):
        return ", ".join(str(nombres_de.get(v, v)) for v in valor)
    return nombres_de.get(valor, valor)


def nombres_visibles(cat: Catalogos) -> dict[str, dict[Any, str]]:
    """Por columna, {clave: nombre} de los catálogos que se muestran por su nombre en «Acciones»."""
    nombres = nombres_de_catalogo(cat)
    nombres["municipio"] = {c: n for c, (_, n, _) in cat.municipios.items()}
    nombres["estado"] = {e: e.capitalize() for e in ("borrador", "lista", "enviada", "aceptada", "observada", "anulada")}
    for sin_nombre in ("objetivos_pmm", "instituciones"):  # números del 1 al 23 y siglas: se leen tal cual
        nombres.pop(sin_nombre)
    return nombres


def etiqueta_accion(clave: str) -> str:
    """Encabezado de una columna de «Acciones»: «Tipo de acción», «Convenio: fecha de firma»."""
    from formularios.campos import etiqueta

    if clave in CLAVES_INEGI:
        return CLAVES_INEGI[clave][1]
    return etiqueta_columna(clave) if clave.startswith("convenio.") else etiqueta(clave)


def _hoja_acciones(libro: Workbook, filas: list[dict[str, Any]], cat: Catalogos, progreso: Callable[[int, int], None] | None) -> None:
    etiquetas = [etiqueta_accion(k) for k in COLUMNAS_ACCION]
    anchos = [ANCHOS.get(k, 16) for k in COLUMNAS_ACCION]
    hoja = _hoja(libro, "Acciones", etiquetas, COLUMNAS_ACCION, anchos, impresas=len(IMPRESAS))
    _filtro(hoja, len(COLUMNAS_ACCION), len(filas), 2)
    nombres = nombres_visibles(cat)
    # El estilo (formato de cifra o fecha, renglones) es de la columna: una celda de muestra por columna; las filas
    # se escriben directo en el XML de la hoja con la regla T24 de formularios/celdas.py.
    formatos = {i: celda(hoja, None, MILES if k in CIFRAS else FECHA_HORA if k in ("creado_en", "actualizado_en") else FECHA)
                for i, k in enumerate(COLUMNAS_ACCION)
                if k in CIFRAS or k in ("fecha_inicio", "fecha_fin", "creado_en", "actualizado_en", "convenio.fecha_firma",
                                        "convenio.vigencia_hasta")}
    for k in ENVUELTAS:
        i = COLUMNAS_ACCION.index(k)
        formatos[i] = celda(hoja, None)
        formatos[i].alignment = Alignment(wrap_text=True)
    escritor = FilasDeHoja(hoja, len(COLUMNAS_ACCION), formatos)
    caben = [(COLUMNAS_ACCION.index(k), int(ANCHOS[k] * 1.1)) for k in ENVUELTAS]  # letras por renglón, aproximadas
    for i, r in enumerate(filas, start=1):
        fila = [_valor(r, k, nombres) for k in COLUMNAS_ACCION]
        renglones = max((-(-len(texto_de_celda(fila[j])) // cabe) for j, cabe in caben if isinstance(fila[j], str)), default=1)
        # ni Excel ni LibreOffice agrandan solos la fila de un libro escrito en flujo
        escritor.agregar(fila, 15 * min(renglones, 8) if renglones > 1 else None)
        if progreso and i % 1000 == 0:
            progreso(i, len(filas))


def _resumen(libro: Workbook, titulo: str, primeras: list[str], grupos: Iterable[tuple[list[Any], dict[str, int]]], nombre: int = 40) -> None:
    """Hoja de resumen: las primeras columnas (la última, el nombre, de `nombre` de ancho) y las cifras por sexo."""
    etiquetas = [*primeras, "Acciones", "Sesiones", *(ETIQUETAS_SEXO[s] for s in SEXOS), "Total"]
    hoja = _hoja(libro, titulo, etiquetas, None, [11] * (len(primeras) - 1) + [nombre] + [11] * 7)
    lista = list(grupos)
    _filtro(hoja, len(etiquetas), len(lista), 1)
    totales = dict.fromkeys(("acciones", "eventos", *CIFRAS), 0)
    for cabeza, cifras in lista:
        hoja.append([celda(hoja, v) for v in cabeza] + [celda(hoja, cifras[c], MILES) for c in ("acciones", "eventos", *CIFRAS)])
        for c in totales:
            totales[c] += cifras[c]
    if titulo != "Por objetivo PMM":  # una acción cuenta en varios objetivos: su suma no es un total
        hoja.append([celda(hoja, "Total", negrita=True)] + [celda(hoja, None)] * (len(primeras) - 1)
                    + [celda(hoja, totales[c], MILES, negrita=True) for c in ("acciones", "eventos", *CIFRAS)])


def escribir(destino: Path, filas: list[dict[str, Any]], cat: Catalogos, indicadores: list[FilaIndicador],
             progreso: Callable[[int, int], None] | None = None, duplicados_pendientes: int = 0) -> Path:
    libro = Workbook(write_only=True)
    _hoja_acciones(libro, filas, cat, progreso)
    por_ent = sumar(filas, lambda r: [r["entidad"]])
    _resumen(libro, "Por entidad", ["Clave", "Entidad"], (([k, cat.entidades.get(k, k)], v) for k, v in sorted(por_ent.items())))
    por_mun = sumar(filas, lambda r: [r["municipio"]])
    _resumen(libro, "Por municipio", ["Clave INEGI", "Fronterizo", "Municipio"], (
        ([k, "sí" if cat.municipios.get(k, ("", "", False))[2] else "no", cat.municipios.get(k, ("", k, False))[1]], v)
        for k, v in sorted(por_mun.items())))
    por_eje = sumar(filas, lambda r: [r["eje"]])
    _resumen(libro, "Por eje", ["Eje", "Nombre"], (([cat.ejes[k][0], cat.ejes[k][1]], v) for k, v in sorted(por_eje.items(), key=lambda x: cat.ejes.get(x[0], (99,))[0]) if k in cat.ejes),
             nombre=62)
    por_tipo = sumar(filas, lambda r: [r["tipo_accion"]])
    _resumen(libro, "Por tipo de acción", ["Tipo de acción"], (([cat.tipos_accion.get(k, (k,))[0]], v)
                                                              for k, v in sorted(por_tipo.items(), key=lambda x: cat.tipos_accion.get(x[0], (x[0],))[0])))
    por_obj = sumar(filas, lambda r: r.get("objetivos_pmm") or [])
    _resumen(libro, "Por objetivo PMM", ["Objetivo", "Título"], (([k, cat.objetivos_pmm.get(k, "")], v) for k, v in sorted(por_obj.items())),
             nombre=100)
    _convenios(libro, filas, cat)
    _indicadores(libro, indicadores, asistencia(filas), duplicados_pendientes)
    _retos(libro, filas, cat)
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".parcial")
    libro.save(temporal)
    temporal.replace(destino)
    return destino


def _convenios(libro: Workbook, filas: list[dict[str, Any]], cat: Catalogos) -> None:
    etiquetas = ["Folio", "Título", "Instrumento", "Contrapartes", "Estado del instrumento", "Fecha de firma", "Vigencia hasta", "Entidad", "Municipio"]
    hoja = _hoja(libro, "Convenios", etiquetas, None, [16, 48, 26, 36, 14, 12, 12, 13, 20])
    convenios = [r for r in filas if r.get("convenio")]
    _filtro(hoja, len(etiquetas), len(convenios), 1)
    estados = cat.valores_de("estado_instrumento")
    for r in convenios:
        c = r["convenio"]
        fechas = [date.fromisoformat(c[k]) if c.get(k) else None for k in ("fecha_firma", "vigencia_hasta")]
        hoja.append([celda(hoja, c.get("folio")), celda(hoja, r["titulo"]), celda(hoja, c.get("instrumento")), celda(hoja, c.get("contrapartes")),
                     celda(hoja, estados.get(c.get("estado_instrumento"), c.get("estado_instrumento"))),
                     celda(hoja, fechas[0], FECHA), celda(hoja, fechas[1], FECHA), celda(hoja, cat.entidades.get(r["entidad"])),
                     celda(hoja, cat.municipios.get(r["municipio"], ("", r["municipio"]))[1])])


def _indicadores(libro: Workbook, indicadores: list[FilaIndicador], asist: dict[str, dict[str, int]], duplicados: int) -> None:
    etiquetas = ["Indicador", "Periodo", "Logrado", "Meta del periodo", "Denominador (ICPA)", "% del denominador", "% de la meta"]
    # la tabla de asistencia, debajo, tiene una columna más (Total): también se imprime
    hoja = _hoja(libro, "Indicadores", etiquetas, None, [34, 22, 12, 16, 18, 18, 14, 12], impresas=8)
    for f in indicadores:
        hoja.append([celda(hoja, f.indicador), celda(hoja, etiqueta_periodo(f.periodo)), celda(hoja, f.logrado, MILES), celda(hoja, f.meta, MILES),
                     celda(hoja, f.denominador, MILES), celda(hoja, f.porcentaje / 100, "0.00%"), celda(hoja, f.avance_meta / 100, "0.00%")])
    hoja.append([])
    hoja.append([celda(hoja, "Asistencia", negrita=True), celda(hoja, "Acciones", negrita=True), celda(hoja, "Sesiones", negrita=True),
                 *(celda(hoja, ETIQUETAS_SEXO[s], negrita=True) for s in SEXOS), celda(hoja, "Total", negrita=True)])
    for nombre, cifras in asist.items():
        hoja.append([celda(hoja, nombre), celda(hoja, cifras["acciones"], MILES), celda(hoja, cifras["sesiones"], MILES),
                     *(celda(hoja, cifras[s], MILES) for s in (*SEXOS, "total"))])
    hoja.append([])
    hoja.append([celda(hoja, "Posibles duplicados sin revisar", negrita=True), celda(hoja, duplicados, MILES)])
    hoja.append([celda(hoja, "Parejas de acciones que parecen la misma: revíselas en «Posibles duplicados» o con la orden «duplicados».")])


def _retos(libro: Workbook, filas: list[dict[str, Any]], cat: Catalogos) -> None:
    hoja = _hoja(libro, "Retos por categoría", ["Categoría", "Retos", "Acciones"], None, [70, 10, 10])
    conteo: dict[str, list[int]] = {}
    for r in filas:
        vistas = set()
        for reto in r.get("retos") or []:
            for c in reto.get("categorias") or []:
                conteo.setdefault(c, [0, 0])[0] += 1
                if c not in vistas:
                    conteo[c][1] += 1
                    vistas.add(c)
    _filtro(hoja, 3, len(conteo), 1)
    for clave, (retos, acciones) in sorted(conteo.items(), key=lambda x: -x[1][0]):
        hoja.append([celda(hoja, cat.categorias_reto.get(clave, clave)), celda(hoja, retos, MILES), celda(hoja, acciones, MILES)])
