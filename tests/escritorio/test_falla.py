"""Una falla inesperada en la ventana: la traza va a la bitácora del usuario y la persona ve dónde quedó.

Corre en un proceso propio, como la aplicación: el aviso es un diálogo modal y, dentro de la suite, lo que otras
pruebas dejan en la aplicación compartida (ventanas que se cierran, temporizadores) podía llevárselo antes de leerlo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from escritorio.falla import TITULO

RAIZ = Path(__file__).resolve().parents[2]
GUION = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from escritorio.falla import avisar_falla, instalar_aviso_de_fallas
app = QApplication([])
instalar_aviso_de_fallas()
assert sys.excepthook is avisar_falla
vistos = []
def leer_y_cerrar():
    caja = QApplication.activeModalWidget()
    if not isinstance(caja, QMessageBox):
        QTimer.singleShot(20, leer_y_cerrar)
        return
    vistos.append((caja.windowTitle(), caja.text()))
    caja.accept()
QTimer.singleShot(0, leer_y_cerrar)
try:
    {}["campo_que_no_existe"]
except KeyError as e:
    sys.excepthook(type(e), e, e.__traceback__)
print(json.dumps(vistos))
"""


def test_falla_no_atendida_dialogo_con_la_ruta_de_la_bitacora(tmp_path):
    entorno = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "estado"), "QT_QPA_PLATFORM": "offscreen"}
    hecho = subprocess.run([sys.executable, "-c", GUION], cwd=RAIZ, env=entorno, capture_output=True, text=True,
                           timeout=120)
    assert hecho.returncode == 0, hecho.stderr
    vistos = json.loads(hecho.stdout.strip().splitlines()[-1])
    bitacora = tmp_path / "estado" / "registro-acciones-fsur" / "log" / "registro-fsur.log"
    assert vistos and vistos[0][0] == TITULO
    assert str(bitacora) in vistos[0][1] and "KeyError" in vistos[0][1] and "Traceback" not in vistos[0][1]
    registrado = bitacora.read_text(encoding="utf-8")
    assert "Traceback" in registrado and "campo_que_no_existe" in registrado
