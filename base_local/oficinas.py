"""La oficina de esta instalación y el registro de oficinas conocidas."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from base_local.jurisdiccion import Jurisdiccion
from base_local.modelos import Ajuste, Oficina

AJUSTE_OFICINA = "oficina_local"


@dataclass(frozen=True)
class DatosOficina:
    clave: str
    tipo: str
    nombre: str
    responsable: str
    entidad: str | None
    municipio: str | None
    superior: str | None

    @property
    def jurisdiccion(self) -> Jurisdiccion:
        return Jurisdiccion(self.tipo, self.entidad, self.municipio)


def _datos(o: Oficina) -> DatosOficina:
    return DatosOficina(o.clave, o.tipo, o.nombre, o.responsable, o.entidad, o.municipio, o.superior)


def oficina_local(sesion: Session) -> DatosOficina | None:
    """La oficina de esta instalación, o None si la carpeta aún no se inicializa."""
    ajuste = sesion.get(Ajuste, AJUSTE_OFICINA)
    if ajuste is None:
        return None
    oficina = sesion.get(Oficina, ajuste.valor)
    return _datos(oficina) if oficina else None


def marcar_oficina_local(sesion: Session, clave: str) -> None:
    sesion.merge(Ajuste(clave=AJUSTE_OFICINA, valor=clave))


def datos_oficina(sesion: Session, clave: str) -> DatosOficina | None:
    oficina = sesion.get(Oficina, clave)
    return _datos(oficina) if oficina else None
