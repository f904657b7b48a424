"""Resumen de la oficina local: identidad, llave y cifras (para `estado` y la barra de estado)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.modelos import Accion, Llave
from base_local.oficinas import oficina_local


def pendientes_de_envio(sesion: Session) -> int:
    """Acciones guardadas que aún no salen en un paquete (los borradores no cuentan)."""
    consulta = select(func.count()).select_from(Accion).where(Accion.pendiente_envio, Accion.estado != "borrador")
    return sesion.scalar(consulta) or 0


def resumen_oficina(sesion: Session) -> dict[str, Any]:
    oficina = oficina_local(sesion)
    if oficina is None:
        return {"oficina": None, "texto": "La base no tiene oficina local."}
    llave = sesion.scalar(select(Llave).where(Llave.oficina == oficina.clave, Llave.estado == "activa"))
    por_estado = dict(sesion.execute(select(Accion.estado, func.count()).group_by(Accion.estado)).all())
    vivas = select(
        func.coalesce(func.sum(Accion.mujeres), 0), func.coalesce(func.sum(Accion.hombres), 0),
        func.coalesce(func.sum(Accion.otra_identidad), 0), func.coalesce(func.sum(Accion.sin_dato), 0),
        func.coalesce(func.sum(Accion.total), 0),
    ).where(Accion.estado != "anulada")
    mujeres, hombres, otra, sin_dato, total = sesion.execute(vivas).one()
    pendientes = pendientes_de_envio(sesion)
    datos = {
        "oficina": oficina.clave, "tipo": oficina.tipo, "nombre": oficina.nombre, "responsable": oficina.responsable,
        "entidad": oficina.entidad, "municipio": oficina.municipio, "superior": oficina.superior,
        "huella": llave.huella if llave else None, "acciones_por_estado": por_estado,
        "pendientes_de_envio": pendientes,
        "totales": {"mujeres": mujeres, "hombres": hombres, "otra_identidad": otra, "sin_dato": sin_dato, "total": total},
    }
    lineas = [
        f"Oficina: {oficina.clave} — {oficina.nombre} ({oficina.tipo})",
        f"Responsable: {oficina.responsable}",
        f"Huella de la llave: {llave.huella if llave else 'sin llave activa'}",
        f"Acciones: {sum(por_estado.values()):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(por_estado.items())) or 'ninguna'})",
        f"Pendientes de envío: {pendientes:,}",
        f"Asistentes (acciones vivas): {total:,} — mujeres {mujeres:,}, hombres {hombres:,}, otra identidad {otra:,}, sin dato {sin_dato:,}",
    ]
    datos["texto"] = "\n".join(lineas)
    return datos
