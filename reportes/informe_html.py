"""Reporte HTML para autoridades: un solo archivo sin red (CSS y SVG en línea, sin scripts ni fuentes externas)
con indicadores contra metas, el mapa por municipio, gráficas con sus números y tablas por entidad y objetivo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from base_local.consultas_catalogo import Catalogos
from base_local.periodos import etiqueta_periodo
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import fecha_local, plural
from reportes.datos import CIFRAS, Seleccion, sumar
from reportes.indicadores import FilaIndicador, asistencia, fecha_firma
from reportes.mapa import Dibujo, cifras_de_filas, dibujar
from reportes.svg import barras, e, mapa

COLUMNAS_SEXO = [ETIQUETAS_SEXO[s] for s in SEXOS] + ["Total"]
# Nada sale a la red aunque un texto escapara del escape: la política del documento solo admite estilos en línea.
POLITICA = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"

CSS = """
:root { --azul: #1F5F8B; --azul-oscuro: #123A56; --gris: #EEF2F5; --linea: #C9D3DB; --texto: #1E2A33; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 14px; color: var(--texto);
       background: #F5F7F9; line-height: 1.45; }
.hoja { max-width: 1040px; margin: 0 auto; background: white; padding: 0 40px 32px; }
header.portada { background: var(--azul-oscuro); color: white; margin: 0 -40px 24px; padding: 26px 40px 20px;
                 border-bottom: 5px solid #BC955C; }
header.portada .programa { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; opacity: .85; }
header.portada h1 { margin: 6px 0 4px; font-size: 26px; }
header.portada .sub { font-size: 15px; }
dl.datos { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 12px 0 0; font-size: 13px; }
dl.datos dt { opacity: .8; } dl.datos dd { margin: 0; font-weight: bold; }
h2 { color: var(--azul); font-size: 19px; border-bottom: 2px solid var(--azul); padding-bottom: 3px; margin: 30px 0 10px; }
h3 { color: var(--azul-oscuro); font-size: 15px; margin: 18px 0 6px; }
p.nota { color: #4A5763; font-size: 12.5px; margin: 4px 0 10px; }
.cifras { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.cifra { border: 1px solid var(--linea); border-left: 5px solid var(--azul); padding: 8px 12px; border-radius: 3px; }
.cifra b { display: block; font-size: 22px; color: var(--azul-oscuro); }
.cifra span { font-size: 12.5px; color: #4A5763; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 12px; }
th { background: var(--azul); color: white; text-align: left; padding: 5px 7px; font-weight: bold; }
td { padding: 4px 7px; border-bottom: 1px solid var(--linea); vertical-align: top; overflow-wrap: anywhere; }
tbody tr:nth-child(even) td { background: var(--gris); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td:first-child { min-width: 13em; }
tr.total td { font-weight: bold; border-top: 2px solid var(--azul); background: white; }
.avance { display: inline-block; width: 110px; height: 10px; background: #DDE3E8; vertical-align: middle; margin-right: 6px; }
.avance i { display: block; height: 100%; background: var(--azul); }
.avance i.cumplida { background: #2E7D32; }
.mapa-bloque { display: grid; grid-template-columns: 1fr 250px; gap: 18px; align-items: start; }
svg.mapa { width: 100%; height: auto; background: #F7FAFC; border: 1px solid var(--linea); }
svg.mapa text.entidad { font-size: 22px; font-weight: bold; fill: #2B3A46; paint-order: stroke; stroke: white;
                        stroke-width: 4px; letter-spacing: .06em; pointer-events: none; }
svg.mapa path:hover { stroke: #111; stroke-width: 2.5; }
ul.leyenda { list-style: none; padding: 0; margin: 0 0 10px; font-size: 13px; }
ul.leyenda li { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
ul.leyenda .muestra { width: 22px; height: 14px; border: 1px solid #9AA5B1; display: inline-block; flex: none; }
ul.leyenda .muestra.frontera { background: white; border: 3px solid #C0392B; }
svg.barras { width: 100%; height: auto; }
svg.barras text { font-size: 12px; fill: #25313B; }
svg.barras text.valor { font-size: 11.5px; font-weight: bold; }
figure { margin: 8px 0 14px; }
figcaption { font-size: 12.5px; color: #4A5763; margin-top: 4px; }
footer { margin-top: 30px; border-top: 1px solid var(--linea); padding-top: 8px; font-size: 11.5px; color: #4A5763; }
@page { size: letter; margin: 1.5cm 1.4cm; }
@media print {
  body { background: white; font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .hoja { max-width: none; padding: 0; }
  header.portada { margin: 0 0 16px; }
  section.salto { break-before: page; }
  h2, h3 { break-after: avoid; }
  figure, .mapa-bloque, .cifras, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .mapa-bloque { grid-template-columns: 1fr; gap: 4px; }
  svg.mapa { max-height: 16.5cm; }
  ul.leyenda { columns: 3; } ul.leyenda li { break-inside: avoid; }
  .cifra b { font-size: 17px; }
  table { font-size: 9pt; }
}
"""


def _tabla(encabezados: Sequence[str], filas: Sequence[Sequence[Any]], numericas: Sequence[int] = (), total: bool = False) -> str:
    def celda(j: int, v: Any, etiqueta: str) -> str:
        if j in numericas:
            return f'<{etiqueta} class="n">{f"{v:,}" if isinstance(v, int) else e(v)}</{etiqueta}>'
        return f"<{etiqueta}>{e(v)}</{etiqueta}>"

    cabeza = "".join(celda(j, h, "th") for j, h in enumerate(encabezados))
    cuerpo = []
    for i, fila in enumerate(filas):
        clase = ' class="total"' if total and i == len(filas) - 1 else ""
        cuerpo.append(f"<tr{clase}>" + "".join(celda(j, v, "td") for j, v in enumerate(fila)) + "</tr>")
    return f"<table><thead><tr>{cabeza}</tr></thead><tbody>{''.join(cuerpo)}</tbody></table>"


def _cifras(g: dict[str, int]) -> list[int]:
    return [g[c] for c in CIFRAS]


def _avance(f: FilaIndicador) -> str:
    ancho = min(f.avance_meta, 100)
    clase = ' class="cumplida"' if f.avance_meta >= 100 else ""
    return f'<span class="avance"><i{clase} style="width:{ancho:.0f}%"></i></span>{f.avance_meta:.2f} %'


def _indicadores(indicadores: list[FilaIndicador]) -> str:
    filas = "".join(f"<tr><td>{e(f.indicador)}</td><td>{e(etiqueta_periodo(f.periodo))}</td><td class='n'>{f.logrado:,}</td>"
                    f"<td class='n'>{f.meta:,}</td><td class='n'>{f.porcentaje:.2f} %</td><td>{_avance(f)}</td></tr>"
                    for f in indicadores)
    return ("<table><thead><tr><th>Indicador</th><th>Periodo</th><th class='n'>Logrado</th><th class='n'>Meta</th>"
            f"<th class='n'>% de ICPA (32)</th><th>Avance contra la meta</th></tr></thead><tbody>{filas}</tbody></table>")


def _mapa(dibujo: Dibujo, nombre: str, pie: str) -> str:
    id_titulo = f"titulo-{nombre}"
    leyenda = "".join(f'<li><span class="muestra" style="background:{c.color}"></span>{e(c.etiqueta)}</li>' for c in dibujo.leyenda)
    return (f'<figure class="mapa-bloque"><div>{mapa(dibujo, id_titulo)}</div>'
            f'<div><h3 id="{id_titulo}">{e(dibujo.titulo)}</h3><ul class="leyenda">{leyenda}'
            '<li><span class="muestra frontera"></span>Municipio fronterizo (23)</li></ul>'
            f'<figcaption>{e(pie)}</figcaption></div></figure>')


def escribir(destino: Path, filas: list[dict[str, Any]], cat: Catalogos, indicadores: list[FilaIndicador], sel: Seleccion,
             oficina: str) -> Path:
    rango = sel.limites()
    firmados = [r for r in filas if (f := fecha_firma(r)) and (rango is None or rango[0] <= f <= rango[1])]
    vacio = {"acciones": 0, "eventos": 0, **dict.fromkeys(CIFRAS, 0)}
    total = sumar(filas, lambda r: ["todo"]).get("todo", vacio)
    por_mun = cifras_de_filas(filas)
    mapa_acciones = dibujar(por_mun, cat, "acciones", entidad=sel.entidad)
    mapa_personas = dibujar(por_mun, cat, "total", entidad=sel.entidad)
    periodo = etiqueta_periodo(sel.periodo) if sel.periodo else "todos los periodos"
    entidades_txt = cat.entidades.get(sel.entidad, sel.entidad) if sel.entidad else "Campeche, Chiapas, Quintana Roo y Tabasco"
    titulo = f"Reporte de acciones de atención a la migración — {periodo}"
    generado = datetime.now().strftime("%d/%m/%Y %H:%M")

    tarjetas = [(total["acciones"], "Acciones registradas"), (total["eventos"], "Sesiones realizadas"),
                (total["total"], "Personas atendidas"), (len(firmados), "Convenios firmados"),
                *((total[s], ETIQUETAS_SEXO[s]) for s in SEXOS)]
    partes = [
        '<header class="portada"><div class="programa">Coordinación para la Atención Integral de la Migración en la Frontera Sur · CAIMFS</div>',
        "<h1>Reporte de acciones de atención a la migración</h1><div class='sub'>Registro de Acciones — Frontera Sur</div>",
        f"<dl class='datos'><dt>Periodo</dt><dd>{e(periodo)}</dd><dt>Entidades</dt><dd>{e(entidades_txt)}</dd>"
        f"<dt>Emitido por</dt><dd>{e(oficina)}</dd><dt>Generado</dt><dd>{generado}</dd></dl></header>",
        "<section><h2>Cifras del periodo</h2><div class='cifras'>"
        + "".join(f"<div class='cifra'><b>{n:,}</b><span>{e(t)}</span></div>" for n, t in tarjetas) + "</div>",
        "<p class='nota'>Cuentan las acciones listas, enviadas, aceptadas u observadas; no los borradores ni las anuladas. "
        "«Sin dato de sexo»: personas que no pudieron desagregarse.</p></section>",
        "<section><h2>Indicadores contra metas</h2>", _indicadores(indicadores),
        "<p class='nota'>PICI: instrumentos firmados por trimestre contra la meta (8 por trimestre); ICPA = 32 instrumentos al año. "
        "Pp E002: instrumentos firmados acumulados contra las metas de mayo y de cada semestre.</p>",
        _tabla(["Asistencia", "Acciones", "Sesiones", *COLUMNAS_SEXO],
               [[n, c["acciones"], c["sesiones"], *[c[s] for s in (*SEXOS, "total")]] for n, c in asistencia(filas).items()],
               numericas=range(1, 8)),
        "</section>",
        "<section class='salto'><h2>¿Dónde se trabajó? Acciones por municipio</h2>",
        _mapa(mapa_acciones, "acciones", mapa_acciones.resumen()),
        _mapa(mapa_personas, "personas", "Personas atendidas (todas las identidades) en las acciones de cada municipio. "
              "Pase el puntero sobre un municipio para ver sus cifras por sexo."),
    ]
    con_f, sin_f = mapa_acciones.fronterizos()
    partes += ["<h3>Municipios fronterizos</h3>",
               _tabla(["Municipio", "Entidad", "Acciones", *COLUMNAS_SEXO],
                      [[m.nombre, m.entidad, m.cifras["acciones"], *_cifras(m.cifras)] for m in con_f + sin_f],
                      numericas=range(2, 8)),
               "</section>"]
    por_ent = sumar(filas, lambda r: [r["entidad"]])
    entidades = sorted(por_ent)
    partes += ["<section class='salto'><h2>Por entidad</h2>"]
    if entidades:
        nombres = [cat.entidades.get(x, x) for x in entidades]
        partes += ["<figure>", barras(nombres, {ETIQUETAS_SEXO[s]: [por_ent[x][s] for x in entidades] for s in SEXOS}),
                   "<figcaption>Personas atendidas por entidad y sexo.</figcaption></figure>"]
    partes += [_tabla(["Entidad", "Acciones", "Sesiones", *COLUMNAS_SEXO],
                      [[cat.entidades.get(x, x), por_ent[x]["acciones"], por_ent[x]["eventos"], *_cifras(por_ent[x])] for x in entidades]
                      + [["Total", total["acciones"], total["eventos"], *_cifras(total)]], numericas=range(1, 8), total=True),
               "</section>"]
    partes += _por_eje_y_objetivo(filas, cat)
    partes += _convenios_y_retos(filas, cat)
    partes.append(f"<footer>Registro de Acciones — Frontera Sur · {e(oficina)} · generado el {generado}. Contornos municipales: "
                  "Marco Geoestadístico de INEGI, simplificados. Cifras de las acciones registradas por las oficinas de las "
                  "cuatro entidades de la frontera sur.</footer>")
    documento = ("<!DOCTYPE html>\n<html lang='es-MX'><head><meta charset='utf-8'>"
                 f"<meta http-equiv='Content-Security-Policy' content=\"{POLITICA}\">"
                 "<meta name='viewport' content='width=device-width, initial-scale=1'>"
                 f"<title>{e(titulo)}</title><style>{CSS}</style></head><body><div class='hoja'>\n"
                 + "\n".join(partes) + "\n</div></body></html>\n")
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".parcial")
    temporal.write_text(documento, encoding="utf-8")
    temporal.replace(destino)
    return destino


def _por_eje_y_objetivo(filas: list[dict[str, Any]], cat: Catalogos) -> list[str]:
    por_eje = sumar(filas, lambda r: [r["eje"]])
    ejes = sorted((k for k in por_eje if k in cat.ejes), key=lambda k: cat.ejes[k][0])
    partes = ["<section class='salto'><h2>Por eje estratégico</h2>"]
    if ejes:
        partes += ["<figure>", barras([f"Eje {cat.ejes[k][0]}. {cat.ejes[k][1]}" for k in ejes], {"Acciones": [por_eje[k]["acciones"] for k in ejes]},
                                      ("#1F5F8B",), etiqueta=300),
                   "<figcaption>Acciones por eje estratégico del Programa de Trabajo CAIMFS 2025-2026.</figcaption></figure>"]
    partes.append(_tabla(["Eje", "Acciones", "Sesiones", *COLUMNAS_SEXO],
                         [[f"{cat.ejes[k][0]}. {cat.ejes[k][1]}", por_eje[k]["acciones"], por_eje[k]["eventos"], *_cifras(por_eje[k])] for k in ejes],
                         numericas=range(1, 8)))
    por_obj = sumar(filas, lambda r: r.get("objetivos_pmm") or [])
    objetivos = sorted(por_obj)
    partes += ["<h2>Por objetivo del Pacto Mundial para la Migración</h2>"]
    if objetivos:
        partes += ["<figure>", barras([f"Objetivo {n}" for n in objetivos], {"Acciones": [por_obj[n]["acciones"] for n in objetivos]},
                                      ("#1F5F8B",), etiqueta=120),
                   "<figcaption>Una acción cuenta en cada objetivo al que contribuye.</figcaption></figure>"]
    partes += [_tabla(["Objetivo", "Acciones", "Sesiones", *COLUMNAS_SEXO],
                      [[f"{n}. {cat.objetivos_pmm.get(n, '')}", por_obj[n]["acciones"], por_obj[n]["eventos"], *_cifras(por_obj[n])]
                       for n in objetivos], numericas=range(1, 8)),
               "</section>"]
    return partes


def _convenios_y_retos(filas: list[dict[str, Any]], cat: Catalogos) -> list[str]:
    estados = cat.valores_de("estado_instrumento")
    convenios = [r for r in filas if r.get("convenio")]
    partes = ["<section class='salto'><h2>Convenios y acuerdos</h2>"]
    if convenios:
        partes.append(_tabla(["Folio", "Instrumento", "Contrapartes", "Estado", "Firma", "Entidad"],
                             [[r["convenio"].get("folio"), r["convenio"].get("instrumento"), r["convenio"].get("contrapartes"),
                               estados.get(r["convenio"].get("estado_instrumento"), ""), fecha_local(r["convenio"].get("fecha_firma")),
                               cat.entidades.get(r["entidad"], "")] for r in convenios]))
    else:
        partes.append("<p>No se registraron convenios ni acuerdos en el periodo.</p>")
    categorias: dict[str, int] = {}
    for r in filas:
        for reto in r.get("retos") or []:
            for c in reto.get("categorias") or []:
                categorias[c] = categorias.get(c, 0) + 1
    partes.append("<h2>Retos por categoría</h2>")
    if categorias:
        partes.append(_tabla(["Categoría", "Retos"], [[cat.categorias_reto.get(c, c), n] for c, n in
                                                      sorted(categorias.items(), key=lambda x: -x[1])], numericas=[1]))
        partes.append(f"<p class='nota'>{e(plural(sum(categorias.values()), 'reto clasificado', 'retos clasificados'))}; "
                      "un reto puede tener varias categorías.</p>")
    else:
        partes.append("<p>No se reportaron retos en el periodo.</p>")
    partes.append("</section>")
    return partes
