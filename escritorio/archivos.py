"""Elegir archivos y carpetas empezando en la última carpeta usada (con el selector en español de `dialogos`); abrir e
imprimir los PDF que se entregan."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from escritorio import dialogos
from escritorio.contexto import ContextoApp

# En Windows, el diálogo del sistema (ya en español); en Linux, el de Qt, traducido con qtbase_es y manejable en pruebas.
NATIVO = sys.platform == "win32"
ARCHIVO_PREFERENCIAS = "preferencias-escritorio.json"


def _preferencias(ctx: ContextoApp) -> Path:
    return ctx.rutas.raiz / ARCHIVO_PREFERENCIAS


def carpeta_reciente(ctx: ContextoApp) -> str:
    """La última carpeta donde se eligió o guardó algo; si no hay (o ya no existe), la carpeta personal."""
    try:
        carpeta = json.loads(_preferencias(ctx).read_text(encoding="utf-8")).get("ultima_carpeta", "")
    except (OSError, ValueError, AttributeError):
        carpeta = ""
    return carpeta if isinstance(carpeta, str) and carpeta and Path(carpeta).is_dir() else str(Path.home())


def recordar(ctx: ContextoApp, ruta: str | Path) -> None:
    carpeta = Path(ruta) if Path(ruta).is_dir() else Path(ruta).parent
    with contextlib.suppress(OSError):  # recordar la carpeta es una comodidad: si no se puede, no se interrumpe a nadie
        _preferencias(ctx).write_text(json.dumps({"ultima_carpeta": str(carpeta)}, ensure_ascii=False), encoding="utf-8")


def _dialogo(padre: QWidget | None, ctx: ContextoApp, titulo: str, filtro: str = "",
            modo: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile, guardar: bool = False) -> QFileDialog:
    dialogo = dialogos.dialogo_de_archivos(padre, titulo, carpeta_reciente(ctx), filtro, modo, guardar)
    if not NATIVO:
        dialogo.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialogo


def _elegidos(ctx: ContextoApp, dialogo: QFileDialog) -> list[str]:
    if dialogo.exec() != QFileDialog.DialogCode.Accepted:
        return []
    archivos = dialogo.selectedFiles()
    if archivos:
        recordar(ctx, archivos[0])
    return archivos


def elegir_para_abrir(padre: QWidget | None, ctx: ContextoApp, titulo: str, filtro: str = "", varios: bool = False) -> list[str]:
    dialogo = _dialogo(padre, ctx, titulo, filtro, QFileDialog.FileMode.ExistingFiles if varios else QFileDialog.FileMode.ExistingFile)
    return _elegidos(ctx, dialogo)


def elegir_para_guardar(padre: QWidget | None, ctx: ContextoApp, titulo: str, sugerido: str, filtro: str = "") -> str:
    dialogo = _dialogo(padre, ctx, titulo, filtro, QFileDialog.FileMode.AnyFile, guardar=True)
    dialogo.selectFile(sugerido)
    elegidos = _elegidos(ctx, dialogo)
    return elegidos[0] if elegidos else ""


def elegir_carpeta(padre: QWidget | None, ctx: ContextoApp, titulo: str) -> str:
    dialogo = _dialogo(padre, ctx, titulo, "", QFileDialog.FileMode.Directory)
    elegidos = _elegidos(ctx, dialogo)
    return elegidos[0] if elegidos else ""


def abrir_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


def abrir(ruta: Path) -> str:
    """Abre el archivo con el programa del sistema (el visor de PDF de la oficina); si no se pudo, dice por qué y
    dónde quedó el archivo (devuelve «» si se abrió)."""
    if abrir_url(QUrl.fromLocalFile(str(ruta))):
        return ""
    return (f"No se pudo abrir {ruta.name}: este equipo no tiene un programa para ese tipo de archivo (p. ej., un visor "
            f"de PDF). El archivo está en {ruta}: ábralo desde esa carpeta cuando tenga uno, o cópielo a otro equipo.")


def imprimir(ruta: Path) -> str:
    """Manda el PDF a la impresora predeterminada; devuelve qué pasó, en palabras."""
    try:
        if sys.platform == "win32":
            os.startfile(str(ruta), "print")  # type: ignore[attr-defined]
            return f"{ruta.name} se envió a la impresora predeterminada."
        lp = shutil.which("lp")
        if lp is None:
            return (f"No hay una impresora configurada en este equipo. {abrir(ruta)}" if not abrir_url(QUrl.fromLocalFile(str(ruta)))
                    else f"No hay una impresora configurada en este equipo: se abrió {ruta.name} para imprimirlo desde el visor.")
        subprocess.run([lp, str(ruta)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        return f"No se pudo imprimir {ruta.name} ({e}): ábralo e imprímalo desde el visor de PDF."
    return f"{ruta.name} se envió a la impresora predeterminada."
