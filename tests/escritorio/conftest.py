"""Accesorios de la interfaz: contexto de la aplicación sobre una oficina real."""

import pytest
from PySide6.QtCore import Qt

from base_local.apertura import abrir_base
from base_local.rutas import Rutas
from escritorio.contexto import ContextoApp
from tests.conftest import CONTESTADORES, FRASE


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


def contestar(*pasos) -> list[dict]:
    """Contesta con el teclado, uno por uno, los diálogos modales que vayan apareciendo, como lo haría una persona.

    Cada paso es una tecla (`Qt.Key`), un texto (se escribe y se pulsa Intro) o una tupla de esos. Devuelve lo que
    mostró cada diálogo: título, texto, detalle, botones y el botón por omisión."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton

    vistos: list[dict] = []
    pendientes = list(pasos)
    CONTESTADORES.append(pendientes)  # al terminar la prueba se vacía (tests/conftest.py)
    anterior: list = [None]

    def intentar() -> None:
        if not pendientes:
            return
        w = QApplication.activeModalWidget()
        if w is None or w is anterior[0] or not w.isVisible():
            QTimer.singleShot(20, intentar)
            return
        anterior[0] = w
        visto = {"titulo": w.windowTitle(), "tipo": type(w).__name__}
        if isinstance(w, QMessageBox):
            visto |= {"texto": w.text(), "detalle": w.informativeText(), "botones": [b.text() for b in w.buttons()],
                      "defecto": w.defaultButton().text() if w.defaultButton() else None}
        elif isinstance(w, QInputDialog):
            visto |= {"texto": w.labelText(), "botones": [b.text() for b in w.findChildren(QPushButton)]}
        vistos.append(visto)
        paso = pendientes.pop(0)
        for accion in paso if isinstance(paso, tuple) else (paso,):
            if isinstance(accion, str):
                QTest.keyClicks(w.focusWidget() or w, accion)
                QTest.keyClick(w.focusWidget() or w, Qt.Key.Key_Return)
            else:
                QTest.keyClick(w.focusWidget() or w, accion)
        QTimer.singleShot(20, intentar)

    QTimer.singleShot(0, intentar)
    return vistos
