"""Ventana principal: navegación entre páginas y barra de estado con oficina, periodo y pendientes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from base_local.periodos import periodo_de
from base_local.resumen import resumen_oficina
from escritorio import borradores
from escritorio.accesibilidad import nombrar_controles
from escritorio.contexto import ContextoApp
from escritorio.controles import mnemonicos_unicos
from escritorio.pagina_acciones import PaginaAcciones
from escritorio.pagina_captura import PaginaCaptura
from escritorio.pagina_configuracion import PaginaConfiguracion
from escritorio.pagina_conflictos import PaginaConflictos
from escritorio.pagina_duplicados import PaginaDuplicados
from escritorio.pagina_envios import PaginaEnvios
from escritorio.pagina_recepcion import PaginaRecepcion
from escritorio.pagina_reportes import PaginaReportes
from escritorio.pagina_revision import PaginaRevision
from escritorio.pagina_tablero import PaginaTablero
from escritorio.paginas import PaginaInicio, PaginaPendiente

SECCIONES: tuple[str, ...] = ("Inicio", "Captura", "Acciones", "Envíos/Recepción", "Reportes", "Revisión", "Configuración")
PENDIENTES: dict[str, str] = {}


class EtiquetaRecortada(QLabel):
    """Texto de la barra de estado que nunca ensancha la ventana: se recorta con «…» y el completo queda en la ayuda."""

    def __init__(self, nombre: str) -> None:
        super().__init__()
        self.setObjectName(nombre)
        self.completo = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(80)

    def poner(self, texto: str) -> None:
        self.completo = texto
        self.setToolTip(texto)
        self.setAccessibleName(texto)
        self._recortar()

    def resizeEvent(self, evento) -> None:  # noqa: N802
        super().resizeEvent(evento)
        self._recortar()

    def _recortar(self) -> None:
        self.setText(QFontMetrics(self.font()).elidedText(self.completo, Qt.TextElideMode.ElideRight, max(self.width(), 80)))


class VentanaPrincipal(QMainWindow):
    def __init__(self, ctx: ContextoApp, hoy: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.hoy = hoy or date.today()
        self.setWindowTitle("Registro de Acciones — Frontera Sur")
        self.setObjectName("ventanaPrincipal")
        self.resize(1280, 720)
        self.estado_oficina = EtiquetaRecortada("estadoOficina")
        self.estado_periodo = EtiquetaRecortada("estadoPeriodo")
        self.estado_pendientes = EtiquetaRecortada("estadoPendientes")
        for etiqueta, peso in ((self.estado_oficina, 3), (self.estado_periodo, 1), (self.estado_pendientes, 1)):
            self.statusBar().addPermanentWidget(etiqueta, peso)
        centro = QWidget()
        capa = QHBoxLayout(centro)
        self.navegacion = QListWidget()
        self.navegacion.setObjectName("navegacion")
        self.navegacion.setAccessibleName("Navegación")
        self.navegacion.setFixedWidth(190)
        self.paginas = QStackedWidget()
        hay_oficina = ctx.oficina() is not None
        self.inicio = PaginaTablero(ctx, self.hoy) if hay_oficina else PaginaInicio()
        self.envios = PaginaEnvios(ctx) if hay_oficina else None
        self.recepcion = PaginaRecepcion(ctx) if hay_oficina else None
        self.conflictos = PaginaConflictos(ctx) if hay_oficina else None
        central_o_estatal = hay_oficina and ctx.oficina().tipo != "municipal"  # solo ellas reciben paquetes
        self.duplicados = PaginaDuplicados(ctx) if central_o_estatal else None
        self.configuracion = PaginaConfiguracion(ctx) if hay_oficina else None
        self.captura = PaginaCaptura(ctx) if hay_oficina else None
        self.acciones = PaginaAcciones(ctx) if hay_oficina else None
        self.reportes = PaginaReportes(ctx) if hay_oficina else None
        self.revision = PaginaRevision(ctx, self.hoy) if hay_oficina else None
        if hay_oficina:
            self.acciones.abrir.connect(self.abrir_accion)
            self.captura.guardada.connect(lambda _id: ctx.datos_cambiados.emit())
            self.configuracion.restaurada.connect(self._restaurada)
            self.revision.abrir_celda.connect(self.ir_a_acciones)
            ctx.datos_cambiados.connect(self.releer_todo)
        if self.duplicados is not None and isinstance(self.inicio, PaginaTablero):
            self.inicio.ver_duplicados.connect(self.ir_a_duplicados)
        for titulo in SECCIONES:
            self.navegacion.addItem(titulo)
            self.paginas.addWidget(self._pagina(titulo, hay_oficina))
        self.anterior = 0
        self.navegacion.currentRowChanged.connect(self._cambiar)
        self.navegacion.setCurrentRow(0)
        self._atajos(hay_oficina)
        self._menu_ayuda()
        capa.addWidget(self.navegacion)
        capa.addWidget(self.paginas, 1)
        self.setCentralWidget(centro)
        nombrar_controles(self)
        self.actualizar()
        if self.captura is not None and (n := self.captura.contar_borradores()):
            self.statusBar().showMessage(borradores.aviso(n), 30_000)  # al abrir: hay capturas a medias

    def _pagina(self, titulo: str, hay_oficina: bool) -> QWidget:
        if titulo == "Inicio":
            return self.inicio
        if titulo in PENDIENTES or not hay_oficina:
            return PaginaPendiente(titulo, PENDIENTES.get(titulo, "Inicialice primero la oficina de esta carpeta."))
        if titulo == "Captura":
            return self.captura
        if titulo == "Acciones":
            return self.acciones
        if titulo == "Reportes":
            return self.reportes
        if titulo == "Revisión":
            return self.revision
        if titulo == "Envíos/Recepción":
            pestanas = QTabWidget()
            pestanas.setObjectName("pestanasEnvios")
            pestanas.addTab(self.envios, "Envíos")
            pestanas.addTab(self.recepcion, "Recepción")
            pestanas.addTab(self.conflictos, "Conflictos")
            if self.duplicados is not None:
                pestanas.addTab(self.duplicados, "Posibles duplicados")
            pestanas.currentChanged.connect(lambda _: self.conflictos.actualizar())
            self.pestanas_envios = pestanas
            return pestanas
        return self.configuracion

    def _atajos(self, hay_oficina: bool) -> None:
        """Ctrl+1…7 cambian de sección y Ctrl+N abre una acción nueva desde cualquier página."""
        for i in range(len(SECCIONES)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self).activated.connect(lambda i=i: self.navegacion.setCurrentRow(i))
        for i in range(self.paginas.count()):
            pagina = self.paginas.widget(i)
            for parte in ([pagina.widget(j) for j in range(pagina.count())] if isinstance(pagina, QTabWidget) else [pagina]):
                mnemonicos_unicos(parte)  # cada pestaña se ve sola: sus letras solo deben ser únicas en ella
        if hay_oficina:
            self.captura.atajos["Ctrl+N"].setEnabled(False)  # el de la ventana lo sustituye (dos serían ambiguos)
            QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.nueva_accion)

    def _menu_ayuda(self) -> None:
        """Menú Ayuda y F1: la guía, abierta en la sección de la página a la vista (sin conexión)."""
        menu = self.menuBar().addMenu("Ay&uda")
        guia = QAction("&Guía de esta página", self)
        guia.setObjectName("accionAyuda")
        guia.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
        guia.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        guia.triggered.connect(self.ayuda)
        menu.addAction(guia)
        self.addAction(guia)

    def pagina_actual(self) -> QWidget:
        pagina = self.paginas.currentWidget()
        return pagina.currentWidget() if isinstance(pagina, QTabWidget) else pagina

    def ayuda(self) -> None:
        from escritorio.ayuda import VentanaAyuda

        if getattr(self, "ventana_ayuda", None) is None:
            self.ventana_ayuda = VentanaAyuda(self)
        self.ventana_ayuda.show()
        self.ventana_ayuda.ir_a(self.pagina_actual().objectName())
        self.ventana_ayuda.raise_()
        self.ventana_ayuda.activateWindow()

    def nueva_accion(self) -> None:
        self.navegacion.setCurrentRow(SECCIONES.index("Captura"))
        if self.paginas.currentWidget() is self.captura:
            self.captura.nueva()

    def closeEvent(self, evento: QCloseEvent) -> None:  # noqa: N802
        """Al cerrar, lo que se capturaba queda como borrador (o se pregunta, si ni así se puede guardar)."""
        if self.captura is not None and not self.captura.guardar_pendiente():
            self.navegacion.setCurrentRow(SECCIONES.index("Captura"))
            evento.ignore()
            return
        super().closeEvent(evento)

    def _cambiar(self, fila: int) -> None:
        sale_de_captura = self.captura is not None and self.paginas.widget(self.anterior) is self.captura
        if sale_de_captura and fila != self.anterior and not self.captura.guardar_pendiente():
            self.navegacion.setCurrentRow(self.anterior)  # la persona decidió seguir editando
            return
        misma, self.anterior = fila == self.anterior, fila
        self.releer_todo(visibles=misma)  # la página que se va a mostrar se lee al mostrarse (una vez, no dos)
        self.paginas.setCurrentIndex(fila)
        if self.acciones is not None and self.paginas.currentWidget() is self.acciones:
            self.acciones.filtrar(oficina="")  # al llegar por la navegación, sin la oficina fijada desde Revisión

    def abrir_accion(self, id_accion: str, como_nueva: bool) -> None:
        self.captura.abrir(id_accion, como_nueva)
        self.navegacion.setCurrentRow(SECCIONES.index("Captura"))

    def _restaurada(self) -> None:
        """Tras restaurar un respaldo, ninguna página muestra datos de la base anterior («aprobado», conflictos…)."""
        if isinstance(self.inicio, PaginaTablero):
            self.inicio.mensaje.clear()
        self.ctx.datos_cambiados.emit()

    def releer_todo(self, visibles: bool = True) -> None:
        """La base cambió (importar, exportar, acuse, aprobación, restauración, catálogos, guardado): la página a la
        vista se vuelve a leer ya y las demás al mostrarse; la barra de estado, también ya."""
        for pagina in (self.inicio, self.envios, self.acciones):
            if hasattr(pagina, "cargada"):
                pagina.cargada = False
                if visibles and pagina.isVisible():
                    (pagina.filtrar if pagina is self.acciones else pagina.actualizar)()
        if self.captura is not None:
            self.captura.releer_catalogos()
            self.captura.contar_borradores()
        if self.conflictos is not None:
            self.conflictos.actualizar()  # una consulta corta; su pestaña no se relee al mostrarse
        if visibles and self.duplicados is not None and self.duplicados.isVisible():
            self.duplicados.actualizar()  # oculta, se relee al mostrarse
        if visibles and self.revision is not None and self.revision.isVisible():
            self.revision.actualizar()  # oculta, se calcula al mostrarse
        self.actualizar()

    def ir_a_acciones(self, oficina: str, trimestre: str) -> None:
        """Desde una celda de Revisión: Acciones con los registros de esa oficina y ese trimestre."""
        self.navegacion.setCurrentRow(SECCIONES.index("Acciones"))
        if self.paginas.currentWidget() is self.acciones:
            self.acciones.filtrar(oficina=oficina, trimestre=trimestre)

    def ir_a_duplicados(self) -> None:
        """Desde el tablero: la página de posibles duplicados, con las pendientes a la vista."""
        self.navegacion.setCurrentRow(SECCIONES.index("Envíos/Recepción"))
        if self.paginas.currentWidget() is self.pestanas_envios:
            self.pestanas_envios.setCurrentWidget(self.duplicados)

    def actualizar(self) -> None:
        """La barra de estado (y el Inicio de una carpeta sin oficina) con lo que hay en la base."""
        with self.ctx.base.transaccion() as s:
            resumen = resumen_oficina(s)
        if not isinstance(self.inicio, PaginaTablero):
            self.inicio.mostrar(resumen)
        oficina = resumen.get("oficina")
        self.estado_oficina.poner(f"Oficina: {oficina} — {resumen['nombre']}" if oficina else "Sin oficina")
        self.estado_periodo.poner(f"Periodo: {periodo_de(self.hoy)}")
        self.estado_pendientes.poner(f"Pendientes de envío: {resumen.get('pendientes_de_envio', 0):,}")
