"""Página Conflictos: versiones apartadas al importar, comparadas campo por campo; la persona decide con una nota."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from empaquetado.conflictos import comparar, pendientes, resolver
from escritorio.contexto import ContextoApp
from escritorio.controles import nombrar
from escritorio.dialogos import plural
from escritorio.modelo_filas import ROL_FILA, ModeloFilas, tabla
from formularios.legible import nombre_de_campo, nombres_de_catalogo, valor_legible


class PaginaConflictos(QWidget):

    def __init__(self, ctx: ContextoApp) -> None:
        super().__init__()
        self.setObjectName("pagina_conflictos")
        self.ctx = ctx
        with ctx.base.transaccion() as s:
            self.nombres = nombres_de_catalogo(leer_catalogos(s))
        capa = QVBoxLayout(self)
        explicacion = QLabel("Versiones que no se aplicaron solas: <b>conflictos</b> (misma revisión, otro contenido) y "
                             "<b>enmiendas</b> (cambios a un trimestre ya aprobado). Nada se sobrescribe hasta que usted decida.")
        explicacion.setWordWrap(True)
        capa.addWidget(explicacion)
        self.modelo = ModeloFilas(["Núm.", "Tipo", "Oficina", "Acción", "Rev. local", "Rev. recibida", "Recibido"])
        self.vista = tabla(self.modelo, "tablaConflictos", estirar=3)
        self.vista.selectionModel().currentRowChanged.connect(lambda actual, _: self._comparar(actual.row()))
        capa.addWidget(self.vista, 1)
        capa.addWidget(QLabel("<b>Campos que difieren</b>"))
        self.diferencias = ModeloFilas(["Campo", "Versión local", "Versión recibida"])
        capa.addWidget(tabla(self.diferencias, "tablaDiferencias", estirar=2), 1)
        fila = QHBoxLayout()
        self.nota = nombrar(QLineEdit(), "nota_decision")
        self.nota.setPlaceholderText("Nota que explica la decisión (viaja a la oficina en el acuse)")
        fila.addWidget(self.nota, 1)
        self.botones = {}
        for decision, texto in (("recibida", "Conservar la &recibida"), ("local", "Conservar la &local")):
            boton = nombrar(QPushButton(texto), f"conservar_{decision}")
            boton.clicked.connect(lambda _=False, d=decision: self.decidir(d))
            fila.addWidget(boton)
            self.botones[decision] = boton
        capa.addLayout(fila)
        self.mensaje = nombrar(QLabel(), "mensaje_conflictos")
        self.mensaje.setWordWrap(True)
        capa.addWidget(self.mensaje)
        self.actualizar()

    def actualizar(self) -> None:
        with self.ctx.base.transaccion() as s:
            self.modelo.cargar(pendientes(s))
        self.diferencias.cargar([])
        if not self.modelo.filas:
            self.mensaje.setText("No hay conflictos ni enmiendas pendientes.")
        else:
            self.mensaje.setText(f"{plural(len(self.modelo.filas), 'versión espera', 'versiones esperan')} su decisión: "
                                 "seleccione una para comparar sus campos.")

    def _comparar(self, fila: int) -> None:
        if 0 <= fila < len(self.modelo.filas):
            with self.ctx.base.transaccion() as s:
                diferencias = comparar(s, self.modelo.filas[fila][0])
            self.diferencias.cargar([(nombre_de_campo(c), valor_legible(c, a, self.nombres), valor_legible(c, b, self.nombres))
                                     for c, a, b in diferencias])

    def decidir(self, decision: str) -> None:
        indice = self.vista.currentIndex()
        if not indice.isValid():
            self.mensaje.setText("Seleccione primero un conflicto de la lista.")
            return
        fila = self.modelo.data(indice, ROL_FILA)
        try:
            with self.ctx.base.transaccion() as s:
                resultado = resolver(s, fila[0], decision, self.nota.text(), "Coordinación")
        except EntradaRechazada as e:
            self.mensaje.setText(str(e))
            self.nota.setFocus()
            return
        self.nota.clear()
        self.actualizar()
        self.ctx.datos_cambiados.emit()
        self.mensaje.setText(resultado["texto"] + " La decisión quedó en el historial y saldrá en el próximo acuse.")
