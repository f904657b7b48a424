"""Ventana principal: navegación entre páginas y barra de estado con oficina, periodo y pendientes."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from base_local.periodos import periodo_de
from escritorio.paginas import PaginaInicio, PaginaPendiente

SECCIONES: tuple[tuple[str, str], ...] = (
    ("Inicio", ""),
    ("Captura", "Aquí se registrarán las acciones con el formulario que valida al escribir."),
    ("Acciones", "Aquí estará la lista de acciones con filtros, historial y anulación."),
    ("Envíos/Recepción", "Aquí se exportarán e importarán los paquetes firmados. Mientras tanto, use la línea de comandos."),
    ("Reportes", "Aquí se generarán el libro consolidado de Excel y los reportes en PDF."),
    ("Configuración", "Aquí se administrarán las llaves, las oficinas registradas y los respaldos."),
)


class VentanaPrincipal(QMainWindow):
    def __init__(self, resumen: dict[str, Any], hoy: date | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Registro de Acciones — Frontera Sur")
        self.setObjectName("ventanaPrincipal")
        self.resize(1280, 720)
        centro = QWidget()
        capa = QHBoxLayout(centro)
        self.navegacion = QListWidget()
        self.navegacion.setObjectName("navegacion")
        self.navegacion.setAccessibleName("Navegación")
        self.navegacion.setFixedWidth(190)
        self.paginas = QStackedWidget()
        self.inicio = PaginaInicio()
        for titulo, explicacion in SECCIONES:
            self.navegacion.addItem(titulo)
            self.paginas.addWidget(self.inicio if titulo == "Inicio" else PaginaPendiente(titulo, explicacion))
        self.navegacion.currentRowChanged.connect(self.paginas.setCurrentIndex)
        self.navegacion.setCurrentRow(0)
        capa.addWidget(self.navegacion)
        capa.addWidget(self.paginas, 1)
        self.setCentralWidget(centro)
        self.estado_oficina = QLabel()
        self.estado_oficina.setObjectName("estadoOficina")
        self.estado_periodo = QLabel()
        self.estado_periodo.setObjectName("estadoPeriodo")
        self.estado_pendientes = QLabel()
        self.estado_pendientes.setObjectName("estadoPendientes")
        for etiqueta in (self.estado_oficina, self.estado_periodo, self.estado_pendientes):
            self.statusBar().addPermanentWidget(etiqueta)
        self.mostrar_resumen(resumen, hoy or date.today())

    def mostrar_resumen(self, resumen: dict[str, Any], hoy: date) -> None:
        self.inicio.mostrar(resumen)
        oficina = resumen.get("oficina")
        self.estado_oficina.setText(f"Oficina: {oficina} — {resumen['nombre']}" if oficina else "Sin oficina")
        self.estado_periodo.setText(f"Periodo: {periodo_de(hoy)}")
        self.estado_pendientes.setText(f"Pendientes de envío: {resumen.get('pendientes_de_envio', 0):,}")
