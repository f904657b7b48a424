"""Fixtures compartidas de las pruebas de paquetes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def copia(red, tmp_path):
    """Copia fresca de una oficina de la red del módulo (su fixture `red`) para cada caso."""
    def hacer(nombre: str) -> Path:
        destino = tmp_path / nombre
        shutil.copytree(red[nombre], destino)
        return destino
    return hacer
