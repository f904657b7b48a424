"""Estado de revisión de cada acción en esta oficina, derivado de lo que guarda la base: una sola definición (en SQL,
para que la lista de 100,000 acciones filtre y ordene por él) que usan la lista, sus filtros y la ficha de una acción.

De mayor a menor precedencia:
- «enmienda en espera»: un cambio recibido a un trimestre aprobado espera su aprobación (tabla `conflicto`);
- «posible duplicado»: está en una pareja de posibles duplicados aún pendiente;
- «observada»: esta oficina la observó en su revisión actual (o, si es propia, su superior la observó);
- «aprobada»: su trimestre está aprobado para su oficina de origen;
- «aceptada»: esta oficina la aceptó en su revisión actual (o, si es propia, su superior la aceptó);
- «recibida»: llegó de otra oficina y aún no se decide nada sobre su revisión actual.
Una acción propia sin palabra de su superior no tiene estado de revisión ("").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, exists, false, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from base_local.modelos import Accion, Ajuste, Conflicto, DecisionRevision, Periodo, PosibleDuplicado
from base_local.oficinas import AJUSTE_OFICINA

RECIBIDA, ACEPTADA, OBSERVADA = "recibida", "aceptada", "observada"
ENMIENDA, DUPLICADO, APROBADA = "enmienda en espera", "posible duplicado", "aprobada"
ESTADOS_REVISION = (RECIBIDA, ACEPTADA, OBSERVADA, ENMIENDA, DUPLICADO, APROBADA)
# Cómo los nombra la matriz de revisión (por celda) → el estado de sus registros.
SINONIMOS = {"recibido": RECIBIDA, "con observaciones": OBSERVADA, "aprobado": APROBADA, "aceptado": ACEPTADA}


def clave_local(sesion: Session) -> str:
    """La clave de la oficina de esta base ("" si aún no se inicializa)."""
    ajuste = sesion.get(Ajuste, AJUSTE_OFICINA)
    return ajuste.valor if ajuste else ""


def _hay(columnas: tuple[Any, ...], de_la_accion: tuple[Any, ...], *condicion: Any, pocas: bool) -> Any:
    """¿Hay una fila con `columnas` iguales a `de_la_accion` que cumpla `condicion`? Para pocas filas (una página),
    una búsqueda por índice en cada una; para toda la tabla (un filtro), la subconsulta se resuelve una sola vez."""
    if pocas:
        return exists().where(*(c == a for c, a in zip(columnas, de_la_accion, strict=True)), *condicion)
    izquierda = de_la_accion[0] if len(de_la_accion) == 1 else tuple_(*de_la_accion)
    return izquierda.in_(select(*columnas).where(*condicion))


def _hallazgos() -> dict[str, tuple[Any, ...]]:
    """Por estado: (columnas de la tabla que lo guarda, columnas de la acción que deben coincidir, condición)."""
    pendiente = PosibleDuplicado.estado == "pendiente"
    decision = (DecisionRevision.accion_id, DecisionRevision.revision)
    return {
        ENMIENDA: ((Conflicto.accion_id,), (Accion.id,), (Conflicto.tipo == "enmienda", Conflicto.estado == "pendiente")),
        DUPLICADO + " a": ((PosibleDuplicado.accion_a,), (Accion.id,), (pendiente,)),
        DUPLICADO + " b": ((PosibleDuplicado.accion_b,), (Accion.id,), (pendiente,)),
        OBSERVADA: (decision, (Accion.id, Accion.revision), (DecisionRevision.decision == OBSERVADA,)),
        APROBADA: ((Periodo.oficina, Periodo.clave), (Accion.oficina_origen, Accion.periodo), (Periodo.estado == "aprobado",)),
        ACEPTADA: (decision, (Accion.id, Accion.revision), (DecisionRevision.decision == ACEPTADA,)),
    }


def vacios(sesion: Session) -> frozenset[str]:
    """Los hallazgos que hoy no tiene ninguna acción (ni una enmienda pendiente, ni una decisión «aceptada»…): su
    condición es falsa sin preguntar fila por fila. Unas consultas de una fila; ahorran recorrer 100,000 veces."""
    return frozenset(nombre for nombre, (columnas, _, condicion) in _hallazgos().items()
                     if sesion.execute(select(columnas[0]).where(*condicion).limit(1)).first() is None)


def condiciones(local: str, pocas: bool = False, sin: frozenset[str] = frozenset()) -> list[tuple[str, Any]]:
    """(estado, condición SQL sobre la fila de `accion`) en orden de precedencia; la primera que se cumple decide.
    `sin`: los hallazgos que `vacios` sabe que no hay."""
    def hay(nombre: str) -> Any:
        columnas, de_la_accion, condicion = _hallazgos()[nombre]
        return false() if nombre in sin else _hay(columnas, de_la_accion, *condicion, pocas=pocas)

    propia = Accion.oficina_origen == local
    return [
        (ENMIENDA, hay(ENMIENDA)),
        (DUPLICADO, or_(hay(DUPLICADO + " a"), hay(DUPLICADO + " b"))),
        (OBSERVADA, or_(hay(OBSERVADA), and_(propia, Accion.estado == OBSERVADA))),
        (APROBADA, hay(APROBADA)),
        (ACEPTADA, or_(hay(ACEPTADA), and_(propia, Accion.estado == ACEPTADA))),
        (RECIBIDA, Accion.oficina_origen != local),
    ]


def expresion(local: str, pocas: bool = False) -> Any:
    """El estado de revisión de cada fila de `accion` como expresión SQL (CASE), para mostrarlo, filtrar y ordenar.
    `pocas`: para calcularlo en unas cuantas filas (una página de la lista, una acción)."""
    return case(*((condicion, literal(estado)) for estado, condicion in condiciones(local, pocas)), else_=literal("")).label("estado_revision")


def filtro(local: str, estado: str, pocas: bool = False, sin: frozenset[str] = frozenset()) -> Any:
    """Condición SQL «su estado de revisión es `estado`»: la suya y ninguna de las de mayor precedencia. Equivale a
    `expresion(local) == estado`, pero la base deja de buscar en cuanto una falla (observadas: casi ninguna fila).
    `pocas`: la consulta examinará pocas filas (la primera página de un estado frecuente)."""
    previas: list[Any] = []
    for nombre, condicion in condiciones(local, pocas, sin):
        if nombre == estado:
            return and_(condicion, *(~p for p in previas))
        previas.append(condicion)
    raise ValueError(f"«{estado}» no es un estado de revisión.")


def estado_de_revision(sesion: Session, id_accion: str) -> str | None:
    """El estado de revisión de una acción (uno de ESTADOS_REVISION, "" si es propia y sin palabra de su superior),
    o None si no existe."""
    return sesion.scalar(select(expresion(clave_local(sesion), pocas=True)).where(Accion.id == id_accion))


def normalizar(estado: str | None) -> str | None:
    """«con observaciones» (como lo dice la matriz) → «observada»; un estado que no existe → ValueError."""
    if not estado:
        return None
    estado = SINONIMOS.get(estado, estado)
    if estado not in ESTADOS_REVISION:
        raise ValueError(f"«{estado}» no es un estado de revisión: use uno de {', '.join(ESTADOS_REVISION)}.")
    return estado
