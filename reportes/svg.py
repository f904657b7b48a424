"""SVG en línea para el reporte HTML: el mapa por municipio y barras con sus números. Todo texto va escapado."""

from __future__ import annotations

import textwrap
from html import escape

from formularios.limites import TEXTOS, para_mostrar
from reportes.mapa import COLOR_FRONTERA, COLOR_LINEA, Dibujo, Punto

COLORES_SERIES = ("#7B3F99", "#2E7D32", "#F9A825", "#9E9E9E", "#1F5F8B")
MAX_TEXTO = max(TEXTOS.values())  # lo guardado antes de los límites se acota al campo más largo


def e(texto: object) -> str:
    """Texto guardado, sea cual sea, listo para HTML o SVG: sin controles, acotado y nunca interpretado como marcado."""
    return escape(para_mostrar(str(texto if texto is not None else ""), MAX_TEXTO), quote=True)


def _trazo(anillos: list[list[Punto]]) -> str:
    partes = []
    for anillo in anillos:
        puntos: list[str] = []
        for x, y in anillo:
            punto = f"{x:.1f} {y:.1f}"
            if not puntos or puntos[-1] != punto:
                puntos.append(punto)
        if len(puntos) >= 3:
            partes.append("M" + "L".join(puntos) + "Z")
    return "".join(partes)


def mapa(dibujo: Dibujo, id_titulo: str) -> str:
    """Un <path> por municipio con su clave (data-cvegeo), su clase y su descripción como <title>."""
    renglones = [f'<svg class="mapa" viewBox="0 0 {dibujo.ancho:.0f} {dibujo.alto:.0f}" role="img" '
                 f'aria-labelledby="{e(id_titulo)}">']
    for m in dibujo.en_orden():
        clase = dibujo.leyenda[m.clase]
        trazo = (f'stroke="{COLOR_FRONTERA}" stroke-width="3"' if m.fronterizo else f'stroke="{COLOR_LINEA}" stroke-width="1"')
        renglones.append(f'<path data-cvegeo="{e(m.cvegeo)}" data-clase="{m.clase}" class="municipio{" fronterizo" if m.fronterizo else ""}" '
                         f'fill="{clase.color}" {trazo} stroke-linejoin="round" d="{_trazo(m.anillos)}">'
                         f'<title>{e(m.descripcion())}</title></path>')
    for texto, x, y in dibujo.etiquetas:
        renglones.append(f'<text x="{x:.0f}" y="{y:.0f}" class="entidad" text-anchor="middle">{e(texto)}</text>')
    renglones.append("</svg>")
    return "\n".join(renglones)


def barras(categorias: list[str], series: dict[str, list[int]], colores: tuple[str, ...] = COLORES_SERIES,
           ancho: int = 720, etiqueta: int = 230) -> str:
    """Barras horizontales agrupadas (una serie por color) con el número junto a cada barra y su leyenda."""
    alto_barra, hueco = 16, 12
    por_grupo = len(series) * alto_barra + hueco
    arriba = 28 if len(series) > 1 else 6
    alto = arriba + por_grupo * len(categorias) + 4
    maximo = max([v for valores in series.values() for v in valores] + [1])
    util = ancho - etiqueta - 70
    partes = [f'<svg class="barras" viewBox="0 0 {ancho} {alto}" role="img">']
    if len(series) > 1:
        x = etiqueta
        for i, nombre in enumerate(series):
            partes.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colores[i % len(colores)]}"/>'
                          f'<text x="{x + 17}" y="16" class="leyenda">{e(nombre)}</text>')
            x += 30 + 8 * len(nombre)
    for j, categoria in enumerate(categorias):
        y0 = arriba + j * por_grupo
        corto = textwrap.shorten(categoria, etiqueta // 7, placeholder="…")
        partes.append(f'<text x="{etiqueta - 8}" y="{y0 + por_grupo / 2 - hueco / 2 + 4:.0f}" text-anchor="end" class="categoria">'
                      f'<title>{e(categoria)}</title>{e(corto)}</text>')
        for i, (nombre, valores) in enumerate(series.items()):
            valor = valores[j]
            largo = util * valor / maximo
            y = y0 + i * alto_barra
            partes.append(f'<rect x="{etiqueta}" y="{y}" width="{largo:.1f}" height="{alto_barra - 3}" fill="{colores[i % len(colores)]}">'
                          f'<title>{e(categoria)} · {e(nombre)}: {valor:,}</title></rect>'
                          f'<text x="{etiqueta + largo + 5:.1f}" y="{y + alto_barra - 5}" class="valor">{valor:,}</text>')
    partes.append(f'<line x1="{etiqueta}" y1="{arriba - 3}" x2="{etiqueta}" y2="{alto - 2}" stroke="#56606B" stroke-width="1"/>')
    partes.append("</svg>")
    return "\n".join(partes)
