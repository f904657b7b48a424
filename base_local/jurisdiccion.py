"""Jurisdicción de una oficina: qué entidades y municipios le corresponden y qué oficinas tiene debajo."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from recursos import leer_catalogo

ENTIDADES_PROGRAMA: tuple[str, ...] = ("04", "07", "23", "27")
TIPOS_OFICINA: tuple[str, ...] = ("municipal", "estatal", "central")
CLAVE_CENTRAL = "CAIMFS"


@dataclass(frozen=True)
class Jurisdiccion:
    tipo: str
    entidad: str | None = None
    municipio: str | None = None

    def admite(self, entidad: str | None, municipio: str | None) -> bool:
        """¿Puede esta oficina registrar (o recibir) una acción en ese lugar?"""
        if self.tipo == "central":
            return entidad in ENTIDADES_PROGRAMA
        if self.tipo == "estatal":
            return entidad == self.entidad and (municipio is None or municipio.startswith(self.entidad or "??"))
        return entidad == self.entidad and municipio == self.municipio

    def describir(self) -> str:
        if self.tipo == "central":
            return "las cuatro entidades de la frontera sur"
        if self.tipo == "estatal":
            return f"la entidad {self.entidad}"
        return f"el municipio {self.municipio}"


def clave_oficina(tipo: str, entidad: str | None, municipio: str | None) -> str:
    """Clave estable de la oficina: CAIMFS, E07 (estatal de Chiapas) o M07089 (municipal de Tapachula)."""
    if tipo == "central":
        return CLAVE_CENTRAL
    if tipo == "estatal":
        return f"E{entidad}"
    return f"M{municipio}"


@cache
def _municipios() -> frozenset[str]:
    return frozenset(m["cvegeo"] for m in leer_catalogo("municipios") if m["cve_ent"] in ENTIDADES_PROGRAMA)


def leer_clave(clave: object) -> Jurisdiccion | None:
    """La única gramática de claves de oficina: CAIMFS, E + una de las cuatro entidades (E07) o M + un municipio
    del catálogo INEGI (M07089), exactamente, sin espacios ni sufijos. None si la clave no la sigue."""
    if not isinstance(clave, str):
        return None
    if clave == CLAVE_CENTRAL:
        return Jurisdiccion("central")
    if len(clave) == 3 and clave[0] == "E" and clave[1:] in ENTIDADES_PROGRAMA:
        return Jurisdiccion("estatal", clave[1:])
    if len(clave) == 6 and clave[0] == "M" and clave[1:] in _municipios():
        return Jurisdiccion("municipal", clave[1:3], clave[1:])
    return None


def clave_concuerda(clave: object, tipo: object, entidad: object, municipio: object) -> bool:
    """La clave sigue la gramática y nombra exactamente ese tipo, entidad y municipio."""
    return leer_clave(clave) == Jurisdiccion(tipo, entidad, municipio) if isinstance(tipo, str) else False


def jurisdiccion_de_clave(clave: str) -> Jurisdiccion:
    """Jurisdicción de una clave guardada; ValueError si no sigue la gramática."""
    jurisdiccion = leer_clave(clave)
    if jurisdiccion is None:
        raise ValueError(f"Clave de oficina mal formada: {clave!r}")
    return jurisdiccion


def superior_de(tipo: str, entidad: str | None) -> str | None:
    """Oficina a la que se envían los paquetes."""
    if tipo == "central":
        return None
    if tipo == "estatal":
        return CLAVE_CENTRAL
    return f"E{entidad}"

