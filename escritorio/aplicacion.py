"""Arranque de la aplicación de escritorio: asistente de primer uso si la carpeta no tiene oficina, luego la ventana."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import URL

from base_local.apertura import abrir_base, mensaje_danada
from base_local.candado import candados
from base_local.errores import EntradaRechazada
from base_local.esquema import BaseMasNueva
from base_local.respaldos import BaseDanada, integridad
from base_local.rutas import Rutas
from empaquetado.alta import carpeta_inicializada
from escritorio import requisitos
from escritorio.contexto import ContextoApp
from escritorio.dialogos import avisar
from escritorio.trabajos import correr
from escritorio.ventana_principal import VentanaPrincipal
from recursos import CARPETA

FUENTE = "DejaVu Sans"
PUNTOS = 10
PANTALLA_AMPLIA = (1600, 900)  # por debajo de esto la ventana abre maximizada


def preparar(app: QApplication) -> None:
    """Fuente empaquetada (la misma en toda plataforma), textos de Qt en español y el estilo de la aplicación."""
    for archivo in sorted((CARPETA / "fuentes").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(archivo))
    app.setFont(QFont(FUENTE, PUNTOS))
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    if not getattr(app, "traductor_es", None):
        traductor = QTranslator(app)
        if traductor.load("qtbase_es", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(traductor)
            app.traductor_es = traductor
    app.setStyleSheet((CARPETA / "estilo.qss").read_text(encoding="utf-8"))


def mostrar(ventana: VentanaPrincipal) -> None:
    """Maximizada en pantallas pequeñas (1280×720, 1366×768); a 1280×720 en las amplias."""
    pantalla = QGuiApplication.primaryScreen()
    disponible = pantalla.availableGeometry() if pantalla else None
    if disponible is None or disponible.width() < PANTALLA_AMPLIA[0] or disponible.height() < PANTALLA_AMPLIA[1]:
        ventana.showMaximized()
    else:
        ventana.show()


def revisar_en_segundo_plano(ventana: VentanaPrincipal, rutas: Rutas) -> None:
    """PRAGMA integrity_check sin demorar el arranque; si la base está dañada, se dice cómo salir y se cierra."""

    def resultado(problema: str | None) -> None:
        if problema is not None:
            avisar(ventana, "Base de datos dañada", mensaje_danada(rutas.base, problema, rutas.respaldos), error=True)
            ventana.close()

    correr(lambda: integridad(rutas.base), resultado, lambda e: resultado(str(e)))


def ejecutar(carpeta: Path, url: URL | None = None) -> int:
    if QApplication.instance() is None and (falta := requisitos.problema()) is not None:
        print(falta, file=sys.stderr)  # sin esto Qt aborta con su mensaje en inglés
        return 3
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Registro de Acciones — Frontera Sur")
    preparar(app)
    rutas = Rutas(carpeta)
    if url is None and not carpeta_inicializada(rutas):
        from escritorio.asistente import AsistenteOficina  # solo la primera vez: no se carga en cada arranque

        asistente = AsistenteOficina(carpeta)
        asistente.exec()
        if asistente.creada is None:  # cerrado antes de crear la oficina; si ya se creó, se sigue a la ventana
            return 0
    with ExitStack() as pila:
        try:
            pila.enter_context(candados(carpeta, url or rutas.url_base))
            # la revisión completa de integridad corre en segundo plano en cuanto aparece la ventana
            base = abrir_base(url or rutas.url_base, rutas.respaldos, revisar_integridad=False)
        except (BaseMasNueva, BaseDanada, EntradaRechazada) as e:
            avisar(None, "No se puede abrir la base de datos" if url is not None else "No se puede abrir la carpeta de datos",
                   str(e), error=True)
            return 2
        ventana = VentanaPrincipal(ContextoApp(rutas, base))
        mostrar(ventana)
        if url is None:
            revisar_en_segundo_plano(ventana, rutas)
        codigo = app.exec()
        base.cerrar()
    return codigo
