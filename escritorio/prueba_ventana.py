"""El paso de la autoprueba que abre y cierra la ventana principal (main.py se lo pasa a la orden `autoprueba`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def abrir_y_cerrar(carpeta: Path) -> str:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas
    from escritorio.contexto import ContextoApp
    from escritorio.ventana_principal import VentanaPrincipal

    app = QApplication.instance() or QApplication([sys.argv[0]])
    rutas = Rutas(carpeta)
    base = abrir_base(rutas.url_base, rutas.respaldos, revisar_integridad=False)
    try:
        ventana = VentanaPrincipal(ContextoApp(rutas, base))
        ventana.show()
        app.processEvents()
        titulo = ventana.windowTitle()
        ventana.close()
        ventana.deleteLater()
        app.processEvents()
    finally:
        base.cerrar()
    return f"«{titulo}» ({app.platformName()})"
