"""Página Envíos: qué saldría en el próximo paquete, qué se queda fuera por errores, exportar e historial."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from base_local.modelos import PaqueteSalida
from base_local.periodos import anterior, periodo_de
from empaquetado import llaves
from empaquetado.exportar import exportar, preparar
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ModeloFilas
from escritorio.trabajos import correr


def tabla(modelo: ModeloFilas, nombre: str, estirar: int | None = None) -> QTableView:
    vista = QTableView()
    vista.setObjectName(nombre)
    vista.setAccessibleName(nombre)
    vista.setModel(modelo)
    vista.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    vista.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    vista.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if estirar is None:
        vista.horizontalHeader().setStretchLastSection(True)
    else:
        vista.horizontalHeader().setSectionResizeMode(estirar, QHeaderView.ResizeMode.Stretch)
    vista.verticalHeader().setVisible(False)
    return vista


class PaginaEnvios(QWidget):
    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_envios")
        self.ctx = ctx
        self.elegir_carpeta = lambda: QFileDialog.getExistingDirectory(self, "Carpeta donde guardar el paquete")
        capa = QVBoxLayout(self)
        fila = QHBoxLayout()
        fila.addWidget(QLabel("Periodo del paquete:"))
        self.periodo = QComboBox()
        self.periodo.setObjectName("periodo")
        self.periodo.setAccessibleName("periodo")
        actual = periodo_de(date.today())
        for texto, valor in (("Todo lo pendiente", ""), (f"Trimestre anterior ({anterior(actual)})", anterior(actual)),
                             (f"Trimestre actual ({actual})", actual)):
            self.periodo.addItem(texto, valor)
        self.periodo.currentIndexChanged.connect(self.actualizar)
        fila.addWidget(self.periodo)
        fila.addStretch(1)
        self.boton = QPushButton("&Exportar paquete firmado…")
        self.boton.setObjectName("exportar")
        self.boton.clicked.connect(self.exportar)
        fila.addWidget(self.boton)
        capa.addLayout(fila)
        self.resumen = QLabel()
        self.resumen.setObjectName("resumenEnvio")
        self.resumen.setWordWrap(True)
        capa.addWidget(self.resumen)
        capa.addWidget(QLabel("<b>No se incluirán</b> (corrija sus errores en Captura):"))
        self.excluidos = ModeloFilas(["Título", "Primer error"])
        capa.addWidget(tabla(self.excluidos, "tablaExcluidos"), 1)
        capa.addWidget(QLabel("<b>Paquetes enviados</b>"))
        self.historial = ModeloFilas(["Secuencia", "Creado", "Periodo", "Registros", "Huella", "Archivo"])
        capa.addWidget(tabla(self.historial, "tablaHistorialEnvios"), 1)
        self.cargada = False  # revisar lo pendiente valida cada registro: se hace al mostrar la página, no al arrancar

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargada:
            self.actualizar()
        super().showEvent(evento)

    def actualizar(self) -> None:
        self.cargada = True
        with self.ctx.base.transaccion() as s:
            prep = preparar(s, self.periodo.currentData() or None)
            paquetes = s.scalars(select(PaqueteSalida).order_by(PaqueteSalida.secuencia.desc())).all()
            filas = [(p.secuencia, p.creado_en.strftime("%d/%m/%Y %H:%M"), p.periodo, p.registros,
                      p.sha256[:16], p.archivo) for p in paquetes]
        self.excluidos.cargar([(t, e[0]) for _, t, e in prep.excluidos])
        self.historial.cargar(filas)
        self.boton.setEnabled(bool(prep.registros))
        if prep.registros:
            self.resumen.setText(f"{len(prep.registros):,} registros listos para el próximo paquete (periodo {prep.periodo}).")
        else:
            self.resumen.setText("No hay nada nuevo que enviar desde el último paquete.")

    def exportar(self) -> None:
        carpeta = self.elegir_carpeta()
        if not carpeta:
            return
        frase = self.ctx.pedir_frase(self, "Para firmar el paquete")
        if frase is None:
            return
        self.boton.setEnabled(False)
        self.resumen.setText("Firmando y escribiendo el paquete…")
        periodo = self.periodo.currentData() or None

        def trabajo(progreso):
            privada = llaves.abrir(self.ctx.rutas.llave_privada, frase)
            with self.ctx.base.transaccion() as s:
                return exportar(s, preparar(s, periodo), privada, Path(carpeta), self.ctx.rutas.evidencias, progreso)

        correr(trabajo, self._exportado, self._fallo, progreso=lambda h, t: None)

    def _exportado(self, hecho) -> None:
        self.actualizar()
        self.resumen.setText(f"Paquete {hecho.secuencia} escrito en {hecho.archivo} con {hecho.registros:,} registros. "
                             "Imprima la carátula y lleve el archivo a su oficina superior.")

    def _fallo(self, error: Exception) -> None:
        self.actualizar()
        self.resumen.setText(f"No se exportó nada: {error}")
