"""Aviso de fallas inesperadas: la traza va a la bitácora y la persona ve un diálogo que dice dónde quedó."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from base_local.bitacora import registrar_falla

TITULO = "Ocurrió un error inesperado"


def texto_de_falla(error: BaseException, bitacora: str) -> str:
    return (f"El programa encontró un error que no esperaba ({type(error).__name__}: {error}).\n\n"
            "Lo que ya estaba guardado no se perdió. Si estaba capturando, revise el último registro.\n\n"
            f"El detalle quedó en la bitácora:\n{bitacora}\n\nEnvíe ese archivo a soporte.")


def avisar_falla(tipo: type[BaseException], error: BaseException, traza: TracebackType | None) -> None:
    """sys.excepthook de la aplicación de escritorio."""
    if issubclass(tipo, KeyboardInterrupt):
        sys.__excepthook__(tipo, error, traza)
        return
    bitacora = registrar_falla(error.with_traceback(traza), "Falla no atendida en la aplicación de escritorio")
    if QApplication.instance() is None:
        return
    padre = QApplication.activeWindow()  # una ventana que se está cerrando se llevaría el aviso consigo
    caja = QMessageBox(QMessageBox.Icon.Critical, TITULO, texto_de_falla(error, str(bitacora)),
                       QMessageBox.StandardButton.Ok, padre if padre is not None and padre.isVisible() else None)
    caja.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # la ruta se puede copiar
    caja.setObjectName("aviso_de_falla")
    caja.exec()


def instalar_aviso_de_fallas() -> None:
    sys.excepthook = avisar_falla
