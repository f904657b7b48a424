"""Antes de abrir la ventana en Linux: ¿hay pantalla y están las bibliotecas del sistema que Qt necesita? Si falta
algo se dice en español qué paquete de Debian/Ubuntu instalar, en vez del mensaje en inglés con el que Qt aborta."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Biblioteca compartida → paquete de Debian/Ubuntu que la trae (las que pide el complemento xcb de Qt 6).
PAQUETES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-render.so.0": "libxcb-render0", "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0", "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
}
TODOS = ("libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 "
         "libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1")


def no_encontradas(salida_ldd: str) -> list[str]:
    """Bibliotecas que `ldd` marca como «not found»."""
    return sorted(set(re.findall(r"^\s*(\S+)\s+=>\s+not found", salida_ldd, re.MULTILINE)))


def _complemento_xcb() -> Path | None:
    espec = importlib.util.find_spec("PySide6")
    if espec is None or not espec.submodule_search_locations:
        return None
    ruta = Path(next(iter(espec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return ruta if ruta.exists() else None


def problema(entorno: dict[str, str] | None = None) -> str | None:
    """Mensaje en español si la ventana no podrá abrirse en este Linux; None si todo está (o no aplica)."""
    entorno = dict(os.environ) if entorno is None else entorno
    plataforma = entorno.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or plataforma and not plataforma.startswith("xcb"):
        return None
    if not entorno.get("DISPLAY") and not entorno.get("WAYLAND_DISPLAY"):
        return ("No hay una pantalla gráfica a la cual conectarse (ni DISPLAY ni WAYLAND_DISPLAY están definidas).\n"
                "Abra el programa desde el escritorio de su equipo, o en un servidor sin pantalla use\n"
                "  xvfb-run -a python main.py   (paquete xvfb)  o las órdenes de la línea de comandos (python main.py --help).")
    complemento, ldd = _complemento_xcb(), shutil.which("ldd")
    if complemento is None or ldd is None:
        return None
    try:
        salida = subprocess.run([ldd, str(complemento)], capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faltan = no_encontradas(salida)
    if not faltan:
        return None
    paquetes = sorted({PAQUETES.get(b, b) for b in faltan})
    return ("Faltan bibliotecas del sistema que Qt necesita para mostrar la ventana:\n  "
            + "\n  ".join(f"{b}  (paquete {PAQUETES.get(b, '¿?')})" for b in faltan)
            + f"\nEn Debian o Ubuntu instálelas con:\n  sudo apt-get install {' '.join(paquetes)}\n"
            f"(la lista completa que usa el programa está en el README: sudo apt-get install {TODOS})")
