"""Página Revisión: matriz de oficinas por trimestre (paquetes, registros, cifras por sexo, estado y puntualidad);
una celda abre Acciones filtrada a ella; «Aprobar…» aprueba una o varias celdas tras confirmar."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base_local import periodos
from base_local.errores import EntradaRechazada
from base_local.revision import PLAZO_MAXIMO, Celda, Matriz, construir
from empaquetado.revision_periodos import aprobar_celdas, fijar_plazo
from escritorio import dialogos
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo
from escritorio.modelo_filas import ModeloFilas
from escritorio.trabajos import correr
from formularios.legible import plural

COLORES = {"sin envío": "#f6f6f6", "recibido": "#e3f0fb", "con observaciones": "#fff3cd", "enmienda en espera": "#fde2c8",
           "aprobado": "#dcefdc"}
MOSTRADAS = 15  # celdas nombradas en la confirmación; las demás se cuentan


def texto_celda(c: Celda) -> str:
    """Tres renglones: lo recibido, las cifras por sexo y el estado con su puntualidad (una celda vacía: dos)."""
    if c.estado == "sin envío" and not c.registros:
        vencido = f"{c.dias_de_retraso:,} {'día' if c.dias_de_retraso == 1 else 'días'} vencido" if c.dias_de_retraso else \
            f"vence el {c.plazo.strftime('%d/%m/%Y')}" if c.plazo else ""
        return f"sin envío\n{vencido}"
    k = c.cifras
    return (f"{plural(c.registros, 'registro')} · {plural(c.paquetes, 'paquete')}\n"
            f"M {k['mujeres']:,}  H {k['hombres']:,}  O {k['otra_identidad']:,}  SD {k['sin_dato']:,}\n{c.estado} · {c.puntualidad}")


class ModeloMatriz(ModeloFilas):
    """Filas: oficina y una celda por trimestre; el color dice el estado de la celda."""

    def __init__(self) -> None:
        super().__init__(["Oficina"])
        self.matriz: Matriz | None = None

    def poner(self, m: Matriz, solo_con_envios: bool = False) -> None:
        self.matriz = m
        self.columnas = ["Oficina", *m.trimestres]
        oficinas = [o for o in m.oficinas if not solo_con_envios or any(m.celda(o.clave, t).estado != "sin envío" for t in m.trimestres)]
        self.cargar([(f"{o.clave}\n{o.nombre}" + ("" if o.registrada else "\n(sin registrar)"),
                      *(m.celda(o.clave, t) for t in m.trimestres)) for o in oficinas])

    def celda(self, fila: int, columna: int) -> Celda | None:
        valor = self.filas[fila][columna] if 0 <= fila < len(self.filas) and columna > 0 else None
        return valor if isinstance(valor, Celda) else None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        valor = self.filas[index.row()][index.column()]
        if isinstance(valor, Celda):
            if role == Qt.ItemDataRole.DisplayRole:
                return texto_celda(valor)
            if role == Qt.ItemDataRole.ToolTipRole:
                return (texto_celda(valor).replace("\n", "; ") + f". Plazo: {valor.plazo.strftime('%d/%m/%Y') if valor.plazo else '—'}"
                        + (f"; primer paquete: {valor.primer_envio.strftime('%d/%m/%Y')}" if valor.primer_envio else ""))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(COLORES.get(valor.estado, "#ffffff")))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#1a1a1a"))
            return None
        return super().data(index, role)


class PaginaRevision(QWidget):
    abrir_celda = Signal(str, str)  # oficina, trimestre: Acciones filtrada a esa celda

    def __init__(self, ctx: ContextoApp, hoy: date | None = None) -> None:
        super().__init__()
        self.setObjectName("pagina_revision")
        self.ctx, self.hoy = ctx, hoy or date.today()
        self.oficina = ctx.oficina()
        capa = QVBoxLayout(self)
        fila = QHBoxLayout()
        anios = [self.hoy.year - i for i in range(3)]
        self.anio = Combo("anio_revision", [(str(a), str(a)) for a in anios])
        self.anio.setAccessibleName("Año de la revisión")
        self.anio.setMinimumContentsLength(5)
        etiqueta = QLabel("&Año:")
        etiqueta.setBuddy(self.anio)
        self.anio.currentIndexChanged.connect(lambda _: self.actualizar())
        self.plazo = QSpinBox()
        self.plazo.setObjectName("plazoEnvio")
        self.plazo.setAccessibleName("Plazo de envío en días después del cierre del trimestre")
        self.plazo.setRange(0, PLAZO_MAXIMO)
        self.plazo.setSuffix(" días tras el cierre")
        etiqueta_plazo = QLabel("&Plazo de envío:")
        etiqueta_plazo.setBuddy(self.plazo)
        self.guardar_plazo = QPushButton("&Guardar el plazo")
        self.guardar_plazo.setObjectName("guardarPlazo")
        self.guardar_plazo.clicked.connect(self.fijar_plazo)
        self.solo = Combo("oficinas_revision", [("con_envios", "Solo las que enviaron algo")], vacio="Todas las oficinas")
        self.solo.setAccessibleName("Oficinas que se muestran")
        self.solo.setMinimumContentsLength(18)
        etiqueta_solo = QLabel("&Oficinas:")
        etiqueta_solo.setBuddy(self.solo)
        self.solo.currentIndexChanged.connect(lambda _: self._mostrar(self.datos) if self.datos else None)
        self.refrescar = QPushButton("Ac&tualizar")
        self.refrescar.setObjectName("actualizarRevision")
        self.refrescar.clicked.connect(lambda: self.actualizar())
        for w in (etiqueta, self.anio, etiqueta_solo, self.solo, etiqueta_plazo, self.plazo, self.guardar_plazo):
            fila.addWidget(w)
        fila.addStretch(1)
        fila.addWidget(self.refrescar)
        capa.addLayout(fila)
        self.estado = QLabel("Calculando la matriz…")
        self.estado.setObjectName("estadoRevision")
        self.estado.setWordWrap(True)
        capa.addWidget(self.estado)
        self.modelo = ModeloMatriz()
        self.vista = QTableView()
        self.vista.setObjectName("matrizRevision")
        self.vista.setAccessibleName("Matriz de revisión: oficinas por trimestre")
        self.vista.setModel(self.modelo)
        self.vista.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.vista.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.vista.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vista.setWordWrap(True)
        self.vista.verticalHeader().setVisible(False)
        self.vista.verticalHeader().setDefaultSectionSize(58)
        self.vista.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.vista.activated.connect(lambda i: self._abrir(i.row(), i.column()))  # Intro o doble clic
        capa.addWidget(self.vista, 1)
        botones = QHBoxLayout()
        self.mensaje = QLabel("Seleccione una o varias celdas (Ctrl o Mayús + clic, o las flechas con Mayús). Intro o doble "
                              "clic abre la celda en Acciones.")
        self.mensaje.setObjectName("mensajeRevision")
        self.mensaje.setWordWrap(True)
        self.mensaje.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.abrir = QPushButton("A&brir en Acciones")
        self.abrir.setObjectName("abrirCelda")
        self.abrir.clicked.connect(lambda: self._abrir(self.vista.currentIndex().row(), self.vista.currentIndex().column()))
        self.aprobar = QPushButton("A&probar…")
        self.aprobar.setObjectName("aprobarCeldas")
        self.aprobar.clicked.connect(self.aprobar_seleccion)
        botones.addWidget(self.mensaje, 1)
        botones.addWidget(self.abrir)
        botones.addWidget(self.aprobar)
        capa.addLayout(botones)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(self.actualizar)
        if self.oficina.tipo == "municipal":  # no recibe paquetes: no hay nada que revisar ni aprobar aquí
            for w in (etiqueta_plazo, self.plazo, self.guardar_plazo, self.vista, self.abrir, self.aprobar, self.mensaje):
                w.setVisible(False)
            capa.addStretch(1)
        self.confirmar = lambda titulo, texto, si, no, detalle, peligro: dialogos.confirmar(self, titulo, texto, si, no, detalle, peligro)
        self.datos: Matriz | None = None
        self.calculando = self.repetir = False

    def showEvent(self, evento) -> None:  # noqa: N802
        self.actualizar()  # cada vez que se muestra: lo que la base tiene ahora
        super().showEvent(evento)

    def actualizar(self) -> None:
        """Calcula la matriz fuera del hilo de la interfaz."""
        if self.calculando:
            self.repetir = True
            return
        self.calculando, self.repetir = True, False
        anio = int(self.anio.valor() or self.hoy.year)

        def calcular() -> Matriz:
            with self.ctx.base.transaccion() as s:
                return construir(s, anio, self.hoy)

        correr(calcular, self._mostrar, self._fallo)

    def _fallo(self, error: Exception) -> None:
        if shiboken6.isValid(self.estado):
            self.calculando = False
            self.estado.setText(f"No se pudo calcular la matriz: {error}")

    def _mostrar(self, m: Matriz) -> None:
        if not shiboken6.isValid(self.estado):
            return  # la ventana se cerró mientras se calculaba
        if m is not self.datos:
            self.calculando = False
        seleccion = self._seleccion()
        self.datos = m
        self.modelo.poner(m, self.solo.valor() == "con_envios")
        self.vista.setColumnWidth(0, 200)
        self.vista.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self._seleccionar(seleccion)
        self.plazo.setValue(m.plazo_dias)
        cuenta: dict[str, int] = {}
        for c in m.celdas.values():
            cuenta[c.estado] = cuenta.get(c.estado, 0) + 1
        tardes = sum(1 for c in m.celdas.values() if c.dias_de_retraso)
        self.estado.setText(
            f"<b>{plural(len(m.oficinas), 'oficina')}</b> en {m.anio} · plazo: {m.plazo_dias} días tras el cierre de cada trimestre · "
            + " · ".join(f"{estado}: {cuenta[estado]}" for estado in COLORES if cuenta.get(estado))
            + f" · {plural(tardes, 'celda')} con retraso" if m.oficinas else
            "Esta oficina no recibe paquetes: la revisión la hacen su oficina estatal y la Coordinación.")
        if self.repetir and not self.calculando:
            self.actualizar()

    def _seleccion(self) -> list[tuple[str, str]]:
        pares = []
        for i in self.vista.selectionModel().selectedIndexes():
            c = self.modelo.celda(i.row(), i.column())
            if c is not None:
                pares.append((c.oficina, c.trimestre))
        return pares

    def _seleccionar(self, pares: list[tuple[str, str]]) -> None:
        """Tras recalcular, la misma selección (por oficina y trimestre, no por posición)."""
        from PySide6.QtCore import QItemSelectionModel

        quiero = set(pares)
        for f in range(self.modelo.rowCount()):
            for col in range(1, self.modelo.columnCount()):
                c = self.modelo.celda(f, col)
                if c is not None and (c.oficina, c.trimestre) in quiero:
                    self.vista.selectionModel().select(self.modelo.index(f, col), QItemSelectionModel.SelectionFlag.Select)

    def _abrir(self, fila: int, columna: int) -> None:
        c = self.modelo.celda(fila, columna)
        if c is None:
            self.mensaje.setText("Elija una celda de un trimestre (no la columna Oficina) para abrirla en Acciones.")
            return
        self.abrir_celda.emit(c.oficina, c.trimestre)

    def fijar_plazo(self) -> None:
        try:
            with self.ctx.base.transaccion() as s:
                dias = fijar_plazo(s, self.plazo.value())
        except EntradaRechazada as e:
            self.mensaje.setText(f"{e.codigo}: {e}")
            return
        self.mensaje.setText(f"Plazo guardado: {dias} días después del cierre de cada trimestre.")
        self.actualizar()

    def aprobar_seleccion(self) -> None:
        celdas = [c for c in (self.modelo.celda(i.row(), i.column()) for i in self.vista.selectionModel().selectedIndexes()) if c]
        celdas.sort(key=lambda c: (c.oficina, c.trimestre))
        ya = [c for c in celdas if c.estado == "aprobado"]
        celdas = [c for c in celdas if c.estado != "aprobado"]
        if not celdas:
            self.mensaje.setText("Seleccione una o varias celdas sin aprobar (oficina y trimestre) para aprobarlas."
                                 + (f" {plural(len(ya), 'celda elegida ya estaba aprobada', 'celdas elegidas ya estaban aprobadas')}." if ya else ""))
            return
        nombres = {o.clave: o.nombre for o in self.datos.oficinas} if self.datos else {}
        lineas = [f"{c.oficina} ({nombres.get(c.oficina, '')}) — {c.trimestre}: {plural(c.registros, 'registro')}" for c in celdas]
        avisos = []
        en_curso = sorted({c.trimestre for c in celdas if periodos.limites(c.trimestre)[1] >= self.hoy})
        if en_curso:
            avisos.append(f"{', '.join(en_curso)} está EN CURSO: lo que se capture de aquí al cierre llegará como enmienda.")
        vacias = [c for c in celdas if not c.registros]
        if vacias:
            avisos.append(f"{plural(len(vacias), 'celda no tiene', 'celdas no tienen')} registros recibidos.")
        if ya:
            avisos.append(f"Se omiten {plural(len(ya), 'celda ya aprobada', 'celdas ya aprobadas')}.")
        total = sum(c.registros for c in celdas)
        detalle = "\n".join(lineas[:MOSTRADAS] + ([f"… y {len(lineas) - MOSTRADAS} más"] if len(lineas) > MOSTRADAS else []))
        if not self.confirmar(
                "Aprobar trimestres",
                f"Se aprobarán {plural(len(celdas), 'trimestre')} de {plural(len({c.oficina for c in celdas}), 'oficina')} "
                f"con {plural(total, 'registro')}:",
                f"&Aprobar {plural(len(celdas), 'trimestre')}", "&No, todavía no",
                "\n\n".join([detalle, *avisos, "Después, cada cambio a sus registros llegará como enmienda que usted revisa en "
                                               "Conflictos; sus cifras quedan fijas en los reportes."]),
                bool(avisos)):
            self.mensaje.setText("No se aprobó nada.")
            return
        try:
            with self.ctx.base.transaccion() as s:
                quien = "Coordinación" if self.oficina.tipo == "central" else self.oficina.clave
                hechos = aprobar_celdas(s, [(c.oficina, c.trimestre) for c in celdas], quien, self.hoy)
        except EntradaRechazada as e:
            self.mensaje.setText(f"No se aprobó nada. {e.codigo}: {e}")
            return
        self.mensaje.setText(f"{plural(len(hechos), 'trimestre aprobado', 'trimestres aprobados')}: "
                             + ", ".join(f"{h['oficina']} {h['trimestre']}" for h in hechos[:MOSTRADAS])
                             + ". Los cambios posteriores llegarán como enmiendas.")
        self.actualizar()
