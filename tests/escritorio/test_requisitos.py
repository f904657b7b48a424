"""`make run` sin las bibliotecas de Qt en Linux: un mensaje en español con los paquetes de Debian, no el de Qt."""

import subprocess
import sys
from pathlib import Path

from escritorio import requisitos

LDD = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_bibliotecas_faltantes_con_su_paquete(monkeypatch):
    assert requisitos.no_encontradas(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"]
    monkeypatch.setattr(requisitos.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, LDD, ""))
    mensaje = requisitos.problema({"DISPLAY": ":0"})
    assert mensaje.startswith("Faltan bibliotecas del sistema que Qt necesita")
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0" in mensaje


def test_sin_pantalla_lo_dice_en_espanol():
    assert "No hay una pantalla gráfica" in requisitos.problema({})
    assert requisitos.problema({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_main_sin_pantalla_sale_con_el_mensaje_en_espanol(tmp_path):
    entorno = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    raiz = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(raiz / "main.py"), "--datos", str(tmp_path / "datos")], capture_output=True, text=True,
                       env=entorno, timeout=120)
    assert r.returncode == 3
    assert "No hay una pantalla gráfica" in r.stderr and "qt.qpa" not in r.stderr and "Aborted" not in r.stderr
