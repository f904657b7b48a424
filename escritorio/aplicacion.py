"""Arranque de la aplicación de escritorio: asistente de primer uso si la carpeta no tiene oficina, luego la ventana."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import URL

from base_local.apertura import abrir_base, mensaje_danada
from base_local.candado import candados
from base_local.errores import EntradaRechazada
from base_local.esquema import BaseMasNueva
from base_local.respaldos import BaseDanada, integridad
from base_local.rutas import Rutas
from empaquetado.alta import carpeta_inicializada
from escritorio.asistente import AsistenteOficina
from escritorio.contexto import ContextoApp
from escritorio.trabajos import correr
from escritorio.ventana_principal import VentanaPrincipal
from recursos import CARPETA


def revisar_en_segundo_plano(ventana: VentanaPrincipal, rutas: Rutas) -> None:
    """PRAGMA integrity_check sin demorar el arranque; si la base está dañada, se dice cómo salir y se cierra."""

    def resultado(problema: str | None) -> None:
        if problema is not None:
            QMessageBox.critical(ventana, "Base de datos dañada", mensaje_danada(rutas.base, problema, rutas.respaldos))
            ventana.close()

    correr(lambda: integridad(rutas.base), resultado, lambda e: resultado(str(e)))


def ejecutar(carpeta: Path, url: URL | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Registro de Acciones — Frontera Sur")
    app.setStyleSheet((CARPETA / "estilo.qss").read_text(encoding="utf-8"))
    rutas = Rutas(carpeta)
    if url is None and not carpeta_inicializada(rutas):
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
            QMessageBox.critical(None, "No se puede abrir la carpeta de datos", str(e))
            return 2
        ventana = VentanaPrincipal(ContextoApp(rutas, base))
        ventana.show()
        if url is None:
            revisar_en_segundo_plano(ventana, rutas)
        codigo = app.exec()
        base.cerrar()
    return codigo
