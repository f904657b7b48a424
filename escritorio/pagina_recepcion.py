"""Página Recepción: elegir paquetes, verlos verificados con su vista previa registro por registro, importar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from base_local.respaldos import respaldar
from empaquetado.importar import Resultado, importar_archivo
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ModeloFilas
from escritorio.pagina_envios import tabla
from escritorio.trabajos import correr

COLUMNAS = ["Archivo", "Oficina", "Secuencia", "Resultado", "Código", "Nuevos", "Actualizados", "Sin cambios",
            "Obsoletos", "Conflictos", "Enmiendas", "Mensaje"]
ETIQUETAS = {"simulado": "listo para importar", "importado": "importado", "duplicado": "ya importado",
             "rechazado": "RECHAZADO"}


class PaginaRecepcion(QWidget):
    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_recepcion")
        self.ctx = ctx
        self.elegir_archivos = lambda: QFileDialog.getOpenFileNames(
            self, "Paquetes recibidos", "", "Paquetes de envío (*.zip)")[0]
        self.resultados: dict[str, Resultado] = {}
        capa = QVBoxLayout(self)
        fila = QHBoxLayout()
        self.elegir = QPushButton("&Elegir paquetes…")
        self.elegir.setObjectName("elegirPaquetes")
        self.elegir.clicked.connect(self.cargar)
        self.importar = QPushButton("&Importar los aceptados")
        self.importar.setObjectName("importarAceptados")
        self.importar.setEnabled(False)
        self.importar.clicked.connect(self.importar_aceptados)
        fila.addWidget(self.elegir)
        fila.addWidget(self.importar)
        fila.addStretch(1)
        capa.addLayout(fila)
        self.estado = QLabel("Elija uno o varios paquetes .zip: se verifican y se muestra qué haría cada uno antes de escribir nada.")
        self.estado.setObjectName("estadoRecepcion")
        self.estado.setWordWrap(True)
        capa.addWidget(self.estado)
        self.modelo = ModeloFilas(COLUMNAS)
        self.vista = tabla(self.modelo, "tablaPaquetes")
        self.vista.selectionModel().currentRowChanged.connect(lambda actual, _: self._detalle(actual.row()))
        capa.addWidget(self.vista, 2)
        capa.addWidget(QLabel("<b>Vista previa registro por registro</b> del paquete seleccionado:"))
        self.detalle = ModeloFilas(["Título", "Revisión", "Resultado", "Campos que cambian"])
        capa.addWidget(tabla(self.detalle, "tablaDetalle"), 2)
        self.pendientes = 0

    def cargar(self, archivos: list[str] | None = None) -> None:
        archivos = archivos if archivos is not None else self.elegir_archivos()
        if not archivos:
            return
        self.pendientes += len(archivos)
        self.estado.setText(f"Verificando {len(archivos)} paquete(s)…")
        for archivo in archivos:
            correr(lambda a=archivo: importar_archivo(self.ctx.base, Path(a), self.ctx.rutas.evidencias, simular=True),
                   self._verificado, self._fallo)

    def _verificado(self, resultado: Resultado) -> None:
        self.pendientes -= 1
        self.resultados[resultado.archivo] = resultado
        self._mostrar()

    def _fallo(self, error: Exception) -> None:
        self.pendientes -= 1
        self.estado.setText(f"Falla interna al verificar: {error}")

    def _mostrar(self) -> None:
        filas = []
        for r in self.resultados.values():
            c = r.conteos
            filas.append((Path(r.archivo).name, r.oficina, r.secuencia or None, ETIQUETAS.get(r.resultado, r.resultado),
                          r.codigo, c["nuevos"], c["actualizados"], c["sin_cambios"], c["obsoletos"], c["conflictos"], c["enmiendas"],
                          r.mensaje + "".join(f" {x}." for x in r.faltantes)))
        self.modelo.cargar(filas)
        aceptados = [r for r in self.resultados.values() if r.resultado == "simulado"]
        rechazados = [r for r in self.resultados.values() if r.resultado == "rechazado"]
        self.importar.setEnabled(bool(aceptados) and self.pendientes == 0)
        if self.pendientes == 0:
            self.estado.setText(f"{len(aceptados)} listo(s) para importar, {len(rechazados)} rechazado(s). "
                                "Seleccione un paquete para ver su vista previa.")

    def _detalle(self, fila: int) -> None:
        if fila < 0 or fila >= len(self.resultados):
            return
        r = list(self.resultados.values())[fila]
        self.detalle.cargar([(d["titulo"], d["revision"], d["resultado"], ", ".join(d["campos"])) for d in r.detalle])

    def importar_aceptados(self) -> None:
        aceptados = [Path(r.archivo) for r in self.resultados.values() if r.resultado == "simulado"]
        self.importar.setEnabled(False)
        self.estado.setText(f"Importando {len(aceptados)} paquete(s)…")
        rutas = self.ctx.rutas
        respaldo = (lambda: respaldar(rutas.base, rutas.respaldos, "antes-de-importar")) if rutas.base.exists() else None

        def trabajo():
            return [importar_archivo(self.ctx.base, a, rutas.evidencias, antes_de_escribir=respaldo) for a in aceptados]

        correr(trabajo, self._importados, self._fallo)

    def _importados(self, resultados: list[Resultado]) -> None:
        for r in resultados:
            self.resultados[r.archivo] = r
        self._mostrar()
        hechos = sum(r.resultado == "importado" for r in resultados)
        self.estado.setText(f"{hechos} paquete(s) importado(s). Emita el acuse de cada uno desde la línea de comandos (acuse).")
