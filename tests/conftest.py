"""Accesorios comunes: Qt sin pantalla, frase de prueba y oficinas reales en carpetas temporales."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from base_local.apertura import abrir_base  # noqa: E402
from base_local.rutas import Rutas  # noqa: E402
from empaquetado.alta import SolicitudAlta, inicializar  # noqa: E402
from tests.servidor_pg import motor_central, servidor_pg  # noqa: E402, F401  (accesorios compartidos)

FRASE = "frase de prueba suficientemente larga"
os.environ["FSUR_FRASE"] = FRASE  # también para los accesorios de alcance de módulo


@pytest.fixture(autouse=True)
def _frase(monkeypatch):
    monkeypatch.setenv("FSUR_FRASE", FRASE)


def crear_oficina(carpeta: Path, tipo: str = "municipal", entidad: str | None = "07", municipio: str | None = "07089",
                  url: str | None = None):
    nombres = {"municipal": "Oficina Municipal de Tapachula", "estatal": "Enlace Estatal de Chiapas", "central": "Coordinación CAIMFS"}
    sol = SolicitudAlta(tipo, nombres[tipo], "María Pérez", entidad if tipo != "central" else None, municipio if tipo == "municipal" else None)
    return inicializar(carpeta, sol, FRASE, url)


@pytest.fixture
def oficina_municipal(tmp_path):
    carpeta = tmp_path / "municipal"
    crear_oficina(carpeta)
    return carpeta


@pytest.fixture
def base_municipal(oficina_municipal):
    base = abrir_base(Rutas(oficina_municipal).url_base)
    yield base
    base.cerrar()


CONTESTADORES: list[list] = []  # los pasos pendientes de cada `contestar` (tests/escritorio/conftest.py) en curso


@pytest.fixture(autouse=True)
def _sin_contestadores_sueltos():
    """Un `contestar` con pasos de más seguiría contestando los diálogos de las pruebas siguientes: al terminar cada
    prueba se le quitan los pasos que quedaron y deja de mirar."""
    yield
    for pendientes in CONTESTADORES:
        pendientes.clear()
    CONTESTADORES.clear()


@pytest.fixture(autouse=True)
def _sin_dialogos_olvidados(request):
    """Un diálogo modal que nadie contesta colgaría la suite: tras 10 s se cierra con Esc y la prueba falla diciendo cuál."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    request.getfixturevalue("qapp")
    olvidados: list[str] = []
    esperas: dict[int, int] = {}

    def revisar() -> None:
        dialogo = QApplication.activeModalWidget()
        if not isinstance(dialogo, QDialog):
            return
        esperas[id(dialogo)] = esperas.get(id(dialogo), 0) + 1
        if esperas[id(dialogo)] >= 100:
            olvidados.append(f"{dialogo.windowTitle()}: {dialogo.text() if isinstance(dialogo, QMessageBox) else ''}")
            dialogo.reject()

    vigia = QTimer()
    vigia.timeout.connect(revisar)
    vigia.start(100)
    yield
    vigia.stop()
    if olvidados:
        pytest.fail(f"Diálogos que la prueba no contestó: {olvidados}")
