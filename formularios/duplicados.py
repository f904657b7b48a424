"""Búsqueda de probables duplicados: misma oficina, fechas cercanas, mismo municipio y tipo, cifras o título iguales."""

from __future__ import annotations

from datetime import timedelta
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Accion
from formularios.campos import SEXOS

VENTANA_DIAS = 7
SIMILITUD_TITULO = 0.85
TOLERANCIA_CIFRAS = 0.05  # cifras «casi iguales»: el total difiere 5 % o menos


def _parecido(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return a == b or SequenceMatcher(None, a, b).ratio() >= SIMILITUD_TITULO


def buscador(sesion: Session, oficina: str):
    """Función que recibe un registro normalizado y devuelve los probables duplicados (dicts planos)."""

    def buscar(r: dict[str, Any]) -> list[dict[str, Any]]:
        inicio = r.get("fecha_inicio")
        if inicio is None or not r.get("municipio") or not r.get("tipo_accion"):
            return []
        ventana = timedelta(days=VENTANA_DIAS)
        consulta = select(Accion).where(
            Accion.oficina_origen == oficina,
            Accion.municipio == r["municipio"],
            Accion.tipo_accion == r["tipo_accion"],
            Accion.fecha_inicio.between(inicio - ventana, inicio + ventana),
            Accion.estado != "anulada",
        )
        if r.get("id"):
            consulta = consulta.where(Accion.id != r["id"])
        hallados = []
        for otra in sesion.scalars(consulta):
            total = r.get("total", 0)
            mismas_cifras = total > 0 and (
                all((r.get(s) or 0) == getattr(otra, s) for s in SEXOS)
                or abs(total - otra.total) <= TOLERANCIA_CIFRAS * max(total, otra.total)
            )
            if mismas_cifras or _parecido(r.get("titulo") or "", otra.titulo):
                hallados.append({"id": otra.id, "titulo": otra.titulo, "fecha_inicio": otra.fecha_inicio.isoformat()})
        return hallados

    return buscar
