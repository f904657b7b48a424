"""Jurisdicción de una oficina: qué entidades y municipios le corresponden y qué oficinas tiene debajo."""

from __future__ import annotations

from dataclasses import dataclass

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


def jurisdiccion_de_clave(clave: str) -> Jurisdiccion:
    if clave == CLAVE_CENTRAL:
        return Jurisdiccion("central")
    if clave.startswith("E"):
        return Jurisdiccion("estatal", clave[1:3])
    return Jurisdiccion("municipal", clave[1:3], clave[1:6])


def superior_de(tipo: str, entidad: str | None) -> str | None:
    """Oficina a la que se envían los paquetes."""
    if tipo == "central":
        return None
    if tipo == "estatal":
        return CLAVE_CENTRAL
    return f"E{entidad}"

