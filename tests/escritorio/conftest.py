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


@pytest.fixture(autouse=True, scope="session")
def _aplicacion(qapp):
    """La aplicación de las pruebas se prepara como la real: fuente empaquetada, qtbase_es y estilo."""
    from escritorio.aplicacion import preparar

    preparar(qapp)
    return qapp
