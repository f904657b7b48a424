"""Mesa de revisión: el plazo de envío que fija quien recibe y la aprobación de varias celdas (oficina y trimestre)
a la vez, que decide la política (empaquetado/politica.py). La matriz la calcula base_local/revision.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local import periodos
from base_local.jurisdiccion import leer_clave
from base_local.modelos import Accion, Ajuste
from base_local.oficinas import oficina_local
from base_local.revision import AJUSTE_PLAZO, PLAZO_MAXIMO, VIVAS
from empaquetado.codigos import Rechazo
from empaquetado.politica import aprobacion_admisible
from formularios import limites


def fijar_plazo(sesion: Session, dias: Any) -> int:
    if isinstance(dias, bool) or not isinstance(dias, int) or not 0 <= dias <= PLAZO_MAXIMO:
        raise Rechazo("PLAZO_INVALIDO", f"Recibido: {str(dias)[:20]!r}.")
    sesion.merge(Ajuste(clave=AJUSTE_PLAZO, valor=str(dias)))
    sesion.flush()
    return dias



def aprobar_celdas(sesion: Session, pares: Iterable[tuple[str, str]], quien: str, hoy: date | None = None) -> list[dict[str, Any]]:
    """Aprueba cada (oficina, trimestre) con la función de siempre (base_local.periodos.aprobar), después de que la
    política admitió TODAS: si una no se admite, se lanza su Rechazo y nada cambia."""
    hoy = hoy or date.today()
    quien = limites.texto_libre("quien", quien)  # T23: queda en la bitácora de cada trimestre
    local = oficina_local(sesion)
    pares = list(dict.fromkeys(pares))
    if not pares:
        raise Rechazo("APROBACION_NO_PERMITIDA", "No se eligió ninguna oficina y trimestre.")
    for oficina, trimestre in pares:
        aprobacion_admisible(local, oficina, trimestre, periodos.estado_de(sesion, oficina, trimestre) if leer_clave(oficina) else "", hoy)
    hechos = []
    for oficina, trimestre in pares:
        periodos.aprobar(sesion, oficina, trimestre, quien)
        registros = sesion.scalar(select(func.count()).select_from(Accion).where(
            Accion.oficina_origen == oficina, Accion.periodo == trimestre, Accion.estado.in_(VIVAS))) or 0
        hechos.append({"oficina": oficina, "trimestre": trimestre, "registros": registros})
    return hechos
