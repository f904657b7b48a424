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


@pytest.fixture
def estatal(copia):
    """Copia fresca de la oficina estatal de la red del módulo para cada caso."""
    return copia("est")

@pytest.fixture
def repartir(monkeypatch):
    """Todo paquete, por chico que sea, se reparte con el proceso de ayuda en trozos de dos registros. Devuelve, por
    cada paquete revisado, cuántos trozos hizo el proceso de ayuda."""
    from empaquetado import revision_paralela as paralela

    monkeypatch.delenv("FSUR_UN_PROCESO", raising=False)
    monkeypatch.setattr(paralela, "UMBRAL", 0)
    monkeypatch.setattr(paralela, "TROZO", 2)
    hechos = []
    original = paralela.Reparto.primer_fallo

    def contar(self, hasta, registros):
        resultado = original(self, hasta, registros)
        hechos.append(len(self.hechos))
        return resultado
    monkeypatch.setattr(paralela.Reparto, "primer_fallo", contar)
    return hechos
