"""Página Captura: el formulario valida mientras se escribe, muestra errores y avisos y guarda con el teclado."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from base_local.acciones import PeriodoCerrado, accion_a_dict
from base_local.consultas_catalogo import leer_catalogos
from base_local.evidencias import EvidenciaNoDisponible, copia_para_abrir, guardar_evidencia
from base_local.modelos import Accion, Ajuste, Observacion
from base_local.periodos import estado_de, periodo_de
from empaquetado.acuses import quien_observa, resultado_de
from escritorio import archivos, borradores, dialogos
from escritorio.contexto import ContextoApp
from escritorio.controles import mnemonicos_unicos, nombrar
from escritorio.formulario_accion import FormularioAccion
from escritorio.trabajos import correr
from formularios.campos import etiqueta
from formularios.duplicados import buscador
from formularios.reglas import Contexto, Mensaje, validar
from formularios.servicio import guardar


class PaginaCaptura(QWidget):
    guardada = Signal(str)

    def __init__(self, ctx: ContextoApp, quien: str = "Capturista") -> None:
        super().__init__()
        self.setObjectName("pagina_captura")
        self.ctx, self.quien = ctx, quien
        self.oficina = ctx.oficina()
        with ctx.base.transaccion() as s:
            self.catalogos = leer_catalogos(s)
            version = s.get(Ajuste, "version_catalogos")
            self.version_catalogos = version.valor if version else ""
        self.id_actual: str | None = None
        self.reconocidos: set[str] = set()
        self.mensajes_actuales: list[Mensaje] = []
        self.sucio = False
        self.inicial: dict[str, Any] = {}
        self.revision_guardada: int | None = None
        self.confirmar = lambda texto: dialogos.confirmar(self, "Descartar cambios", texto, "&Descartar los cambios", "&No, seguir editando")
        self.elegir_evidencias = lambda: archivos.elegir_para_abrir(self, ctx, "Adjuntar evidencias", varios=True)
        self.elegir_destino_plantilla = lambda: archivos.elegir_para_guardar(self, ctx, "Guardar plantilla", "plantilla-acciones.xlsx", "Excel (*.xlsx)")
        self.elegir_excel = lambda: next(iter(archivos.elegir_para_abrir(self, ctx, "Cargar acciones desde Excel", "Excel (*.xlsx)")), "")
        self.mostrar_informe = lambda texto: dialogos.avisar(self, "Carga desde Excel", texto[:4000])
        self.carga_parcial = False
        self.resultado_excel = ""
        capa = QHBoxLayout(self)
        izquierda = QVBoxLayout()
        self.encabezado = nombrar(QLabel("Nueva acción"), "encabezado_captura")
        izquierda.addWidget(self.encabezado)
        self.aviso_borradores = nombrar(QLabel(), "aviso_borradores")  # al abrir: hay trabajo a medias
        self.aviso_borradores.setWordWrap(True)
        self.aviso_borradores.setProperty("nivel", "aviso")
        izquierda.addWidget(self.aviso_borradores)
        self.desplazable = desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._formulario()
        izquierda.addWidget(desplazable, 1)
        capa.addLayout(izquierda, 1)
        lateral = QWidget()
        lateral.setLayout(self._panel())
        lateral.setFixedWidth(320)  # con ancho fijo, un mensaje largo no angosta el formulario ni esconde sus cifras
        capa.addWidget(lateral)
        mnemonicos_unicos(self)
        self.temporizador = QTimer(self)
        self.temporizador.setSingleShot(True)
        self.temporizador.setInterval(250)
        self.temporizador.timeout.connect(self.validar)
        self.atajos: dict[str, QShortcut] = {}
        for tecla, accion in (("Ctrl+B", self.mostrar_borradores), ("Ctrl+S", self.guardar_lista), ("Ctrl+Return", self.guardar_y_nueva),
                              ("Ctrl+Enter", self.guardar_y_nueva), ("Ctrl+N", self.nueva), ("Escape", self.descartar)):
            atajo = QShortcut(QKeySequence(tecla), self)
            atajo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            atajo.activated.connect(accion)
            self.atajos[tecla] = atajo
        self.nueva(preguntar=False)
        self.contar_borradores()

    def contar_borradores(self) -> int:
        n = borradores.contar(self.ctx)
        self.aviso_borradores.setText(borradores.aviso(n))
        self.aviso_borradores.setVisible(bool(n))
        return n

    def mostrar_borradores(self) -> None:
        """La lista de borradores: «Continuar» abre el elegido aquí (lo que se capturaba queda antes como borrador)."""
        self.dialogo_borradores = borradores.DialogoBorradores(self.ctx, self.abrir, self)
        self.dialogo_borradores.open()

    def _formulario(self) -> None:
        self.formulario = FormularioAccion(self.catalogos, self.oficina.jurisdiccion)
        self.desplazable.setWidget(self.formulario)
        self.formulario.cambio.connect(self._cambio)
        self.formulario.boton_adjuntar.clicked.connect(self.adjuntar)
        self.formulario.boton_abrir.clicked.connect(self.abrir_evidencia)

    def releer_catalogos(self) -> None:
        """Tras una actualización de catálogos (o una restauración), el formulario ofrece los de la base; lo que se
        estaba capturando sigue en él."""
        with self.ctx.base.transaccion() as s:
            version = s.get(Ajuste, "version_catalogos")
            if (version.valor if version else "") == self.version_catalogos:
                return
            catalogos, self.version_catalogos = leer_catalogos(s), version.valor if version else ""
        datos, sucio, inicial = self.formulario.valores(), self.sucio, self.inicial
        self.catalogos = catalogos
        self._formulario()
        self.formulario.cargar(datos)
        mnemonicos_unicos(self)
        self.sucio, self.inicial = sucio, inicial
        self.validar()

    def _panel(self) -> QVBoxLayout:
        panel = QVBoxLayout()
        guia = QLabel("<b>Revisión mientras escribe</b> (clic o Intro en un mensaje lleva al campo; marque los avisos para reconocerlos):")
        guia.setWordWrap(True)
        panel.addWidget(guia)
        self.lista = nombrar(QListWidget(), "mensajes")
        self.lista.setWordWrap(True)
        self.lista.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lista.itemActivated.connect(self._ir_al_campo)
        self.lista.itemClicked.connect(self._ir_al_campo)
        self.lista.itemChanged.connect(self._reconocer)
        panel.addWidget(self.lista, 1)
        self.observaciones = nombrar(QLabel(), "observaciones")
        self.observaciones.setWordWrap(True)
        self.observaciones.setProperty("nivel", "aviso")
        panel.addWidget(self.observaciones)
        self.estado = nombrar(QLabel(), "estado_guardado")
        self.estado.setWordWrap(True)
        panel.addWidget(self.estado)
        self.botones: dict[str, QPushButton] = {}
        for clave, texto, accion in (("guardar_lista", "&Guardar como lista (Ctrl+S)", self.guardar_lista),
                                     ("guardar_y_nueva", "Guardar y &nueva (Ctrl+Intro)", self.guardar_y_nueva),
                                     ("guardar_borrador", "Guardar &borrador", self.guardar_borrador),
                                     ("nueva", "Acción nueva (Ctrl+N)", self.nueva),
                                     ("borradores", "Borradores… (Ctrl+B)", self.mostrar_borradores),
                                     ("plantilla_excel", "Plantilla de &Excel…", self.guardar_plantilla),
                                     ("cargar_excel", "&Cargar desde Excel…", self.cargar_excel)):
            boton = nombrar(QPushButton(texto), clave)
            boton.clicked.connect(accion)
            self.botones[clave] = boton
            panel.addWidget(boton)
        return panel

    # --- validación --------------------------------------------------------------------------

    def _cambio(self) -> None:
        self.sucio = True
        self.temporizador.start()

    def datos(self) -> dict[str, Any]:
        datos = self.formulario.valores()
        datos["id"] = self.id_actual
        datos["avisos_reconocidos"] = sorted(self.reconocidos)
        return datos

    def validar(self) -> list[Mensaje]:
        with self.ctx.base.transaccion() as s:
            ctx = Contexto(self.catalogos, self.oficina.jurisdiccion, buscar_duplicados=buscador(s, self.oficina.clave))
            _, mensajes = validar(self.datos(), ctx)
        self.mostrar_mensajes(mensajes)
        return mensajes

    def mostrar_mensajes(self, mensajes: list[Mensaje]) -> None:
        self.mensajes_actuales = mensajes
        self.lista.blockSignals(True)
        self.lista.clear()
        for control in self.formulario.controles.values():
            if control.property("nivel"):
                control.setProperty("nivel", None)
                control.setToolTip("")
                control.style().polish(control)
        for m in mensajes:
            simbolo = "Error" if m.es_error else "Aviso"
            item = QListWidgetItem(f"{simbolo} — {etiqueta(m.campo)}: {m.texto}")
            item.setData(Qt.ItemDataRole.UserRole, m.campo)
            item.setData(Qt.ItemDataRole.UserRole + 1, m.codigo)
            item.setForeground(Qt.GlobalColor.darkRed if m.es_error else Qt.GlobalColor.darkYellow)
            if not m.es_error:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if m.codigo in self.reconocidos else Qt.CheckState.Unchecked)
                item.setToolTip("Marque la casilla para reconocer el aviso (queda guardado con el registro).")
            self.lista.addItem(item)
            control = self.formulario.controles.get(m.campo)
            if control is not None:
                control.setProperty("nivel", m.nivel)
                control.setToolTip(m.texto)
                control.style().polish(control)
        if not mensajes:
            self.lista.addItem("Sin errores ni avisos: puede guardarla como lista.")
        self.lista.blockSignals(False)

    def _ir_al_campo(self, item: QListWidgetItem) -> None:
        control = self.formulario.controles.get(item.data(Qt.ItemDataRole.UserRole) or "")
        if control is not None:
            control.setFocus(Qt.FocusReason.OtherFocusReason)
            for padre in (self.formulario.parentWidget(), self.formulario.parentWidget().parentWidget()):
                if isinstance(padre, QScrollArea):
                    padre.ensureWidgetVisible(control)

    def _reconocer(self, item: QListWidgetItem) -> None:
        codigo = item.data(Qt.ItemDataRole.UserRole + 1)
        if codigo:
            (self.reconocidos.add if item.checkState() == Qt.CheckState.Checked else self.reconocidos.discard)(codigo)
            self.sucio = True

    # --- guardar, nueva, descartar --------------------------------------------------------

    def hay_cambios(self) -> bool:
        """Cambios sin guardar de verdad: teclear y borrar lo mismo no cuenta."""
        return self.sucio and self.formulario.isEnabled() and self.datos() != self.inicial

    def guardar_pendiente(self) -> bool:
        """Antes de dejar la acción (cerrar, cambiar de página, otra acción): sus cambios quedan como borrador.

        Como el guardado automático de Kobo u ODK, no se pregunta nada. Solo si ni como borrador se puede guardar
        (un valor imposible, un periodo cerrado) se pregunta si se descartan; devuelve False si la persona sigue aquí.
        """
        if not self.hay_cambios():
            return True
        if self._guardar(lista=False):
            self.estado.setText(f"Sus cambios se guardaron como borrador (revisión {self.revision_guardada}): "
                                "lo encuentra en Acciones, con estado «borrador».")
            return True
        return self.confirmar(f"{self.estado.text()}\n\nLos cambios no se pudieron guardar ni como borrador. ¿Descartarlos?")

    def _guardar(self, lista: bool) -> bool:
        self.temporizador.stop()
        try:
            with self.ctx.base.transaccion() as s:
                ctx = Contexto(self.catalogos, self.oficina.jurisdiccion, buscar_duplicados=buscador(s, self.oficina.clave))
                resultado = guardar(s, self.datos(), ctx, self.oficina, quien=self.quien, lista=lista)
        except PeriodoCerrado as e:
            self.estado.setText(str(e))
            return False
        self.mostrar_mensajes(resultado.mensajes)
        if not resultado.guardado:
            self.estado.setText(f"No se guardó. {resultado.motivo}")
            primero = next((m for m in resultado.mensajes if m.es_error or m.codigo not in self.reconocidos), None)
            if primero is not None and self.lista.count():
                self._ir_al_campo(self.lista.item(resultado.mensajes.index(primero)))
            return False
        self.id_actual = resultado.id
        self.revision_guardada = resultado.revision
        self.sucio = False
        self.inicial = self.datos()
        self.encabezado.setText(f"Acción guardada — revisión {resultado.revision}")
        self.estado.setText(f"Guardada como {resultado.estado} (revisión {resultado.revision}).")
        self.guardada.emit(resultado.id)
        return True

    def guardar_lista(self) -> bool:
        return self._guardar(lista=True)

    def guardar_borrador(self) -> bool:
        return self._guardar(lista=False)

    def guardar_y_nueva(self) -> None:
        if self._guardar(lista=True):
            self.nueva(preguntar=False)
            self.encabezado.setText("Nueva acción (la anterior quedó guardada como lista)")

    def nueva(self, preguntar: bool = True) -> None:
        """Formulario en blanco, arriba, con el foco en la fecha; lo que había sin guardar queda como borrador."""
        if preguntar and not self.guardar_pendiente():
            return
        self.id_actual = None
        self.reconocidos = set()
        self.formulario.cargar({"entidad": self.oficina.entidad, "municipio": self.oficina.municipio,
                                "unidad_conteo": "personas", "modalidad": "presencial"})
        self.formulario.setEnabled(True)
        self.habilitar_botones()
        self.encabezado.setText("Nueva acción")
        self.observaciones.setText("")
        self.formulario.mostrar_acuse("")
        self.estado.setText("")
        self._limpio()
        self.formulario.controles["fecha_inicio"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _limpio(self) -> None:
        """Tras cargar: nada pendiente, revisado y con el formulario arriba."""
        self.sucio = False
        self.inicial = self.datos()
        self.validar()
        self.desplazable.verticalScrollBar().setValue(0)

    def descartar(self) -> None:
        if not self.sucio:
            return
        if self.confirmar("¿Descartar los cambios que no ha guardado?"):
            if self.id_actual:
                self.abrir(self.id_actual)
            else:
                self.nueva(preguntar=False)

    def abrir(self, id_accion: str, como_nueva: bool = False) -> None:
        """Carga una acción; si su periodo está cerrado, queda de solo lectura."""
        if not self.guardar_pendiente():
            return
        with self.ctx.base.transaccion() as s:
            accion = s.get(Accion, id_accion)
            datos = accion_a_dict(accion)
            cerrado = accion.fecha_inicio is not None and estado_de(s, accion.oficina_origen, periodo_de(accion.fecha_inicio)) != "abierto"
            obs = [(quien_observa(o.oficina, self.oficina.clave), o.texto)
                   for o in s.query(Observacion).filter(Observacion.accion_id == id_accion).order_by(Observacion.creada_en)]
            resultado = "" if como_nueva else resultado_de(s, id_accion)
        self.formulario.cargar(datos)
        self.formulario.mostrar_acuse(resultado)
        self.id_actual = None if como_nueva else id_accion
        self.reconocidos = set() if como_nueva else set(datos.get("avisos_reconocidos") or [])
        solo_lectura = not como_nueva and (cerrado or datos["estado"] == "anulada")
        self.formulario.setEnabled(not solo_lectura)
        for boton in ("guardar_lista", "guardar_y_nueva", "guardar_borrador"):
            self.botones[boton].setEnabled(not solo_lectura)
        if como_nueva:
            self.encabezado.setText("Nueva acción (copia)")
        else:
            extra = " — solo lectura: periodo cerrado" if cerrado else (" — anulada" if datos["estado"] == "anulada" else "")
            self.encabezado.setText(f"Acción ({datos['estado']}, revisión {datos['revision']}){extra}")
        self.observaciones.setText("".join(f"Observación {quien}: {t}\n" for quien, t in obs))
        self.estado.setText("")
        self._limpio()

    def adjuntar(self) -> None:
        for ruta in self.elegir_evidencias():
            try:
                self.formulario.agregar_evidencia(guardar_evidencia(self.ctx.rutas.evidencias, Path(ruta)))
            except (OSError, ValueError) as e:
                self.estado.setText(f"No se adjuntó {Path(ruta).name}: {e}")

    def abrir_evidencia(self) -> None:
        fila = self.formulario.lista_evidencias.currentRow()
        if 0 <= fila < len(self.formulario.evidencias):
            try:  # una copia con la extensión de su tipo verificado: nunca un ejecutable ni un enlace
                copia = copia_para_abrir(self.ctx.rutas.evidencias, self.formulario.evidencias[fila]["sha256"],
                                         Path(tempfile.mkdtemp(prefix="evidencia-")))
            except (OSError, EvidenciaNoDisponible) as e:
                self.estado.setText(f"No se abrió la evidencia: {e}")
                return
            if problema := archivos.abrir(copia):
                self.estado.setText(problema)

    def guardar_plantilla(self) -> None:

        destino = self.elegir_destino_plantilla()
        if destino:
            from formularios.plantilla import escribir as escribir_plantilla  # openpyxl se carga al usarse

            escribir_plantilla(Path(destino), self.catalogos)
            self.estado.setText(f"Plantilla guardada en {destino}. Llénela desde la fila 3 y cárguela aquí.")

    def cargar_excel(self) -> None:
        archivo = self.elegir_excel()
        if not archivo:
            return
        self.estado.setText("Revisando el archivo…")
        self.botones["cargar_excel"].setEnabled(False)


        from formularios.carga_excel import cargar  # openpyxl se carga al usarse

        def trabajo():
            ctx = Contexto(self.catalogos, self.oficina.jurisdiccion)
            with self.ctx.base.transaccion() as s:
                return cargar(s, Path(archivo), ctx, self.oficina, quien=self.quien, parcial=self.carga_parcial)

        correr(trabajo, self._excel_cargado, self._excel_fallo)

    def _excel_cargado(self, r) -> None:
        self.botones["cargar_excel"].setEnabled(True)
        lineas = [p.texto() if p.nivel == "error" else f"Aviso — {p.texto()}" for p in r.problemas]
        if r.cargado:
            resumen = f"Cargadas {r.nuevas} nuevas, {r.actualizadas} actualizadas, {r.sin_cambios} sin cambios; {r.con_errores} filas con errores no se cargaron."
        else:
            resumen = f"No se cargó nada: {r.con_errores} de {r.filas} filas tienen errores. Corríjalas en la copia revisada y vuelva a cargarla."
        self.resultado_excel = f"{resumen}\nCopia con la columna de errores: {r.copia}\n\n" + "\n".join(lineas)
        self.estado.setText(resumen)
        self.guardada.emit("")
        self.mostrar_informe(self.resultado_excel)

    def _excel_fallo(self, error: Exception) -> None:
        self.botones["cargar_excel"].setEnabled(True)
        self.resultado_excel = str(error)
        self.estado.setText(f"No se cargó el archivo: {error}")

    def habilitar_botones(self) -> None:
        for boton in self.botones.values():
            boton.setEnabled(True)
