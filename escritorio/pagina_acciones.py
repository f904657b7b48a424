"""Página Acciones: lista filtrable y ordenable (carga por páginas), historial, anular, duplicar y periodos. En la
central y la estatal es también la mesa de revisión: oficina de origen y estado de revisión, observar o aceptar una
o varias filas, la ficha de cada acción y la lista filtrada en xlsx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from base_local.consulta_acciones import (
    COLUMNAS,
    Filtro,
    contar,
    filas,
    oficinas_de_origen,
    periodos_con_acciones,
)
from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from base_local.estado_revision import ESTADOS_REVISION, normalizar
from base_local.modelos import Entidad, Oficina, Periodo
from empaquetado.acuses import aceptar, observar_varias
from empaquetado.mesa import ficha
from escritorio import archivos, dialogos
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo, nombrar
from escritorio.modelo_filas import ModeloFilas
from escritorio.trabajos import DialogoProgreso, correr
from formularios import limites
from formularios.campos import ESTADOS
from formularios.legible import lineas_historial, nombres_de_catalogo, plural

PAGINA = 500
COLUMNA = {clave: i for i, (clave, _) in enumerate(COLUMNAS)}
COLUMNA_ID = COLUMNA["id"]


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
            primeras = filas(s, self.filtro, self.orden, self.descendente, 0, PAGINA, self.total)
        self.cargar(primeras)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            columna = COLUMNAS[index.column()][0]
            valor = self.filas[index.row()][index.column()]
            if isinstance(valor, date):
                return valor.strftime("%d/%m/%Y")
            if columna in self.nombres:
                return self.nombres[columna].get(valor, valor)
            if columna == "estado_revision" and not valor:
                return "—"
        return super().data(index, role)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.filas) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        with self.ctx.base.transaccion() as s:
            nuevas = filas(s, self.filtro, self.orden, self.descendente, len(self.filas), PAGINA, self.total)
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
        self.revisa = self.oficina.tipo != "municipal"  # la central y la estatal reciben y revisan
        self.pedir_texto = lambda titulo, etiqueta: ((t := dialogos.pedir_texto(self, titulo, etiqueta)) or "", t is not None)
        self.elegir_periodo = lambda titulo, etiqueta, opciones: ((p := dialogos.elegir_de_lista(self, titulo, etiqueta, opciones)) or "",
                                                                 p is not None)
        self.elegir_destino = lambda sugerido: archivos.elegir_para_guardar(self, ctx, "Exportar la lista", sugerido, "Libro de Excel (*.xlsx)")
        with ctx.base.transaccion() as s:
            cat = leer_catalogos(s)
            abreviaturas = dict(s.execute(select(Entidad.cve_ent, Entidad.abreviatura)).all())
        self.nombres = nombres_de_catalogo(cat)
        capa = QVBoxLayout(self)
        capa.addLayout(self._filtros(cat))
        self.espera = QTimer(self)
        self.espera.setSingleShot(True)
        self.espera.setInterval(300)
        self.espera.timeout.connect(self.filtrar)
        self.f_texto.textChanged.connect(lambda _: self.espera.start())
        self.modelo = ModeloAcciones(ctx, {"eje": {c: f"Eje {n}" for c, (n, _) in cat.ejes.items()},
                                           "tipo_accion": {c: t[0] for c, t in cat.tipos_accion.items()},
                                           "entidad": abreviaturas})  # «Chis.»: el nombre entero, en el filtro
        self.vista = nombrar(QTableView(), "tablaAcciones")
        self.vista.setModel(self.modelo)
        self.vista.setSortingEnabled(True)
        self.vista.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.vista.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # Mayús o Ctrl: varias filas a la vez
        self.vista.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.vista.setWordWrap(False)  # «Mesa interinstitu…», no «Mesa …»: se recorta letra a letra (el texto entero, en la ayuda)
        self.vista.verticalHeader().setVisible(False)
        self._columnas()
        self.vista.activated.connect(lambda i: self._abrir_fila(i.row()))  # Intro o doble clic
        capa.addWidget(self.vista, 1)
        capa.addLayout(self._botones())
        self.cargada = False

    def _filtros(self, cat) -> QGridLayout:
        filtros = QGridLayout()  # dos renglones: a 1280×720 caben los filtros y la lista
        self.f_periodo = Combo("filtro_periodo", [], vacio="Todos")
        self.f_oficina = Combo("filtro_oficina", [], vacio="Todas")
        self.f_entidad = Combo("filtro_entidad", cat.entidades.items(), vacio="Todas")
        self.f_municipio = Combo("filtro_municipio", [(m, f"{m} {n}") for m, (e, n, _) in sorted(cat.municipios.items(), key=lambda x: x[1][1])
                                                      if self.oficina.jurisdiccion.admite(e, m)], vacio="Todos los municipios", buscable=True)
        self.f_eje = Combo("filtro_eje", [(c, f"Eje {n}") for c, (n, _) in cat.ejes.items()], vacio="Todos los ejes")
        self.f_tipo = Combo("filtro_tipo", [(c, t[0]) for c, t in cat.tipos_accion.items()], vacio="Todos los tipos")
        self.f_estado = Combo("filtro_estado", [(e, e) for e in ESTADOS], vacio="Todos")
        self.f_revision = Combo("filtro_revision", [(e, e) for e in ESTADOS_REVISION], vacio="Todos")
        self.f_texto = nombrar(QLineEdit(), "filtro_texto")
        self.f_texto.setPlaceholderText("Buscar en título, descripción o municipio…")
        self._opciones()
        self.f_municipio.lineEdit().setCursorPosition(0)  # «Todos los municipios» desde su principio
        campos = [("Tri&mestre:", self.f_periodo), ("Of&icina:", self.f_oficina), ("En&tidad:", self.f_entidad),
                  ("M&unicipio:", self.f_municipio), ("Ti&po:", self.f_tipo), ("E&je:", self.f_eje), ("&Estado:", self.f_estado),
                  ("Re&visión:", self.f_revision), ("Bu&scar:", self.f_texto)]
        if not self.revisa:  # en la municipal todo es de la oficina y nadie lo revisa aquí
            campos = [c for c in campos if c[1] not in (self.f_oficina, self.f_revision)]
            self.f_oficina.hide()
            self.f_revision.hide()
        for i, (texto, w) in enumerate(campos):
            etiqueta = QLabel(texto)
            etiqueta.setBuddy(w)  # el lector de pantalla anuncia «Trimestre», no solo la opción elegida
            fila, columna = divmod(i, 5)
            filtros.addWidget(etiqueta, fila, 2 * columna, Qt.AlignmentFlag.AlignRight)
            filtros.addWidget(w, fila, 2 * columna + 1, 1, 3 if w is self.f_texto else 1)
            if w is not self.f_texto:
                w.setMinimumContentsLength(6)
                w.currentIndexChanged.connect(lambda _: self.filtrar())
        for columna in (1, 3, 5, 7, 9):
            filtros.setColumnStretch(columna, 1)
        return filtros

    def _opciones(self) -> None:
        """Trimestres y oficinas que hay en la base (una importación trae otros): se releen al mostrar la página."""
        hoy = periodos.periodo_de(date.today())
        recientes = [hoy, periodos.anterior(hoy), periodos.anterior(periodos.anterior(hoy)), periodos.anterior(periodos.anterior(periodos.anterior(hoy)))]
        with self.ctx.base.transaccion() as s:
            trimestres = sorted(set(recientes) | set(periodos_con_acciones(s)), reverse=True)
            oficinas = sorted(set(oficinas_de_origen(s)) | set(s.scalars(select(Oficina.clave).where(Oficina.tipo != "central"))))
        self.f_periodo.poner_opciones([(p, p) for p in trimestres])
        self.f_oficina.poner_opciones([(o, o) for o in oficinas])

    def _columnas(self) -> None:
        cabecera = self.vista.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # anchos fijos: medir 100,000 filas congelaría
        ocultas = ["id", "eje", "otra_identidad", "sin_dato"] + (["estado"] if self.revisa else ["oficina_origen", "estado_revision",
                                                                                               "periodo", "entidad"])
        for clave in ocultas:  # siguen como filtros y en el libro exportado
            self.vista.setColumnHidden(COLUMNA[clave], True)
        anchos = {"fecha_inicio": 88, "periodo": 62, "oficina_origen": 68, "entidad": 50, "municipio": 104, "tipo_accion": 124,
                  "mujeres": 64, "hombres": 68, "otra_identidad": 64, "sin_dato": 64, "total": 58, "estado": 72, "revision": 38,
                  "estado_revision": 124}
        for clave, ancho in anchos.items():
            self.vista.setColumnWidth(COLUMNA[clave], ancho)
        cabecera.setSectionResizeMode(COLUMNA["titulo"], QHeaderView.ResizeMode.Stretch)
        cabecera.moveSection(cabecera.visualIndex(COLUMNA["oficina_origen"]), 1)  # quién la hizo, junto a la fecha
        cabecera.moveSection(cabecera.visualIndex(COLUMNA["periodo"]), 2)
        self.vista.verticalHeader().setDefaultSectionSize(24)
        cabecera.blockSignals(True)  # la flecha dice el orden de la primera carga (las más recientes arriba) sin releer
        cabecera.setSortIndicator(COLUMNA["fecha_inicio"], Qt.SortOrder.DescendingOrder)
        cabecera.blockSignals(False)

    def _botones(self) -> QVBoxLayout:
        capa = QVBoxLayout()
        arriba, abajo = QHBoxLayout(), QHBoxLayout()
        self.resumen = nombrar(QLabel(), "resumen_lista")
        self.resumen.setWordWrap(True)
        arriba.addWidget(self.resumen, 1)
        revision = (("&Observar…", "observar", self.observar), ("&Aceptar", "aceptar", self.aceptar),
                    ("A&brir", "abrir_ficha", lambda: self._con_seleccion(self.mostrar_ficha)),
                    ("E&xportar…", "exportar", self.exportar)) if self.revisa else ()
        captura = (("Abrir en el &formulario" if self.revisa else "&Abrir", "abrir", lambda: self._con_seleccion(lambda i: self.abrir.emit(i, False))),
                   ("&Duplicar como nueva", "duplicar", lambda: self._con_seleccion(lambda i: self.abrir.emit(i, True))),
                   ("A&nular…", "anular", lambda: self._con_seleccion(self.anular)),
                   ("&Historial", "historial", lambda: self._con_seleccion(self.mostrar_historial)),
                   ("&Cerrar periodo…", "cerrar_periodo", self.cerrar_periodo),
                   ("&Reabrir periodo…", "reabrir_periodo", self.reabrir_periodo),
                   *((("E&xportar…", "exportar", self.exportar),) if not self.revisa else ()))
        for fila, botones in ((arriba, revision), (abajo if self.revisa else arriba, captura)):
            if fila is abajo:
                fila.addStretch(1)
            for texto, nombre, accion in botones:
                boton = nombrar(QPushButton(texto), nombre)
                boton.clicked.connect(accion)
                fila.addWidget(boton)
        capa.addLayout(arriba)
        if self.revisa:
            capa.addLayout(abajo)
        return capa

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargada:
            self.filtrar()
        super().showEvent(evento)

    def filtrar(self, *_: object, oficina: str | None = None, trimestre: str | None = None, estado: str | None = None) -> None:
        """Relee la lista con los filtros de la pantalla. Con `oficina` (clave, «M07089»), `trimestre` («2026T1») o
        `estado` (de revisión: «observada», o como lo nombra la matriz, «con observaciones»), antes deja solo esos
        filtros puestos: así la matriz de revisión abre la lista de una celda. `oficina=""` solo quita la oficina."""
        if oficina or trimestre or estado:
            self._solo(oficina, trimestre, normalizar(estado))
        elif oficina == "":
            self.f_oficina.blockSignals(True)
            self.f_oficina.poner(None)
            self.f_oficina.blockSignals(False)
        self.cargada = True
        self.modelo.filtro = Filtro(self.f_periodo.valor(), self.f_entidad.valor(), self.f_municipio.valor(), self.f_eje.valor(),
                                    self.f_tipo.valor(), self.f_estado.valor(), self.f_texto.text(),
                                    oficina_origen=self.f_oficina.valor(), estado_revision=self.f_revision.valor(), local=self.oficina.clave)
        self.modelo.recargar()
        origen = self.f_oficina.valor()
        self.resumen.setText(plural(self.modelo.total, "acción", "acciones") + (f" de la oficina {origen}" if origen else ""))

    def _solo(self, oficina: str | None, trimestre: str | None, estado: str | None) -> None:
        self._opciones()
        combos = (self.f_periodo, self.f_oficina, self.f_entidad, self.f_municipio, self.f_eje, self.f_tipo, self.f_estado, self.f_revision)
        for combo in combos:
            combo.blockSignals(True)
        for combo, valor in ((self.f_periodo, trimestre), (self.f_oficina, oficina), (self.f_revision, estado)):
            if valor and combo.findData(valor) < 0:
                combo.addItem(valor, valor)  # una oficina del catálogo que aún no envía nada
        for combo in combos:
            combo.poner({self.f_periodo: trimestre, self.f_oficina: oficina, self.f_revision: estado}.get(combo))
            combo.blockSignals(False)
        self.f_texto.blockSignals(True)
        self.f_texto.clear()
        self.f_texto.blockSignals(False)

    def _id(self, fila: int) -> str:
        return self.modelo.filas[fila][COLUMNA_ID]

    def _abrir_fila(self, fila: int) -> None:
        """Lo recibido se abre en su ficha de revisión; lo propio, en el formulario."""
        if self.revisa and self.modelo.filas[fila][COLUMNA["oficina_origen"]] != self.oficina.clave:
            self.mostrar_ficha(self._id(fila))
        else:
            self.abrir.emit(self._id(fila), False)

    def _con_seleccion(self, accion) -> None:
        indice = self.vista.currentIndex()
        if not indice.isValid():
            self.resumen.setText("Seleccione primero una acción de la lista.")
            return
        accion(self._id(indice.row()))

    def elegidas(self) -> list[int]:
        """Las filas seleccionadas (con Mayús o Ctrl, varias), o la actual."""
        filas = sorted({i.row() for i in self.vista.selectionModel().selectedRows()})
        if not filas and self.vista.currentIndex().isValid():
            filas = [self.vista.currentIndex().row()]
        return filas

    def _quien(self) -> str:
        return f"{self.oficina.responsable} ({self.oficina.clave})"

    def observar(self) -> None:
        filas = self.elegidas()
        if not filas:
            self.resumen.setText("Seleccione primero una o varias acciones (con Mayús o Ctrl) para observarlas.")
            return
        oficinas = sorted({self.modelo.filas[f][COLUMNA["oficina_origen"]] for f in filas})
        que = f"«{self.modelo.filas[filas[0]][COLUMNA['titulo']][:60]}»" if len(filas) == 1 else plural(len(filas), "acción", "acciones")
        nota = dialogos.pedir_texto(self, "Observar", f"Observación para {que} de {', '.join(oficinas)}.\nViaja a su oficina de origen "
                                    "en el siguiente acuse; solo esa oficina puede corregir o anular:", aceptar="&Enviar en el próximo acuse")
        if nota is None or not nota.strip():
            self.resumen.setText("No se envió ninguna observación." if nota is None else
                                 "No se envió: escriba el texto de la observación (es obligatorio).")
            return
        ids = [self._id(f) for f in filas]
        self._decidir(lambda s: observar_varias(s, ids, nota, self._quien()))

    def aceptar(self) -> None:
        filas = self.elegidas()
        if not filas:
            self.resumen.setText("Seleccione primero una o varias acciones (con Mayús o Ctrl) para aceptarlas.")
            return
        ids = [self._id(f) for f in filas]
        if len(ids) > 1 and not dialogos.confirmar(
                self, "Aceptar", f"Se aceptarán {plural(len(ids), 'acción', 'acciones')} en su revisión actual.", "&Aceptar",
                detalle="Si esta oficina les dejó una observación que aún no sale en un acuse, se retira.", peligro=False):
            self.resumen.setText("No se aceptó nada.")
            return
        self._decidir(lambda s: aceptar(s, ids, self._quien()))

    def _decidir(self, trabajo) -> None:
        try:
            with self.ctx.base.transaccion() as s:
                hecho = trabajo(s)
        except EntradaRechazada as e:
            self.resumen.setText(f"No se guardó: {e}")
            return
        self.filtrar()
        self.resumen.setText(f"{hecho['texto']} Quedan {plural(self.modelo.total, 'acción', 'acciones')} con este filtro.")

    def mostrar_ficha(self, id_accion: str) -> None:
        with self.ctx.base.transaccion() as s:
            lineas = ficha(s, id_accion, self.nombres)
        if lineas is None:
            self.resumen.setText("La acción ya no está en la base: actualice la lista.")
            return
        dialogo = QDialog(self)
        dialogo.setWindowTitle("Ficha de revisión de la acción")
        dialogo.setObjectName("dialogoFicha")
        capa = QVBoxLayout(dialogo)
        texto = nombrar(QPlainTextEdit(), "texto_ficha")
        texto.setAccessibleName("Ficha de revisión de la acción")
        texto.setReadOnly(True)
        texto.setPlainText("\n".join(lineas))
        capa.addWidget(texto)
        cerrar = nombrar(QPushButton("&Cerrar"), "cerrar_ficha")
        cerrar.clicked.connect(dialogo.close)
        capa.addWidget(cerrar, 0, Qt.AlignmentFlag.AlignRight)
        dialogo.resize(860, 560)
        self.dialogo_ficha = dialogo
        dialogo.show()

    def exportar(self) -> None:
        destino = self.elegir_destino(f"acciones-{self.modelo.filtro.periodo or 'todas'}.xlsx")
        if not destino:
            return
        from reportes.lista_acciones import exportar_lista  # openpyxl se carga al exportar

        filtro, orden, descendente = self.modelo.filtro, self.modelo.orden, self.modelo.descendente
        nombres = {**self.modelo.nombres, "entidad": self.nombres["entidad"], "estado_revision": {"": "—"}}  # en el libro, «Chiapas»
        self.dialogo_exportar = DialogoProgreso(self, "Exportar la lista", "Escribiendo filas:")

        def trabajo(progreso):
            with self.ctx.base.transaccion() as s:
                return exportar_lista(s, filtro, orden, descendente, Path(destino), nombres, progreso)

        def listo(n: int) -> None:
            self.dialogo_exportar.cerrar()
            self.exportado = Path(destino)
            self.resumen.setText(f"Lista exportada: {plural(n, 'acción', 'acciones')} en {destino}")

        def fallo(error: Exception) -> None:
            self.dialogo_exportar.cerrar()
            self.resumen.setText(f"No se exportó la lista: {error}")

        correr(trabajo, listo, fallo, progreso=self.dialogo_exportar.avance)

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

