"""Compendio por objetivo del PMM, al estilo del compendio nacional: por objetivo, acciones numeradas
«TÍTULO – ENTIDAD», descripción, RESULTADOS con las cifras por sexo y RETOS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Spacer

from base_local.consultas_catalogo import Catalogos
from formularios import limites as lim
from formularios.legible import plural
from reportes.datos import Seleccion
from reportes.pdf_base import AZUL, SUBTITULO, TEXTO, TITULO, construir, limpio, p

ACCION = ParagraphStyle("accion", parent=TEXTO, fontName="Helvetica-Bold", fontSize=9.5, spaceBefore=8, spaceAfter=2, keepWithNext=1)
ROTULO = ParagraphStyle("rotulo", parent=TEXTO, fontName="Helvetica-Bold", fontSize=8.5, textColor=AZUL, spaceBefore=3, keepWithNext=1)


def cifras_por_sexo(r: dict[str, Any]) -> str:
    """«Total: 1 persona (1 mujer, 0 hombres).»: cada cifra con su palabra en singular o plural."""
    partes = [plural(r["mujeres"], "mujer", "mujeres"), plural(r["hombres"], "hombre")]
    if r.get("otra_identidad"):
        partes.append(plural(r["otra_identidad"], "persona de otra identidad", "personas de otra identidad"))
    if r.get("sin_dato"):
        partes.append(plural(r["sin_dato"], "persona sin dato de sexo", "personas sin dato de sexo"))
    unidad = ("atención", "atenciones") if r.get("unidad_conteo") == "atenciones" else ("persona", "personas")
    return f"Total: {plural(r['total'], *unidad)} ({', '.join(partes)})."


def escribir(destino: Path, filas: list[dict[str, Any]], cat: Catalogos, sel: Seleccion) -> Path:
    elementos: list = [p("Compendio de acciones por objetivo del Pacto Mundial para la Migración", TITULO),
                       p(f"Acciones de las oficinas de la frontera sur: {sel.describir(cat.entidades)}.", TEXTO)]
    for numero in sorted(cat.objetivos_pmm):
        del_objetivo = [r for r in filas if numero in (r.get("objetivos_pmm") or [])]
        if not del_objetivo:
            continue
        encabezado = p(f"Objetivo {numero}. {cat.objetivos_pmm[numero]}", SUBTITULO)
        for i, r in enumerate(del_objetivo, start=1):
            entidad = cat.entidades.get(r["entidad"], r["entidad"]).upper()
            # cada texto y cada lista, acotados con la tabla de límites (lo guardado antes de ella también)
            titulo = limpio(r["titulo"], lim.TEXTOS["titulo"]).upper()
            bloque = [p(f"{i}. {titulo} – {entidad}", ACCION), p(limpio(r["descripcion"], lim.TEXTOS["descripcion"]), TEXTO),
                      p("RESULTADOS", ROTULO), p(f"{limpio(r['resultados'], lim.TEXTOS['resultados'])} {cifras_por_sexo(r)}".strip(), TEXTO)]
            maximo, largo = lim.LISTAS["retos"]
            if r.get("retos"):
                bloque.append(p("RETOS", ROTULO))
                for reto in r["retos"][:maximo]:
                    claves = (reto.get("categorias") or [])[: lim.LISTAS["retos.categorias"][0]]
                    categorias = limpio(", ".join(cat.categorias_reto.get(c, str(c)) for c in claves), largo)
                    bloque.append(p(f"• {limpio(reto['texto'], largo)} ({categorias})", TEXTO))
            # el título del objetivo va en el bloque de su primera acción: keepWithNext no alcanza a un KeepTogether
            elementos.append(KeepTogether([encabezado, *bloque] if i == 1 else bloque))
        elementos.append(Spacer(1, 6))
    if len(elementos) == 2:
        elementos.append(p("No hay acciones en la selección.", TEXTO))
    return construir(destino, "Compendio por objetivo del PMM", elementos)
