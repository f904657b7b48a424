"""Mesa de revisión: la ficha de una acción como la lee quien revisa (sus datos, su estado de revisión, los paquetes
en que llegó, cada observación y acuse que ha tenido y su historial), en renglones con etiquetas y fechas locales."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from base_local.acciones import historial_de
from base_local.estado_revision import clave_local, estado_de_revision
from base_local.modelos import (
    Accion,
    AcuseAplicado,
    Conflicto,
    DecisionRevision,
    Observacion,
    Oficina,
    PaqueteEntrada,
    PosibleDuplicado,
)
from empaquetado.acuses import quien_acusa
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import fecha_local, lineas_historial, momento_local

RESULTADOS = {"nuevos": "nueva", "actualizados": "actualizada", "sin_cambios": "sin cambios", "obsoletos": "obsoleta (ya tenía una más nueva)",
              "conflictos": "en conflicto", "enmiendas": "enmienda en espera de aprobación"}


def _oficina(sesion: Session, clave: str) -> str:
    nombre = sesion.scalar(select(Oficina.nombre).where(Oficina.clave == clave))
    return f"{clave} — {nombre}" if nombre else clave


def _paquetes(sesion: Session, id_accion: str) -> list[str]:
    """Cada paquete recibido que trajo la acción (el libro de paquetes guarda id, revisión y resultado de cada registro)."""
    lineas = []
    consulta = select(PaqueteEntrada).where(cast(PaqueteEntrada.conteos, String).like(f'%"{id_accion}"%')).order_by(PaqueteEntrada.importado_en)
    for p in sesion.scalars(consulta):
        for ident, revision, resultado, *_ in p.conteos.get("registros", []):
            if ident == id_accion:
                lineas.append(f"  · Paquete {p.secuencia} de {p.oficina} (id {p.id}), importado el {momento_local(p.importado_en)}: "
                              f"revisión {revision}, {RESULTADOS.get(resultado, resultado)}.")
    return lineas or ["  · Ninguno: se capturó en esta oficina."]


def _observaciones(sesion: Session, id_accion: str, local: str) -> list[str]:
    lineas = []
    for o in sesion.scalars(select(Observacion).where(Observacion.accion_id == id_accion).order_by(Observacion.creada_en, Observacion.id)):
        if o.oficina == local:
            estado = ("salió en el acuse del paquete " + o.acuse if o.acuse else
                      "retirada al aceptar la acción" if o.atendida else "saldrá en el próximo acuse")
            de = f"de esta oficina ({o.autor})"
        else:
            estado = f"llegó en el acuse del paquete {o.acuse}" if o.acuse else "recibida"
            de = f"de {quien_acusa(o.oficina)}"
        lineas.append(f"  · {momento_local(o.creada_en)}, {de}, sobre la revisión {o.revision} ({estado}):")
        lineas.extend(f"      {renglon}" for renglon in o.texto.splitlines() or [""])
    return lineas or ["  · Ninguna."]


def _acuses(sesion: Session, accion: Accion, local: str) -> list[str]:
    lineas = []
    decision = sesion.get(DecisionRevision, accion.id)
    if decision is not None:
        vigente = "" if decision.revision == accion.revision else f" (ya hay una revisión nueva, la {accion.revision}: decida de nuevo)"
        verbo = {"observada": "observó", "aceptada": "aceptó"}.get(decision.decision, decision.decision)
        lineas.append(f"  · Esta oficina la {verbo} el {momento_local(decision.cuando)} ({decision.quien}), "
                      f"en su revisión {decision.revision}{vigente}.")
    aplicado = sesion.get(AcuseAplicado, accion.id)
    if aplicado is not None:
        lineas.append(f"  · {aplicado.estado.capitalize()} por {quien_acusa(aplicado.origen)} (acuse del {fecha_local(aplicado.emitido_en.date())}, "
                      f"paquete {aplicado.paquete}).")
    for c in sesion.scalars(select(Conflicto).where(Conflicto.accion_id == accion.id).order_by(Conflicto.recibido_en)):
        tipo = "Enmienda" if c.tipo == "enmienda" else "Conflicto"
        estado = "pendiente" if c.estado == "pendiente" else f"resuelto: se conservó la versión {c.decision}" + (f" ({c.nota})" if c.nota else "")
        lineas.append(f"  · {tipo} con la revisión {c.revision}, recibida el {momento_local(c.recibido_en)} en el paquete {c.paquete}: {estado}.")
    for a, b, estado in sesion.execute(select(PosibleDuplicado.accion_a, PosibleDuplicado.accion_b, PosibleDuplicado.estado)
                                       .where((PosibleDuplicado.accion_a == accion.id) | (PosibleDuplicado.accion_b == accion.id))):
        otra = b if a == accion.id else a
        titulo = sesion.scalar(select(Accion.titulo).where(Accion.id == otra)) or otra
        lineas.append(f"  · Posible duplicado de «{titulo[:80]}»: {estado.replace('_', ' ')}.")
    return lineas or ["  · Ninguna decisión ni acuse todavía."]


def ficha(sesion: Session, id_accion: str, nombres: dict[str, dict[Any, str]]) -> list[str] | None:
    """Los renglones de la ficha de revisión de la acción, o None si no existe."""
    accion = sesion.get(Accion, id_accion)
    if accion is None:
        return None
    local = clave_local(sesion)
    estado = estado_de_revision(sesion, id_accion) or "propia, sin acuse de su oficina superior"
    cifras = ", ".join(f"{ETIQUETAS_SEXO[s]} {getattr(accion, s):,}" for s in SEXOS)
    lineas = [
        f"«{accion.titulo}»",
        f"Oficina de origen: {_oficina(sesion, accion.oficina_origen)}",
        f"Fecha: {fecha_local(accion.fecha_inicio)}" + (f" al {fecha_local(accion.fecha_fin)}" if accion.fecha_fin != accion.fecha_inicio else "")
        + f" (trimestre {accion.periodo or '—'})",
        f"Municipio: {nombres.get('municipio', {}).get(accion.municipio, accion.municipio or '—')}",
        f"Tipo de acción: {nombres.get('tipo_accion', {}).get(accion.tipo_accion, accion.tipo_accion or '—')}",
        f"Personas: {cifras}; total {accion.total:,}",
        f"Estado del registro: {accion.estado} · revisión {accion.revision}",
        f"Estado de revisión en esta oficina: {estado}",
        "", "Paquetes en que llegó:", *_paquetes(sesion, id_accion),
        "", "Observaciones:", *_observaciones(sesion, id_accion, local),
        "", "Decisiones y acuses:", *_acuses(sesion, accion, local),
        "", "Historial:", *(f"  {renglon}" if renglon else "" for renglon in lineas_historial(historial_de(sesion, id_accion), nombres)),
    ]
    return lineas
