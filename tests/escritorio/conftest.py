"""Accesorios de la interfaz: contexto de la aplicación sobre una oficina real."""

import pytest

from base_local.apertura import abrir_base
from base_local.rutas import Rutas
from escritorio.contexto import ContextoApp
from tests.conftest import FRASE


def contexto(carpeta) -> ContextoApp:
    rutas = Rutas(carpeta)
    return ContextoApp(rutas, abrir_base(rutas.url_base), pedir_frase=lambda padre, motivo: FRASE)


@pytest.fixture
def ctx_municipal(oficina_municipal):
    ctx = contexto(oficina_municipal)
    yield ctx
    ctx.base.cerrar()
