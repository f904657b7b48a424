"""El servicio que guarda una acción validándola: lo usan el formulario, el Excel y la demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from base_local.acciones import guardar_accion
from base_local.consultas_catalogo import leer_catalogos
from base_local.oficinas import DatosOficina
from formularios.duplicados import buscador
from formularios.reglas import DE_FORMA, HUELLA_REGLAS, Contexto, Mensaje, avisos_pendientes, errores, validar


@dataclass
class Resultado:
    guardado: bool
    id: str | None = None
    revision: int | None = None
    estado: str | None = None
    mensajes: list[Mensaje] = field(default_factory=list)
    motivo: str = ""


def contexto_para(sesion: Session, oficina: DatosOficina) -> Contexto:
    return Contexto(leer_catalogos(sesion), oficina.jurisdiccion, buscar_duplicados=buscador(sesion, oficina.clave))


def guardar(
    sesion: Session, datos: dict[str, Any], ctx: Contexto, oficina: DatosOficina, *, quien: str, lista: bool
) -> Resultado:
    """Valida y guarda. `lista=True` exige cero errores y avisos reconocidos; un borrador solo exige tipos válidos."""
    registro, mensajes = validar(datos, ctx)
    if lista:
        if errores(mensajes):
            return Resultado(False, mensajes=mensajes, motivo="Corrija los errores marcados antes de marcarla como lista.")
        pendientes = avisos_pendientes(mensajes, registro.get("avisos_reconocidos") or [])
        if pendientes:
            return Resultado(False, mensajes=mensajes, motivo="Lea y reconozca los avisos antes de marcarla como lista.")
    elif any(m.codigo in DE_FORMA for m in mensajes):
        return Resultado(False, mensajes=mensajes, motivo="Hay valores que no se pueden guardar ni como borrador.")
    accion = guardar_accion(sesion, registro, quien=quien, oficina=oficina.clave, estado="lista" if lista else "borrador",
                            validada_con=HUELLA_REGLAS if lista else None)
    return Resultado(True, accion.id, accion.revision, accion.estado, mensajes)
