"""Punto único para producir un reporte: lo usan la orden `reporte` y la página Reportes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from base_local.consultas_catalogo import leer_catalogos
from formularios.duplicados import pendientes
from reportes import consolidado
from reportes.datos import Seleccion, acciones_vivas, validar_seleccion
from reportes.indicadores import calcular, metas
from reportes.tipos import TIPOS


def anio_de(sel: Seleccion) -> int:
    return int(sel.periodo[:4]) if sel.periodo else date.today().year


def generar(sesion: Session, tipo: str, formato: str, sel: Seleccion, salida: Path,
            progreso: Callable[[int, int], None] | None = None) -> Path:
    """Escribe el reporte y devuelve su ruta. ValueError (en español) si la combinación no existe."""
    if tipo not in TIPOS:
        raise ValueError(f"No existe el reporte «{tipo}»: use {', '.join(TIPOS)}.")
    if formato not in TIPOS[tipo]:
        raise ValueError(f"El reporte {tipo} se produce en {', '.join(TIPOS[tipo])}, no en {formato}.")
    validar_seleccion(sel)
    filas = acciones_vivas(sesion, sel)
    cat = leer_catalogos(sesion)
    anio = anio_de(sel)
    indicadores = calcular(filas, metas(sesion, anio), anio)
    if tipo == "consolidado":
        return consolidado.escribir(salida, filas, cat, indicadores, progreso, pendientes(sesion))
    if tipo == "trimestral":
        from reportes.trimestral import escribir as trimestral

        return trimestral(salida, filas, cat, indicadores, sel)
    if tipo == "html":
        from base_local.oficinas import oficina_local
        from reportes.informe_html import escribir as html

        return html(salida, filas, cat, indicadores, sel, oficina_local(sesion).nombre)
    from reportes.compendio import escribir as compendio

    return compendio(salida, filas, cat, sel)
