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
from base_local.modelos import Accion, Conflicto, Evidencia, Historial, Observacion
from base_local.oficinas import oficina_local
from empaquetado.importar import _aplicar, _evidencias, _filas_historial, _valores
from formularios import limites
from formularios.legible import momento_local

OPERACIONES = {("conflicto", "recibida"): "conflicto_recibida", ("conflicto", "local"): "conflicto_local",
               ("enmienda", "recibida"): "enmienda_aprobada", ("enmienda", "local"): "enmienda_rechazada"}


def pendientes(sesion: Session) -> list[tuple[Any, ...]]:
    """Filas planas: id, tipo, oficina de origen, título, revisión local, revisión recibida, recibido, id de la acción.

    Un registro nuevo fechado en un trimestre aprobado aún no existe aquí: su revisión local es None.
    """
    filas = []
    for c, a in sesion.execute(select(Conflicto, Accion).outerjoin(Accion, Accion.id == Conflicto.accion_id)
                               .where(Conflicto.estado == "pendiente").order_by(Conflicto.recibido_en)):
        origen, titulo = (a.oficina_origen, a.titulo) if a else (c.contenido.get("oficina_origen"), c.contenido.get("titulo"))
        filas.append((c.id, c.tipo, origen, str(titulo or ""), a.revision if a else None, c.revision,
                      momento_local(c.recibido_en), c.accion_id))
    return filas


def comparar(sesion: Session, id_conflicto: int) -> list[tuple[str, Any, Any]]:
    """(campo, valor local, valor recibido) de cada campo que difiere (todo el registro si es nuevo)."""
    c = sesion.get(Conflicto, id_conflicto)
    accion = sesion.get(Accion, c.accion_id)
    salida = []
    for campo in (*CAMPOS_DATOS, "estado"):
        local, recibido = a_json(getattr(accion, campo)) if accion else None, c.contenido.get(campo)
        if local != recibido:
            salida.append((campo, local, recibido))
    return salida


def resolver(sesion: Session, id_conflicto: int, decision: str, nota: str, quien: str) -> dict[str, Any]:
    """`decision`: «recibida» aplica la versión que llegó; «local» conserva la que ya estaba."""
    if decision not in ("recibida", "local"):
        raise EntradaRechazada("Elija qué versión se conserva: la recibida o la local.")
    if not nota:
        raise EntradaRechazada("Escriba una nota que explique la decisión: viaja a la oficina en el acuse.")
    nota, quien = limites.texto_libre("nota_conflicto", nota), limites.texto_libre("quien", quien)
    c = sesion.get(Conflicto, id_conflicto)
    if c is None or c.estado != "pendiente":
        raise EntradaRechazada("Ese conflicto ya no está pendiente.")
    accion = sesion.get(Accion, c.accion_id)
    local = oficina_local(sesion)
    cambios = {campo: [antes, despues] for campo, antes, despues in comparar(sesion, id_conflicto)} if decision == "recibida" else {}
    nuevo = accion is None
    if decision == "recibida" and nuevo:
        accion = _insertar(sesion, c.contenido, local is not None and local.tipo == "estatal")
    elif decision == "recibida":
        revision = max(accion.revision, c.contenido["revision"])
        _aplicar(accion, c.contenido, accion.pendiente_envio)
        accion.revision = revision
    revision_actual = accion.revision if accion else c.revision
    cambios |= {"decision": [None, decision], "nota": [None, nota]}
    operacion = OPERACIONES[(c.tipo, decision)]
    ya = sesion.scalar(select(Historial).where(Historial.accion_id == c.accion_id, Historial.revision == revision_actual,
                                               Historial.operacion == operacion))
    if ya is None:
        sesion.add(Historial(accion_id=c.accion_id, revision=revision_actual, quien=quien, oficina=local.clave,
                             cuando=ahora(), operacion=operacion, cambios=cambios))
    c.estado, c.decision, c.nota, c.resuelto_por = "resuelto", decision, nota, quien
    que = {"conflicto": "El conflicto de versiones", "enmienda": "La enmienda"}[c.tipo]
    version = ("la versión enviada por su oficina" if decision == "recibida" else
               "el trimestre aprobado sin este registro nuevo" if nuevo else "la versión que ya tenía la coordinación")
    sesion.add(Observacion(accion_id=c.accion_id, revision=revision_actual, autor=quien, oficina=local.clave,
                           texto=f"{que} (revisión {c.revision}) se resolvió conservando {version}. Nota: {nota}",
                           creada_en=ahora()))
    sesion.flush()
    return {"accion": c.accion_id, "decision": decision, "texto": f"{que} se resolvió: se conservó {version}."}


def _insertar(sesion: Session, r: dict[str, Any], reenviar: bool) -> Accion:
    """La enmienda aprobada de un registro nuevo: entra como lo habría hecho al importarse."""
    sesion.execute(Accion.__table__.insert(), [_valores(r, reenviar)])
    if historial := _filas_historial(r):
        sesion.execute(Historial.__table__.insert(), historial)
    if evidencias := _evidencias(r):
        sesion.execute(Evidencia.__table__.insert(), evidencias)
    return sesion.get(Accion, r["id"])
