"""Libro consolidado (xlsx): una fila por acción viva con todas las llaves, resúmenes por sexo, convenios,
indicadores y retos. Encabezado fijo, filtros, anchos y formatos; cada celda la escribe formularios/celdas.py (T24)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from base_local.consultas_catalogo import Catalogos
from formularios.campos import CAMPOS, CAMPOS_CONVENIO, ETIQUETAS_SEXO, SEXOS
from formularios.celdas import celda, texto_de_celda, valor_de_fila
from reportes.datos import CIFRAS, sumar
from reportes.indicadores import FilaIndicador, asistencia

ENCABEZADO = Font(bold=True, color="FFFFFF")
FONDO = PatternFill("solid", fgColor="1F5F8B")
MILES = "#,##0"
FECHA = "DD/MM/YYYY"
COLUMNAS_ACCION = [c.clave for c in CAMPOS if c.clave not in ("convenio",)] + [f"convenio.{c}" for c in CAMPOS_CONVENIO]


def _hoja(libro: Workbook, titulo: str, etiquetas: list[str], llaves: list[str] | None, anchos: list[int]):
    hoja = libro.create_sheet(titulo)
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
    if llaves:
        hoja.append([celda(hoja, k) for k in llaves])
    return hoja


def _filtro(hoja, columnas: int, filas: int, inicio: int) -> None:
    hoja.auto_filter.ref = f"A{inicio}:{get_column_letter(columnas)}{max(filas + inicio, inicio + 1)}"


def _valor(r: dict[str, Any], clave: str) -> Any:
    if clave.startswith("convenio."):
        return (r.get("convenio") or {}).get(clave.split(".", 1)[1])
    valor = r.get(clave)
    if clave in ("fecha_inicio", "fecha_fin") and valor:
        return date.fromisoformat(valor)
    if clave == "retos":
        return "; ".join(f"{x['texto']} [{', '.join(x['categorias'])}]" for x in valor or [])
    if clave == "evidencias":
        return ", ".join(e["nombre"] for e in valor or [])
    if clave == "edades":
        return json.dumps(valor, ensure_ascii=False) if valor else None
    if isinstance(valor, list):
        return ", ".join(str(v) for v in valor)
    return valor


def _hoja_acciones(libro: Workbook, filas: list[dict[str, Any]], progreso: Callable[[int, int], None] | None) -> None:
    from formularios.campos import etiqueta

    etiquetas = [etiqueta(k) if not k.startswith("convenio.") else f"Convenio: {k.split('.')[1]}" for k in COLUMNAS_ACCION]
    anchos = [14 if k in (*CIFRAS, "eventos", "revision") else 40 if k in ("titulo", "descripcion", "resultados") else 16
              for k in COLUMNAS_ACCION]
    hoja = _hoja(libro, "Acciones", etiquetas, COLUMNAS_ACCION, anchos)
    _filtro(hoja, len(COLUMNAS_ACCION), len(filas), 2)
    # Las celdas con formato se crean una vez por columna y se reusan: en modo de solo escritura cada fila se
    # escribe al agregarla. Solo el texto que parece fórmula lleva una celda propia.
    con_formato = {k: celda(hoja, None, MILES if k in CIFRAS else FECHA)
                   for k in COLUMNAS_ACCION if k in CIFRAS or k in ("fecha_inicio", "fecha_fin")}
    for i, r in enumerate(filas, start=1):
        fila = []
        for k in COLUMNAS_ACCION:
            v = texto_de_celda(_valor(r, k))
            if v is not None and k in con_formato:
                con_formato[k].value = v
                v = con_formato[k]
            else:
                v = valor_de_fila(hoja, v)
            fila.append(v)
        hoja.append(fila)
        if progreso and i % 1000 == 0:
            progreso(i, len(filas))


def _resumen(libro: Workbook, titulo: str, primeras: list[str], grupos: Iterable[tuple[list[Any], dict[str, int]]]) -> None:
    etiquetas = [*primeras, "Acciones", "Sesiones", *(ETIQUETAS_SEXO[s] for s in SEXOS), "Total"]
    hoja = _hoja(libro, titulo, etiquetas, None, [18] * (len(primeras) - 1) + [48] + [12] * 7)
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
    _hoja_acciones(libro, filas, progreso)
    por_ent = sumar(filas, lambda r: [r["entidad"]])
    _resumen(libro, "Por entidad", ["Clave", "Entidad"], (([k, cat.entidades.get(k, k)], v) for k, v in sorted(por_ent.items())))
    por_mun = sumar(filas, lambda r: [r["municipio"]])
    _resumen(libro, "Por municipio", ["Clave INEGI", "Fronterizo", "Municipio"], (
        ([k, "sí" if cat.municipios.get(k, ("", "", False))[2] else "no", cat.municipios.get(k, ("", k, False))[1]], v)
        for k, v in sorted(por_mun.items())))
    por_eje = sumar(filas, lambda r: [r["eje"]])
    _resumen(libro, "Por eje", ["Eje", "Nombre"], (([cat.ejes[k][0], cat.ejes[k][1]], v) for k, v in sorted(por_eje.items(), key=lambda x: cat.ejes.get(x[0], (99,))[0]) if k in cat.ejes))
    por_tipo = sumar(filas, lambda r: [r["tipo_accion"]])
    _resumen(libro, "Por tipo de acción", ["Clave", "Tipo"], (([k, cat.tipos_accion.get(k, (k,))[0]], v) for k, v in sorted(por_tipo.items())))
    por_obj = sumar(filas, lambda r: r.get("objetivos_pmm") or [])
    _resumen(libro, "Por objetivo PMM", ["Objetivo", "Título"], (([k, cat.objetivos_pmm.get(k, "")], v) for k, v in sorted(por_obj.items())))
    _convenios(libro, filas, cat)
    _indicadores(libro, indicadores, asistencia(filas), duplicados_pendientes)
    _retos(libro, filas, cat)
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".parcial")
    libro.save(temporal)
    temporal.replace(destino)
    return destino


def _convenios(libro: Workbook, filas: list[dict[str, Any]], cat: Catalogos) -> None:
    etiquetas = ["Folio", "Instrumento", "Contrapartes", "Estado del instrumento", "Fecha de firma", "Vigencia hasta", "Entidad", "Municipio", "Título"]
    hoja = _hoja(libro, "Convenios", etiquetas, None, [16, 30, 40, 18, 14, 14, 14, 24, 48])
    convenios = [r for r in filas if r.get("convenio")]
    _filtro(hoja, len(etiquetas), len(convenios), 1)
    estados = cat.valores_de("estado_instrumento")
    for r in convenios:
        c = r["convenio"]
        fechas = [date.fromisoformat(c[k]) if c.get(k) else None for k in ("fecha_firma", "vigencia_hasta")]
        hoja.append([celda(hoja, c.get("folio")), celda(hoja, c.get("instrumento")), celda(hoja, c.get("contrapartes")),
                     celda(hoja, estados.get(c.get("estado_instrumento"), c.get("estado_instrumento"))),
                     celda(hoja, fechas[0], FECHA), celda(hoja, fechas[1], FECHA), celda(hoja, cat.entidades.get(r["entidad"])),
                     celda(hoja, cat.municipios.get(r["municipio"], ("", r["municipio"]))[1]), celda(hoja, r["titulo"])])


def _indicadores(libro: Workbook, indicadores: list[FilaIndicador], asist: dict[str, dict[str, int]], duplicados: int) -> None:
    etiquetas = ["Indicador", "Periodo", "Logrado", "Meta del periodo", "Denominador (ICPA)", "% del denominador", "% de la meta"]
    hoja = _hoja(libro, "Indicadores", etiquetas, None, [22, 14, 12, 16, 18, 18, 14])
    for f in indicadores:
        hoja.append([celda(hoja, f.indicador), celda(hoja, f.periodo), celda(hoja, f.logrado, MILES), celda(hoja, f.meta, MILES),
                     celda(hoja, f.denominador, MILES), celda(hoja, f.porcentaje / 100, "0.00%"), celda(hoja, f.avance_meta / 100, "0.00%")])
    hoja.append([])
    hoja.append([celda(hoja, "Asistencia", negrita=True), celda(hoja, "Acciones", negrita=True), celda(hoja, "Sesiones", negrita=True),
                 *(celda(hoja, ETIQUETAS_SEXO[s], negrita=True) for s in SEXOS), celda(hoja, "Total", negrita=True)])
    for nombre, cifras in asist.items():
        hoja.append([celda(hoja, nombre), celda(hoja, cifras["acciones"], MILES), celda(hoja, cifras["sesiones"], MILES),
                     *(celda(hoja, cifras[s], MILES) for s in (*SEXOS, "total"))])
    hoja.append([])
    hoja.append([celda(hoja, "Posibles duplicados sin revisar", negrita=True), celda(hoja, duplicados, MILES),
                 celda(hoja, "parejas de acciones que parecen la misma (revíselas en «Posibles duplicados» o con la orden «duplicados»)")])


def _retos(libro: Workbook, filas: list[dict[str, Any]], cat: Catalogos) -> None:
    hoja = _hoja(libro, "Retos por categoría", ["Clave", "Categoría", "Retos", "Acciones"], None, [30, 60, 10, 10])
    conteo: dict[str, list[int]] = {}
    for r in filas:
        vistas = set()
        for reto in r.get("retos") or []:
            for c in reto.get("categorias") or []:
                conteo.setdefault(c, [0, 0])[0] += 1
                if c not in vistas:
                    conteo[c][1] += 1
                    vistas.add(c)
    for clave, (retos, acciones) in sorted(conteo.items(), key=lambda x: -x[1][0]):
        hoja.append([celda(hoja, clave), celda(hoja, cat.categorias_reto.get(clave, clave)), celda(hoja, retos, MILES), celda(hoja, acciones, MILES)])
