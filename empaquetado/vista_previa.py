"""Vista previa de un paquete para decidir: por registro, fecha, municipio, tipo, cifras por sexo y, en una
actualización, enmienda o conflicto, cada campo que cambia antes → después; y los conteos por oficina y trimestre.

Se arma después de la simulación (la base ya volvió a como estaba: lo guardado es el «antes») leyendo otra vez los
registros verificados del paquete (el «después»)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Accion
from base_local.periodos import periodo_de
from empaquetado.importar import _comparable, _comparable_de, _fecha
from empaquetado.verificar import Verificacion

FICHA = ("oficina_origen", "fecha_inicio", "municipio", "tipo_accion", "mujeres", "hombres", "otra_identidad", "sin_dato", "total")


def enriquecer(sesion: Session, v: Verificacion, detalle: list[dict[str, Any]], duplicados: list[tuple[str, str]]) -> None:
    """Completa cada fila de `detalle` (por id) con su ficha, `trimestre`, `posible_duplicado` y `cambios`
    ({campo: [antes, después]}) si cambia algo de lo ya guardado."""
    por_id = {d["id"]: d for d in detalle}
    parecidos = {x for par in duplicados for x in par}
    for lote in v.lotes():
        cambian = [r["id"] for r in lote if por_id.get(r["id"], {}).get("campos")]
        guardadas = {a.id: a for a in sesion.scalars(select(Accion).where(Accion.id.in_(cambian)))} if cambian else {}
        for r in lote:
            d = por_id.get(r["id"])
            if d is None:
                continue
            inicio = _fecha(r.get("fecha_inicio"))
            d.update({c: r.get(c) for c in FICHA})
            d["trimestre"] = periodo_de(inicio) if inicio else ""
            d["posible_duplicado"] = r["id"] in parecidos
            actual = guardadas.get(r["id"])
            if actual is not None:
                antes, despues = _comparable(_comparable_de(actual)), _comparable(r)
                d["cambios"] = {c: [antes.get(c), despues.get(c)] for c in d["campos"]}


def filtrar(detalle: list[dict[str, Any]], filtro: str | None) -> list[dict[str, Any]]:
    """Las filas de un filtro: nuevos, actualizados, conflictos, enmiendas o posibles_duplicados (None: todas)."""
    if not filtro:
        return detalle
    if filtro == "posibles_duplicados":
        return [d for d in detalle if d.get("posible_duplicado")]
    return [d for d in detalle if d["resultado"] == filtro]


def por_oficina_y_trimestre(detalle: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cuántos registros del paquete hay de cada oficina de origen y trimestre, por resultado."""
    cuentas: dict[tuple[str, str], dict[str, int]] = {}
    for d in detalle:
        llave = (str(d.get("oficina_origen") or ""), str(d.get("trimestre") or ""))
        fila = cuentas.setdefault(llave, {})
        fila[d["resultado"]] = fila.get(d["resultado"], 0) + 1
        fila["registros"] = fila.get("registros", 0) + 1
    return [{"oficina": o, "trimestre": t, **c} for (o, t), c in sorted(cuentas.items())]
