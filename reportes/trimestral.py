"""Reporte trimestral en PDF: cifras, gráficas por entidad y sexo y por eje, indicadores, municipios,
convenios y retos por categoría."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Spacer

from base_local.consultas_catalogo import Catalogos
from base_local.periodos import etiqueta_periodo
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import fecha_local
from reportes.datos import CIFRAS, Seleccion, sumar
from reportes.indicadores import FilaIndicador, asistencia, fecha_firma
from reportes.mapa_pdf import seccion as seccion_mapa
from reportes.pdf_base import (
    SUBTITULO,
    TEXTO,
    TITULO,
    barras_horizontales,
    barras_por_sexo,
    construir,
    p,
    tabla,
)

COLUMNAS_SEXO = [ETIQUETAS_SEXO[s] for s in SEXOS] + ["Total"]


def _cifras(g: dict[str, int]) -> list[int]:
    return [g[c] for c in CIFRAS]


def escribir(destino: Path, filas: list[dict[str, Any]], cat: Catalogos, indicadores: list[FilaIndicador], sel: Seleccion) -> Path:
    rango = sel.limites()
    firmados = [r for r in filas if (f := fecha_firma(r)) and (rango is None or rango[0] <= f <= rango[1])]
    total = sumar(filas, lambda r: ["todo"]).get("todo", {"acciones": 0, "eventos": 0, **dict.fromkeys(CIFRAS, 0)})
    titulo = f"Reporte trimestral: {etiqueta_periodo(sel.periodo)}" if sel.periodo else "Reporte trimestral"
    elementos: list = [
        p(titulo, TITULO),
        p(f"Acciones registradas por las oficinas de la frontera sur: {sel.describir(cat.entidades)}.", TEXTO),
        p("Cifras del periodo", SUBTITULO),
        tabla([["Acciones", "Sesiones", *COLUMNAS_SEXO, "Convenios firmados"],
               [total["acciones"], total["eventos"], *_cifras(total), len(firmados)]], numericas=range(8)),
    ]
    por_ent = sumar(filas, lambda r: [r["entidad"]])
    entidades = sorted(por_ent)
    if entidades:
        elementos += [p("Personas atendidas por entidad y sexo", SUBTITULO),
                      barras_por_sexo([cat.entidades.get(e, e) for e in entidades], {ETIQUETAS_SEXO[s]: [por_ent[e][s] for e in entidades] for s in SEXOS})]
        elementos.append(tabla([["Entidad", "Acciones", *COLUMNAS_SEXO]] + [[cat.entidades.get(e, e), por_ent[e]["acciones"], *_cifras(por_ent[e])] for e in entidades]
                               + [["Total", total["acciones"], *_cifras(total)]], numericas=range(1, 7), total=True))
    por_eje = sumar(filas, lambda r: [r["eje"]])
    ejes = sorted((k for k in por_eje if k in cat.ejes), key=lambda k: cat.ejes[k][0])
    if ejes:
        elementos += [p("Acciones por eje estratégico", SUBTITULO),
                      barras_horizontales([f"Eje {cat.ejes[k][0]}. {cat.ejes[k][1]}" for k in ejes], [por_eje[k]["acciones"] for k in ejes])]
    elementos += [p("Indicadores", SUBTITULO),
                  tabla([["Indicador", "Periodo", "Logrado", "Meta", "ICPA", "% de ICPA", "% de la meta"]]
                        + [[f.indicador, etiqueta_periodo(f.periodo), f.logrado, f.meta, f.denominador, f"{f.porcentaje:.2f} %", f"{f.avance_meta:.2f} %"] for f in indicadores],
                        numericas=range(2, 7)),
                  Spacer(1, 0.3 * cm),
                  tabla([["Asistencia", "Acciones", "Sesiones", *COLUMNAS_SEXO]]
                        + [[n, c["acciones"], c["sesiones"], *[c[s] for s in (*SEXOS, "total")]] for n, c in asistencia(filas).items()],
                        numericas=range(1, 8)),
                  PageBreak()]
    elementos += [*seccion_mapa(filas, cat, sel), PageBreak()]
    por_mun = sumar(filas, lambda r: [r["municipio"]])
    elementos += [p("Municipios", SUBTITULO),
                  tabla([["Municipio", "Entidad", "Fronterizo", "Acciones", *COLUMNAS_SEXO]]
                        + [[cat.municipios[m][1], cat.entidades.get(cat.municipios[m][0], ""), "sí" if cat.municipios[m][2] else "",
                            por_mun[m]["acciones"], *_cifras(por_mun[m])]
                           for m in sorted(por_mun, key=lambda m: -por_mun[m]["total"]) if m in cat.municipios],
                        [3.5 * cm, 2.1 * cm, 1.7 * cm, 1.7 * cm] + [1.6 * cm] * 5, numericas=range(3, 9))]
    estados = cat.valores_de("estado_instrumento")
    convenios = [r for r in filas if r.get("convenio")]
    if convenios:
        elementos += [p("Convenios y acuerdos", SUBTITULO),
                      tabla([["Folio", "Instrumento", "Contrapartes", "Estado", "Firma", "Entidad"]]
                            + [[r["convenio"].get("folio"), r["convenio"].get("instrumento"), r["convenio"].get("contrapartes"),
                                estados.get(r["convenio"].get("estado_instrumento"), ""), fecha_local(r["convenio"].get("fecha_firma")),
                                cat.entidades.get(r["entidad"], "")] for r in convenios],
                            [2.6 * cm, 3.4 * cm, 5 * cm, 2 * cm, 2 * cm, 2 * cm])]
    categorias: dict[str, int] = {}
    for r in filas:
        for reto in r.get("retos") or []:
            for c in reto.get("categorias") or []:
                categorias[c] = categorias.get(c, 0) + 1
    elementos += [p("Retos por categoría", SUBTITULO)]
    elementos += [tabla([["Categoría", "Retos"]] + [[cat.categorias_reto.get(c, c), n] for c, n in sorted(categorias.items(), key=lambda x: -x[1])],
                        [13 * cm, 3 * cm], numericas=[1])] if categorias else [p("No se reportaron retos en el periodo.", TEXTO)]
    return construir(destino, titulo, elementos)
