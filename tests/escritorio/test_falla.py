"""Una falla inesperada en la ventana: la traza va a la bitácora del usuario y la persona ve dónde quedó."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from escritorio.falla import TITULO, avisar_falla, instalar_aviso_de_fallas


def test_falla_no_atendida_dialogo_con_la_ruta_de_la_bitacora(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "estado"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    instalar_aviso_de_fallas()
    assert sys.excepthook is avisar_falla
    vistos: list[tuple[str, str]] = []

    def leer_y_cerrar() -> None:  # en cuanto el aviso esté a la vista (con la máquina cargada puede tardar)
        caja = QApplication.activeModalWidget()
        if not isinstance(caja, QMessageBox) or caja.objectName() != "aviso_de_falla":
            QTimer.singleShot(20, leer_y_cerrar)
            return
        vistos.append((caja.windowTitle(), caja.text()))
        caja.accept()

    QTimer.singleShot(0, leer_y_cerrar)
    try:
        {}["campo_que_no_existe"]
    except KeyError as e:
        sys.excepthook(type(e), e, e.__traceback__)

    bitacora = tmp_path / "estado" / "registro-acciones-fsur" / "log" / "registro-fsur.log"
    assert vistos and vistos[0][0] == TITULO
    assert str(bitacora) in vistos[0][1] and "KeyError" in vistos[0][1] and "Traceback" not in vistos[0][1]
    registrado = bitacora.read_text(encoding="utf-8")
    assert "Traceback" in registrado and "campo_que_no_existe" in registrado
