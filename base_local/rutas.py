"""Carpeta de datos de la oficina y los archivos que viven en ella."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

NOMBRE_APP = "registro-acciones-fsur"


def carpeta_predeterminada() -> Path:
    """Carpeta de datos del usuario según el sistema operativo."""
    return Path(user_data_dir(NOMBRE_APP, appauthor=False))


@dataclass(frozen=True)
class Rutas:
    """Archivos de una carpeta de datos."""

    raiz: Path

    @property
    def base(self) -> Path:
        return self.raiz / "registro.sqlite"

    @property
    def url_base(self) -> str:
        return f"sqlite:///{self.base}"

    @property
    def llave_privada(self) -> Path:
        return self.raiz / "llave_privada.json"

    @property
    def evidencias(self) -> Path:
        return self.raiz / "evidencias"

    @property
    def respaldos(self) -> Path:
        return self.raiz / "respaldos"

    @property
    def paquetes(self) -> Path:
        return self.raiz / "paquetes"
