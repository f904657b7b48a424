"""Conflictos y enmiendas apartados al importar: verlos campo por campo y decidir con una nota.

La decisión queda en el historial de la acción y vuelve a la oficina de origen como observación en su
siguiente acuse.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import CAMPOS_DATOS, a_json, ahora
from base_local.errores import EntradaRechazada
from base_local.modelos import Accion, Conflicto, Historial, Observacion
from base_local.oficinas import oficina_local
from empaquetado.importar import _aplicar

OPERACIONES = {("conflicto", "recibida"): "conflicto_recibida", ("conflicto", "local"): "conflicto_local",
               ("enmienda", "recibida"): "enmienda_aprobada", ("enmienda", "local"): "enmienda_rechazada"}


def pendientes(sesion: Session) -> list[tuple[Any, ...]]:
    """Filas planas: id, tipo, oficina de origen, título, revisión local, revisión recibida, recibido, id de la acción."""
    filas = []
    for c, a in sesion.execute(select(Conflicto, Accion).join(Accion, Accion.id == Conflicto.accion_id)
                               .where(Conflicto.estado == "pendiente").order_by(Conflicto.recibido_en)):
        filas.append((c.id, c.tipo, a.oficina_origen, a.titulo, a.revision, c.revision,
                      c.recibido_en.strftime("%d/%m/%Y %H:%M"), a.id))
    return filas


def comparar(sesion: Session, id_conflicto: int) -> list[tuple[str, Any, Any]]:
    """(campo, valor local, valor recibido) de cada campo que difiere."""
    c = sesion.get(Conflicto, id_conflicto)
    accion = sesion.get(Accion, c.accion_id)
    salida = []
    for campo in (*CAMPOS_DATOS, "estado"):
        local, recibido = a_json(getattr(accion, campo)), c.contenido.get(campo)
        if local != recibido:
            salida.append((campo, local, recibido))
    return salida


def resolver(sesion: Session, id_conflicto: int, decision: str, nota: str, quien: str) -> dict[str, Any]:
    """`decision`: «recibida» aplica la versión que llegó; «local» conserva la que ya estaba."""
    if decision not in ("recibida", "local"):
        raise EntradaRechazada("Elija qué versión se conserva: la recibida o la local.")
    if not nota.strip():
        raise EntradaRechazada("Escriba una nota que explique la decisión: viaja a la oficina en el acuse.")
    c = sesion.get(Conflicto, id_conflicto)
    if c is None or c.estado != "pendiente":
        raise EntradaRechazada("Ese conflicto ya no está pendiente.")
    accion = sesion.get(Accion, c.accion_id)
    cambios = {campo: [local, recibido] for campo, local, recibido in comparar(sesion, id_conflicto)} if decision == "recibida" else {}
    if decision == "recibida":
        revision = max(accion.revision, c.contenido["revision"])
        _aplicar(accion, c.contenido, accion.pendiente_envio)
        accion.revision = revision
    local = oficina_local(sesion)
    cambios |= {"decision": [None, decision], "nota": [None, nota.strip()]}
    operacion = OPERACIONES[(c.tipo, decision)]
    ya = sesion.scalar(select(Historial).where(Historial.accion_id == accion.id, Historial.revision == accion.revision,
                                               Historial.operacion == operacion))
    if ya is None:
        sesion.add(Historial(accion_id=accion.id, revision=accion.revision, quien=quien, oficina=local.clave,
                             cuando=ahora(), operacion=operacion, cambios=cambios))
    c.estado, c.decision, c.nota, c.resuelto_por = "resuelto", decision, nota.strip(), quien
    que = {"conflicto": "El conflicto de versiones", "enmienda": "La enmienda"}[c.tipo]
    version = "la versión enviada por su oficina" if decision == "recibida" else "la versión que ya tenía la coordinación"
    sesion.add(Observacion(accion_id=accion.id, revision=accion.revision, autor=quien, oficina=local.clave,
                           texto=f"{que} (revisión {c.revision}) se resolvió conservando {version}. Nota: {nota.strip()}",
                           creada_en=ahora()))
    sesion.flush()
    return {"accion": accion.id, "decision": decision, "texto": f"{que} se resolvió: se conservó {version}."}
