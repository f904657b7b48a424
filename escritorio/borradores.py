"""Lista de borradores (como la de ODK Collect o KoboToolbox): continuar uno en Captura o descartarlo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import PeriodoCerrado, anular_accion
from base_local.modelos import Accion
from escritorio import dialogos
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ModeloFilas
from formularios.legible import fecha_local, momento_local, plural

MOTIVO_DESCARTE = "Borrador descartado en la lista de borradores."


def borradores(sesion: Session) -> list[tuple[str, str, str, str]]:
    """(id, título, fecha de la acción, guardado por última vez), del más reciente al más viejo."""
    filas = sesion.execute(select(Accion.id, Accion.titulo, Accion.fecha_inicio, Accion.actualizado_en)
                           .where(Accion.estado == "borrador").order_by(Accion.actualizado_en.desc(), Accion.creado_en.desc(), Accion.id))
    return [(i, t or "(sin título)", fecha_local(f), momento_local(a)) for i, t, f, a in filas]


def contar(ctx: ContextoApp) -> int:
    with ctx.base.transaccion() as s:
        return len(borradores(s))


def aviso(n: int) -> str:
    return (f"Tiene {plural(n, 'borrador', 'borradores')} sin terminar: ábralos en Captura con «Borradores…» (Ctrl+B) "
            "para continuarlos o descartarlos.") if n else ""


class DialogoBorradores(QDialog):
    """Los borradores de la oficina; «Continuar» lo abre en Captura y «Descartar» lo anula (queda en el historial)."""

    def __init__(self, ctx: ContextoApp, continuar: Callable[[str], None], padre: QWidget | None = None) -> None:
        super().__init__(padre)
        self.setObjectName("dialogoBorradores")
        self.setWindowTitle("Borradores")
        self.ctx, self.continuar_en = ctx, continuar
        self.confirmar = lambda titulo: dialogos.confirmar(
            self, "Descartar el borrador", f"Se descartará el borrador «{titulo}».", "&Descartar el borrador",
            "&No, conservarlo", detalle="Queda anulado, con su historial: no se envía como acción ni cuenta en los totales.")
        capa = QVBoxLayout(self)
        self.texto = QLabel()
        self.texto.setObjectName("textoBorradores")
        self.texto.setWordWrap(True)
        capa.addWidget(self.texto)
        self.modelo = ModeloFilas(["Título", "Fecha de la acción", "Guardado por última vez"])
        self.vista = QTableView()
        self.vista.setObjectName("tablaBorradores")
        self.vista.setAccessibleName("Borradores sin terminar")
        self.vista.setModel(self.modelo)
        self.vista.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.vista.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.vista.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.vista.verticalHeader().setVisible(False)
        self.vista.horizontalHeader().setStretchLastSection(False)
        self.vista.setColumnWidth(1, 150)
        self.vista.activated.connect(lambda _: self.continuar())  # Intro o doble clic
        capa.addWidget(self.vista, 1)
        fila = QHBoxLayout()
        self.botones: dict[str, QPushButton] = {}
        for nombre, texto, accion in (("continuar", "&Continuar", self.continuar), ("descartar", "&Descartar…", self.descartar),
                                      ("cerrar", "Ce&rrar", self.reject)):
            boton = QPushButton(texto)
            boton.setObjectName(nombre)
            boton.setAutoDefault(False)
            boton.clicked.connect(accion)
            self.botones[nombre] = boton
            fila.addWidget(boton)
        fila.insertStretch(2, 1)
        capa.addLayout(fila)
        self.resize(760, 420)
        self.ids: list[str] = []
        self.actualizar()

    def actualizar(self) -> None:
        with self.ctx.base.transaccion() as s:
            filas = borradores(s)
        self.ids = [f[0] for f in filas]
        self.modelo.cargar([f[1:] for f in filas])
        self.vista.resizeColumnToContents(0)
        self.vista.setColumnWidth(0, min(self.vista.columnWidth(0), 420))
        self.texto.setText(f"{plural(len(filas), 'borrador', 'borradores')} sin terminar. Elija uno y «Continuar» lo abre en "
                           "Captura; «Descartar» lo anula." if filas else "No hay borradores: todo lo capturado está guardado como lista.")
        for nombre in ("continuar", "descartar"):
            self.botones[nombre].setEnabled(bool(filas))
        if filas:
            self.vista.selectRow(0)
            self.vista.setFocus(Qt.FocusReason.OtherFocusReason)

    def _elegido(self) -> int | None:
        fila = self.vista.currentIndex().row()
        return fila if 0 <= fila < len(self.ids) else None

    def continuar(self) -> None:
        fila = self._elegido()
        if fila is not None:
            self.accept()
            self.continuar_en(self.ids[fila])

    def descartar(self) -> None:
        fila = self._elegido()
        if fila is None or not self.confirmar(self.modelo.filas[fila][0]):
            return
        oficina = self.ctx.oficina()
        try:
            with self.ctx.base.transaccion() as s:
                anular_accion(s, self.ids[fila], motivo=MOTIVO_DESCARTE, quien="Capturista", oficina=oficina.clave)
        except (ValueError, LookupError, PeriodoCerrado) as e:
            self.texto.setText(f"No se descartó: {e}")
            return
        self.actualizar()
        self.ctx.datos_cambiados.emit()
