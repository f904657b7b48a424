"""Página Acciones: lista filtrable y ordenable (carga por páginas), historial, anular, duplicar y periodos."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from base_local import periodos
from base_local.acciones import PeriodoCerrado, anular_accion, historial_de
from base_local.consulta_acciones import COLUMNAS, Filtro, contar, filas
from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from base_local.modelos import Periodo
from escritorio import dialogos
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo, nombrar
from escritorio.modelo_filas import ModeloFilas
from formularios import limites
from formularios.campos import ESTADOS
from formularios.legible import lineas_historial, nombres_de_catalogo, plural

PAGINA = 500
COLUMNA_ID = len(COLUMNAS) - 1


class ModeloAcciones(ModeloFilas):
    """Filas planas traídas de la base por páginas de 500 a medida que la vista las pide."""

    def __init__(self, ctx: ContextoApp, nombres: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__([t for _, t in COLUMNAS])
        self.ctx = ctx
        self.nombres = nombres or {}  # columna → {clave: texto visible}
        self.filtro = Filtro()
        self.orden, self.descendente = "fecha_inicio", True
        self.total = 0

    def recargar(self) -> None:
        with self.ctx.base.transaccion() as s:
            self.total = contar(s, self.filtro)
            primeras = filas(s, self.filtro, self.orden, self.descendente, 0, PAGINA)
        self.cargar(primeras)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            columna = COLUMNAS[index.column()][0]
            valor = self.filas[index.row()][index.column()]
            if isinstance(valor, date):
                return valor.strftime("%d/%m/%Y")
            if columna in self.nombres:
                return self.nombres[columna].get(valor, valor)
        return super().data(index, role)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.filas) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        with self.ctx.base.transaccion() as s:
            nuevas = filas(s, self.filtro, self.orden, self.descendente, len(self.filas), PAGINA)
        if nuevas:
            self.beginInsertRows(QModelIndex(), len(self.filas), len(self.filas) + len(nuevas) - 1)
            self.filas.extend(nuevas)
            self.endInsertRows()

    def sort(self, columna: int, orden: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.orden = COLUMNAS[columna][0]
        self.descendente = orden == Qt.SortOrder.DescendingOrder
        self.recargar()


class PaginaAcciones(QWidget):
    abrir = Signal(str, bool)  # id, como_nueva

    def __init__(self, ctx: ContextoApp) -> None:
        super().__init__()
        self.setObjectName("pagina_acciones")
        self.ctx = ctx
        self.oficina = ctx.oficina()
        self.origen: str | None = None  # oficina de origen fijada desde una celda de Revisión
        self.pedir_texto = lambda titulo, etiqueta: ((t := dialogos.pedir_texto(self, titulo, etiqueta)) or "", t is not None)
        self.elegir_periodo = lambda titulo, etiqueta, opciones: ((p := dialogos.elegir_de_lista(self, titulo, etiqueta, opciones)) or "",
                                                                 p is not None)
        with ctx.base.transaccion() as s:
            cat = leer_catalogos(s)
        self.nombres = nombres_de_catalogo(cat)
        capa = QVBoxLayout(self)
        filtros = QGridLayout()  # dos renglones: a 1280×720 caben los filtros y la lista
        hoy = periodos.periodo_de(date.today())
        recientes = [hoy, periodos.anterior(hoy), periodos.anterior(periodos.anterior(hoy)), periodos.anterior(periodos.anterior(periodos.anterior(hoy)))]
        self.f_periodo = Combo("filtro_periodo", [(p, p) for p in recientes], vacio="Todos los periodos")
        self.f_entidad = Combo("filtro_entidad", cat.entidades.items(), vacio="Todas las entidades")
        self.f_municipio = Combo("filtro_municipio", [(m, f"{m} {n}") for m, (e, n, _) in sorted(cat.municipios.items(), key=lambda x: x[1][1])
                                                      if self.oficina.jurisdiccion.admite(e, m)], vacio="Todos los municipios", buscable=True)
        self.f_eje = Combo("filtro_eje", [(c, f"Eje {n}") for c, (n, _) in cat.ejes.items()], vacio="Todos los ejes")
        self.f_tipo = Combo("filtro_tipo", [(c, t[0]) for c, t in cat.tipos_accion.items()], vacio="Todos los tipos")
        self.f_estado = Combo("filtro_estado", [(e, e) for e in ESTADOS], vacio="Todos los estados")
        self.f_texto = nombrar(QLineEdit(), "filtro_texto")
        self.f_texto.setPlaceholderText("Buscar en título, descripción o municipio…")
        for i, (texto, w) in enumerate((("Periodo:", self.f_periodo), ("Entidad:", self.f_entidad), ("Municipio:", self.f_municipio),
                                        ("Eje:", self.f_eje), ("Tipo:", self.f_tipo), ("Estado:", self.f_estado), ("Buscar:", self.f_texto))):
            etiqueta = QLabel(texto)
            etiqueta.setBuddy(w)  # el lector de pantalla anuncia «Periodo», no solo la opción elegida
            filtros.addWidget(etiqueta, i // 4, 2 * (i % 4), Qt.AlignmentFlag.AlignRight)
            filtros.addWidget(w, i // 4, 2 * (i % 4) + 1)
            if w is not self.f_texto:
                w.setMinimumContentsLength(10)
                w.currentIndexChanged.connect(self.filtrar)
        for columna in (1, 3, 5, 7):
            filtros.setColumnStretch(columna, 1)
        capa.addLayout(filtros)
        self.espera = QTimer(self)
        self.espera.setSingleShot(True)
        self.espera.setInterval(300)
        self.espera.timeout.connect(self.filtrar)
        self.f_texto.textChanged.connect(lambda _: self.espera.start())
        self.modelo = ModeloAcciones(ctx, {"eje": {c: f"Eje {n}" for c, (n, _) in cat.ejes.items()},
                                           "tipo_accion": {c: t[0] for c, t in cat.tipos_accion.items()}})
        self.vista = nombrar(QTableView(), "tablaAcciones")
        self.vista.setModel(self.modelo)
        self.vista.setSortingEnabled(True)
        self.vista.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.vista.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.vista.verticalHeader().setVisible(False)
        self.vista.setColumnHidden(COLUMNA_ID, True)
        cabecera = self.vista.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # anchos fijos: medir 100,000 filas congelaría
        for columna in (1, 2):  # periodo y entidad ya se leen en la fecha y el municipio; siguen como filtros
            self.vista.setColumnHidden(columna, True)
        anchos = {0: 84, 3: 110, 4: 50, 5: 140, 7: 66, 8: 66, 9: 66, 10: 66, 11: 70, 12: 72, 13: 40}
        for columna, ancho in anchos.items():
            self.vista.setColumnWidth(columna, ancho)
        cabecera.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.vista.verticalHeader().setDefaultSectionSize(24)
        self.vista.activated.connect(lambda i: self.abrir.emit(self._id(i.row()), False))  # Intro o doble clic
        capa.addWidget(self.vista, 1)
        botones = QHBoxLayout()
        self.resumen = nombrar(QLabel(), "resumen_lista")
        self.resumen.setWordWrap(True)
        botones.addWidget(self.resumen, 1)
        for texto, nombre, accion in (("&Abrir", "abrir", lambda: self._con_seleccion(lambda i: self.abrir.emit(i, False))),
                                      ("&Duplicar como nueva", "duplicar", lambda: self._con_seleccion(lambda i: self.abrir.emit(i, True))),
                                      ("A&nular…", "anular", lambda: self._con_seleccion(self.anular)),
                                      ("&Historial", "historial", lambda: self._con_seleccion(self.mostrar_historial)),
                                      ("&Cerrar periodo…", "cerrar_periodo", self.cerrar_periodo),
                                      ("&Reabrir periodo…", "reabrir_periodo", self.reabrir_periodo)):
            boton = nombrar(QPushButton(texto), nombre)
            boton.clicked.connect(accion)
            botones.addWidget(boton)
        capa.addLayout(botones)
        self.cargada = False

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargada:
            self.filtrar()
        super().showEvent(evento)

    def filtrar(self, *_: object, oficina: str | None = None, trimestre: str | None = None, estado: str | None = None) -> None:
        """Con `oficina` y `trimestre` (una celda de Revisión) la lista queda en esa oficina de origen y ese trimestre;
        la oficina sigue fija hasta que se filtra por otra (o por "" para todas)."""
        self.cargada = True
        if oficina is not None:
            self.origen = oficina or None
        if estado is not None:
            self.f_estado.blockSignals(True)
            self.f_estado.poner(estado or None)
            self.f_estado.blockSignals(False)
        periodo = self.f_periodo.valor()
        if trimestre is not None:
            if self.f_periodo.findData(trimestre) < 0 and trimestre:
                self.f_periodo.addItem(trimestre, trimestre)
            self.f_periodo.blockSignals(True)
            self.f_periodo.poner(trimestre or None)
            self.f_periodo.blockSignals(False)
            periodo = trimestre or None
        self.modelo.filtro = Filtro(periodo, self.f_entidad.valor(), self.f_municipio.valor(), self.f_eje.valor(),
                                    self.f_tipo.valor(), self.f_estado.valor(), self.f_texto.text(), oficina_origen=self.origen)
        self.modelo.recargar()
        self.resumen.setText(plural(self.modelo.total, "acción", "acciones") + (f" de la oficina {self.origen}" if self.origen else ""))

    def _id(self, fila: int) -> str:
        return self.modelo.filas[fila][COLUMNA_ID]

    def _con_seleccion(self, accion) -> None:
        indice = self.vista.currentIndex()
        if not indice.isValid():
            self.resumen.setText("Seleccione primero una acción de la lista.")
            return
        accion(self._id(indice.row()))

    def anular(self, id_accion: str) -> None:
        motivo, ok = self.pedir_texto("Anular acción", "Motivo de la anulación (queda en el historial):")
        if not ok:
            return
        try:
            motivo = limites.texto_libre("motivo_anulacion", motivo)
            with self.ctx.base.transaccion() as s:
                anular_accion(s, id_accion, motivo=motivo, quien="Capturista", oficina=self.oficina.clave)
        except (ValueError, LookupError, PeriodoCerrado, EntradaRechazada) as e:
            self.resumen.setText(f"No se anuló: {e}")
            return
        self.ctx.datos_cambiados.emit()
        self.filtrar()
        self.resumen.setText("Acción anulada: sigue en la lista con su historial, fuera de los totales.")

    def mostrar_historial(self, id_accion: str) -> None:
        with self.ctx.base.transaccion() as s:
            revisiones = historial_de(s, id_accion)
        dialogo = QDialog(self)
        dialogo.setWindowTitle("Historial de la acción")
        dialogo.setObjectName("dialogoHistorial")
        capa = QVBoxLayout(dialogo)
        texto = nombrar(QPlainTextEdit(), "texto_historial")
        texto.setAccessibleName("Historial de la acción")
        texto.setReadOnly(True)
        texto.setPlainText("\n".join(lineas_historial(revisiones, self.nombres)))
        capa.addWidget(texto)
        dialogo.resize(760, 480)
        self.dialogo_historial = dialogo
        dialogo.show()

    def _periodos(self, estado: str) -> list[str]:
        """Los trimestres de la oficina en ese estado, del más reciente al más viejo (los abiertos: los últimos ocho)."""
        with self.ctx.base.transaccion() as s:
            if estado == "abierto":
                recientes = [periodos.periodo_de(date.today())]
                while len(recientes) < 8:
                    recientes.append(periodos.anterior(recientes[-1]))
                return [p for p in recientes if periodos.estado_de(s, self.oficina.clave, p) == "abierto"]
            return sorted((f.clave for f in s.scalars(select(Periodo).where(Periodo.oficina == self.oficina.clave,
                                                                              Periodo.estado == estado))), reverse=True)

    def _elegir(self, titulo: str, estado: str) -> str | None:
        opciones = self._periodos(estado)
        if not opciones:
            self.resumen.setText(f"No hay periodos {estado}s que elegir.")
            return None
        periodo, ok = self.elegir_periodo(titulo, "Trimestre:", opciones)
        return periodo if ok and periodo in opciones else None

    def cerrar_periodo(self) -> None:
        periodo = self._elegir("Cerrar periodo", "abierto")
        if periodo and self.confirmar_cierre(periodo):
            self._periodo(lambda s: periodos.cerrar(s, self.oficina.clave, periodo, "Enlace"), f"Periodo {periodo} cerrado.")

    def confirmar_cierre(self, periodo: str) -> bool:
        """Nombra la consecuencia de cerrar y avisa si el trimestre aún no termina."""
        try:
            fin = periodos.limites(periodo)[1]
        except ValueError:
            return True  # el cierre lo rechaza con su propio mensaje
        en_curso = (f"El trimestre {periodo} está EN CURSO: termina el {fin.strftime('%d/%m/%Y')}. Si lo cierra ahora, "
                    "no podrá capturar lo que falte de aquí al cierre.\n\n") if fin >= date.today() else ""
        return dialogos.confirmar(
            self, "Cerrar periodo", f"Se cerrará el periodo {periodo} de la oficina {self.oficina.clave}.",
            "&Cerrar el periodo", "&No, dejarlo abierto",
            en_curso + "Sus acciones quedarán de solo lectura: no podrá capturar, corregir ni anular nada con fecha de ese "
                       "trimestre hasta que se reabra con un motivo.", peligro=bool(en_curso))

    def reabrir_periodo(self) -> None:
        periodo = self._elegir("Reabrir periodo", "cerrado")
        if not periodo:
            return
        motivo, ok = self.pedir_texto("Reabrir periodo", "Motivo de la reapertura:")
        if ok:
            self._periodo(lambda s: periodos.reabrir(s, self.oficina.clave, periodo, "Enlace", limites.texto_libre("motivo_reapertura", motivo)),
                          f"Periodo {periodo} reabierto.")

    def _periodo(self, trabajo, mensaje: str) -> None:
        try:
            with self.ctx.base.transaccion() as s:
                trabajo(s)
        except (ValueError, EntradaRechazada) as e:
            self.resumen.setText(str(e))
            return
        self.ctx.datos_cambiados.emit()
        self.resumen.setText(mensaje)

