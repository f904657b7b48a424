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

from base_local.errores import EntradaRechazada
from base_local.modelos import PaqueteSalida
from base_local.periodos import anterior, periodo_de
from empaquetado import llaves
from empaquetado.exportar import exportar_y_publicar, preparar, reenviar
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ModeloFilas
from escritorio.trabajos import correr
from formularios.legible import momento_local, plural


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
        etiqueta_periodo = QLabel("Periodo del paquete:")
        fila.addWidget(etiqueta_periodo)
        self.periodo = QComboBox()
        self.periodo.setObjectName("periodo")
        self.periodo.setAccessibleName("Periodo del paquete")
        etiqueta_periodo.setBuddy(self.periodo)
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
        fila_enviados = QHBoxLayout()
        fila_enviados.addWidget(QLabel("<b>Paquetes enviados</b> (una copia de cada uno se guarda en la carpeta de datos)"))
        fila_enviados.addStretch(1)
        self.boton_reenviar = QPushButton("Reen&viar…")
        self.boton_reenviar.setObjectName("reenviar")
        self.boton_reenviar.setToolTip("Escribe otra vez, byte a byte, el paquete seleccionado (por ejemplo, en otra memoria USB)")
        self.boton_reenviar.clicked.connect(self.reenviar)
        fila_enviados.addWidget(self.boton_reenviar)
        capa.addLayout(fila_enviados)
        self.historial = ModeloFilas(["Secuencia", "Creado", "Periodo", "Registros", "Huella", "Archivo"])
        self.vista_historial = tabla(self.historial, "tablaHistorialEnvios")
        capa.addWidget(self.vista_historial, 1)
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
            filas = [(p.secuencia, momento_local(p.creado_en), p.periodo, p.registros,
                      p.sha256[:16], p.archivo) for p in paquetes]
        self.excluidos.cargar([(t, e[0]) for _, t, e in prep.excluidos])
        self.historial.cargar(filas)
        self.boton.setEnabled(bool(prep.registros))
        if prep.registros:
            self.resumen.setText(f"{plural(len(prep.registros), 'registro listo', 'registros listos')} para el próximo paquete (periodo {prep.periodo}).")
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
            return exportar_y_publicar(self.ctx.base, self.ctx.rutas, lambda: privada, Path(carpeta), periodo, progreso)[1]

        correr(trabajo, self._exportado, self._fallo, progreso=lambda h, t: None)

    def _exportado(self, hecho) -> None:
        self.actualizar()
        if hecho is None:
            return
        self.resumen.setText(f"Paquete {hecho.secuencia} escrito en {hecho.archivo} con {plural(hecho.registros, 'registro')}. "
                             "Imprima la carátula y lleve el archivo a su oficina superior.")

    def _fallo(self, error: Exception) -> None:
        self.actualizar()
        self.resumen.setText(f"La exportación no terminó: {error}")

    def reenviar(self) -> None:
        """Los mismos bytes del paquete seleccionado, otra vez, en la carpeta que se elija."""
        indice = self.vista_historial.currentIndex()
        if not indice.isValid():
            self.resumen.setText("Seleccione en la lista el paquete enviado que quiere reenviar.")
            return
        secuencia = self.historial.filas[indice.row()][0]
        carpeta = self.elegir_carpeta()
        if not carpeta:
            return
        try:
            with self.ctx.base.transaccion() as s:
                archivo = reenviar(s, self.ctx.rutas, secuencia, Path(carpeta))
        except (EntradaRechazada, OSError) as e:
            self.resumen.setText(f"No se reenvió el paquete {secuencia}: {e}")
            return
        self.resumen.setText(f"Paquete {secuencia} escrito de nuevo, byte a byte, en {archivo}. Llévelo a su oficina superior.")
