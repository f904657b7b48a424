"""Ventana principal: navegación entre páginas y barra de estado con oficina, periodo y pendientes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

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

from base_local.oficinas import oficina_local
from base_local.periodos import periodo_de
from base_local.resumen import pendientes_de_envio, resumen_oficina
from escritorio import borradores
from escritorio.accesibilidad import nombrar_controles
from escritorio.contexto import ContextoApp
from escritorio.controles import mnemonicos_unicos
from escritorio.pagina_tablero import PaginaTablero
from escritorio.paginas import PaginaInicio, PaginaPendiente

if TYPE_CHECKING:
    from escritorio.pagina_acciones import PaginaAcciones
    from escritorio.pagina_captura import PaginaCaptura
    from escritorio.pagina_configuracion import PaginaConfiguracion
    from escritorio.pagina_conflictos import PaginaConflictos
    from escritorio.pagina_duplicados import PaginaDuplicados
    from escritorio.pagina_envios import PaginaEnvios
    from escritorio.pagina_recepcion import PaginaRecepcion
    from escritorio.pagina_reportes import PaginaReportes
    from escritorio.pagina_revision import PaginaRevision

SECCIONES: tuple[str, ...] = ("Inicio", "Captura", "Acciones", "Envíos/Recepción", "Reportes", "Revisión", "Configuración")
PENDIENTES: dict[str, str] = {}
PESTANAS_ENVIOS = (("envios", "Envíos"), ("recepcion", "Recepción"), ("conflictos", "Conflictos"),
                   ("duplicados", "Posibles duplicados"))  # la última, solo en la central y la estatal
# La sección de cada página que se construye al pedirse.
SECCION_DE: dict[str, int] = {
    "captura": SECCIONES.index("Captura"), "acciones": SECCIONES.index("Acciones"),
    **dict.fromkeys(("envios", "recepcion", "conflictos", "duplicados", "pestanas_envios"), SECCIONES.index("Envíos/Recepción")),
    "reportes": SECCIONES.index("Reportes"), "revision": SECCIONES.index("Revisión"),
    "configuracion": SECCIONES.index("Configuración"),
}


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


def _reemplazar(contenedor: QStackedWidget | QTabWidget, vacia: QWidget, pagina: QWidget, texto: str = "") -> None:
    """Pone `pagina` en el lugar de `vacia`; si el marco vacío estaba a la vista, la página queda a la vista, y si no,
    la que se veía sigue a la vista (sin que se muestre otra entretanto)."""
    anterior = contenedor.currentWidget()
    indice = contenedor.indexOf(vacia)
    if isinstance(contenedor, QTabWidget):
        contenedor.insertTab(indice, pagina, texto)
    else:
        contenedor.insertWidget(indice, pagina)
    contenedor.setCurrentWidget(pagina if anterior is vacia else anterior)
    if isinstance(contenedor, QTabWidget):
        contenedor.removeTab(contenedor.indexOf(vacia))
    else:
        contenedor.removeWidget(vacia)
    vacia.deleteLater()


def _pagina_de_envios(nombre: str, ctx: ContextoApp) -> QWidget:
    """Una de las pestañas de Envíos/Recepción; su módulo se carga aquí, la primera vez que se abre."""
    if nombre == "envios":
        from escritorio.pagina_envios import PaginaEnvios

        return PaginaEnvios(ctx)
    if nombre == "recepcion":
        from escritorio.pagina_recepcion import PaginaRecepcion

        return PaginaRecepcion(ctx)
    if nombre == "conflictos":
        from escritorio.pagina_conflictos import PaginaConflictos

        return PaginaConflictos(ctx)
    from escritorio.pagina_duplicados import PaginaDuplicados

    return PaginaDuplicados(ctx)


class VentanaPrincipal(QMainWindow):
    """Navegación entre secciones. Al abrir se construye solo el Inicio; cada otra página se construye (y lee la base)
    la primera vez que se muestra o que se pide por su atributo (`ventana.acciones`…): así la ventana aparece pronto
    aun con cien mil acciones en la base."""

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
        oficina = ctx.oficina()
        hay_oficina = oficina is not None
        self.recibe = hay_oficina and oficina.tipo != "municipal"  # solo la central y la estatal reciben paquetes
        self._hechas: dict[str, QWidget] = {}  # las páginas ya construidas, por su atributo
        self._vacias: dict[int, QWidget] = {}  # el marco vacío de cada sección aún sin construir
        self._pestanas_vacias: dict[str, QWidget] = {}  # y el de cada pestaña de Envíos/Recepción
        self.inicio = PaginaTablero(ctx, self.hoy) if hay_oficina else PaginaInicio()
        if hay_oficina:
            ctx.datos_cambiados.connect(self.releer_todo)
        if self.recibe:
            self.inicio.ver_duplicados.connect(self.ir_a_duplicados)
        for fila, titulo in enumerate(SECCIONES):
            self.navegacion.addItem(titulo)
            if titulo == "Inicio":
                pagina = self.inicio
            elif titulo in PENDIENTES or not hay_oficina:
                pagina = PaginaPendiente(titulo, PENDIENTES.get(titulo, "Inicialice primero la oficina de esta carpeta."))
            else:
                pagina = self._vacias[fila] = QWidget()
            if fila not in self._vacias:
                mnemonicos_unicos(pagina)
            self.paginas.addWidget(pagina)
        self.anterior = 0
        self.navegacion.setCurrentRow(0)
        self.navegacion.currentRowChanged.connect(self._cambiar)
        self._atajos(hay_oficina)
        self._menu_ayuda()
        capa.addWidget(self.navegacion)
        capa.addWidget(self.paginas, 1)
        self.setCentralWidget(centro)
        nombrar_controles(self)
        self.actualizar()
        if hay_oficina and (n := borradores.contar(ctx)):
            self.statusBar().showMessage(borradores.aviso(n), 30_000)  # al abrir: hay capturas a medias

    # --- Páginas construidas al pedirse ------------------------------------------------------------------------------

    @property
    def captura(self) -> PaginaCaptura | None:
        return self._pedir("captura")

    @property
    def acciones(self) -> PaginaAcciones | None:
        return self._pedir("acciones")

    @property
    def envios(self) -> PaginaEnvios | None:
        return self._pedir("envios")

    @property
    def recepcion(self) -> PaginaRecepcion | None:
        return self._pedir("recepcion")

    @property
    def conflictos(self) -> PaginaConflictos | None:
        return self._pedir("conflictos")

    @property
    def duplicados(self) -> PaginaDuplicados | None:
        return self._pedir("duplicados")

    @property
    def pestanas_envios(self) -> QTabWidget | None:
        return self._pedir("pestanas_envios")

    @property
    def reportes(self) -> PaginaReportes | None:
        return self._pedir("reportes")

    @property
    def revision(self) -> PaginaRevision | None:
        return self._pedir("revision")

    @property
    def configuracion(self) -> PaginaConfiguracion | None:
        return self._pedir("configuracion")

    def _pedir(self, nombre: str) -> QWidget | None:
        """La página `nombre`, construida si aún no lo está; None si esta carpeta no la tiene (sin oficina, o los
        posibles duplicados en una municipal)."""
        if nombre not in self._hechas and SECCION_DE[nombre] in self._vacias:
            self._construir(SECCION_DE[nombre])
        if nombre in self._pestanas_vacias:
            self._construir_pestana(nombre)
        return self._hechas.get(nombre)

    def _construir(self, fila: int) -> None:
        """Pone la página de la sección `fila` en lugar de su marco vacío (si aún no estaba), con sus letras de acceso
        únicas y los nombres para el lector de pantalla, como las que se construyen al abrir."""
        vacia = self._vacias.pop(fila, None)
        if vacia is None:
            return
        pagina = self._fabricar(SECCIONES[fila])
        _reemplazar(self.paginas, vacia, pagina)
        if not isinstance(pagina, QTabWidget):  # las pestañas de Envíos/Recepción se reparten las suyas una a una
            mnemonicos_unicos(pagina)
        nombrar_controles(pagina)

    def _fabricar(self, titulo: str) -> QWidget:
        """Construye la página de una sección (sus módulos se cargan aquí, no al arrancar) y la conecta."""
        ctx, hechas = self.ctx, self._hechas
        if titulo == "Captura":
            from escritorio.pagina_captura import PaginaCaptura

            hechas["captura"] = captura = PaginaCaptura(ctx)
            captura.guardada.connect(lambda _id: ctx.datos_cambiados.emit())
            captura.atajos["Ctrl+N"].setEnabled(False)  # el de la ventana lo sustituye (dos serían ambiguos)
            return captura
        if titulo == "Acciones":
            from escritorio.pagina_acciones import PaginaAcciones

            hechas["acciones"] = acciones = PaginaAcciones(ctx)
            acciones.abrir.connect(self.abrir_accion)
            return acciones
        if titulo == "Reportes":
            from escritorio.pagina_reportes import PaginaReportes

            hechas["reportes"] = reportes = PaginaReportes(ctx)
            return reportes
        if titulo == "Revisión":
            from escritorio.pagina_revision import PaginaRevision

            hechas["revision"] = revision = PaginaRevision(ctx, self.hoy)
            revision.abrir_celda.connect(self.ir_a_acciones)
            return revision
        if titulo == "Envíos/Recepción":
            return self._envios_y_recepcion()
        from escritorio.pagina_configuracion import PaginaConfiguracion

        hechas["configuracion"] = configuracion = PaginaConfiguracion(ctx)
        configuracion.restaurada.connect(self._restaurada)
        return configuracion

    def _envios_y_recepcion(self) -> QTabWidget:
        """Las pestañas Envíos, Recepción, Conflictos y Posibles duplicados: cada una se construye al abrirse."""
        pestanas = QTabWidget()
        pestanas.setObjectName("pestanasEnvios")
        for nombre, texto in PESTANAS_ENVIOS:
            if nombre != "duplicados" or self.recibe:
                pestanas.addTab(self._pestanas_vacias.setdefault(nombre, QWidget()), texto)
        self._hechas["pestanas_envios"] = pestanas
        self._construir_pestana("envios")
        pestanas.currentChanged.connect(self._cambiar_pestana)
        return pestanas

    def _cambiar_pestana(self, indice: int) -> None:
        """La primera vez, construye la pestaña; y los conflictos se releen en cada cambio (una consulta corta)."""
        vacia = self._hechas["pestanas_envios"].widget(indice)
        nueva = next((n for n, w in self._pestanas_vacias.items() if w is vacia), None)
        if nueva is not None:
            self._construir_pestana(nueva)  # recién construida, ya leyó la base
        if nueva != "conflictos" and (conflictos := self._hechas.get("conflictos")) is not None:
            conflictos.actualizar()

    def _construir_pestana(self, nombre: str) -> None:
        """Pone la página `nombre` en su pestaña en lugar del marco vacío (si aún no estaba)."""
        vacia = self._pestanas_vacias.pop(nombre, None)
        if vacia is None:
            return
        pagina = self._hechas[nombre] = _pagina_de_envios(nombre, self.ctx)
        pestanas = self._hechas["pestanas_envios"]
        pestanas.blockSignals(True)  # no es un cambio de pestaña: la que se veía sigue a la vista
        _reemplazar(pestanas, vacia, pagina, pestanas.tabText(pestanas.indexOf(vacia)))
        pestanas.blockSignals(False)
        mnemonicos_unicos(pagina)  # cada pestaña se ve sola: sus letras solo deben ser únicas en ella
        nombrar_controles(pagina)

    # --- Atajos, ayuda y navegación ----------------------------------------------------------------------------------

    def _atajos(self, hay_oficina: bool) -> None:
        """Ctrl+1…7 cambian de sección y Ctrl+N abre una acción nueva desde cualquier página."""
        for i in range(len(SECCIONES)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self).activated.connect(lambda i=i: self.navegacion.setCurrentRow(i))
        if hay_oficina:
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
        captura = self._hechas.get("captura")
        if captura is not None and self.paginas.currentWidget() is captura:
            captura.nueva()

    def closeEvent(self, evento: QCloseEvent) -> None:  # noqa: N802
        """Al cerrar, lo que se capturaba queda como borrador (o se pregunta, si ni así se puede guardar)."""
        captura = self._hechas.get("captura")
        if captura is not None and not captura.guardar_pendiente():
            self.navegacion.setCurrentRow(SECCIONES.index("Captura"))
            evento.ignore()
            return
        super().closeEvent(evento)

    def _cambiar(self, fila: int) -> None:
        captura = self._hechas.get("captura")
        sale_de_captura = captura is not None and self.paginas.widget(self.anterior) is captura
        if sale_de_captura and fila != self.anterior and not captura.guardar_pendiente():
            self.navegacion.setCurrentRow(self.anterior)  # la persona decidió seguir editando
            return
        misma, self.anterior = fila == self.anterior, fila
        self.releer_todo(visibles=misma)  # la página que se va a mostrar se lee al mostrarse (una vez, no dos)
        self._construir(fila)  # la primera vez: construida aquí, ya con lo que hay en la base
        self.paginas.setCurrentIndex(fila)
        acciones = self._hechas.get("acciones")
        if acciones is not None and self.paginas.currentWidget() is acciones:
            acciones.filtrar(oficina="")  # al llegar por la navegación, sin la oficina fijada desde Revisión

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
        vista se vuelve a leer ya y las demás al mostrarse; la barra de estado, también ya. Las páginas aún sin
        construir no se tocan: leerán la base cuando se construyan."""
        hechas = self._hechas
        for pagina in (self.inicio, hechas.get("envios"), hechas.get("acciones")):
            if hasattr(pagina, "cargada"):
                pagina.cargada = False
                if visibles and pagina.isVisible():
                    (pagina.filtrar if pagina is hechas.get("acciones") else pagina.actualizar)()
        if (captura := hechas.get("captura")) is not None:
            captura.releer_catalogos()
            captura.contar_borradores()
        if (conflictos := hechas.get("conflictos")) is not None:
            conflictos.actualizar()  # una consulta corta; su pestaña no se relee al mostrarse
        for nombre in ("duplicados", "revision"):  # ocultas, se releen (o calculan) al mostrarse
            if visibles and (pagina := hechas.get(nombre)) is not None and pagina.isVisible():
                pagina.actualizar()
        self.actualizar()

    def ir_a_acciones(self, oficina: str, trimestre: str) -> None:
        """Desde una celda de Revisión: Acciones con los registros de esa oficina y ese trimestre."""
        self.navegacion.setCurrentRow(SECCIONES.index("Acciones"))
        acciones = self._hechas.get("acciones")
        if acciones is not None and self.paginas.currentWidget() is acciones:
            acciones.filtrar(oficina=oficina, trimestre=trimestre)

    def ir_a_duplicados(self) -> None:
        """Desde el tablero: la página de posibles duplicados, con las pendientes a la vista."""
        self.navegacion.setCurrentRow(SECCIONES.index("Envíos/Recepción"))
        pestanas = self._hechas.get("pestanas_envios")
        if pestanas is not None and self.paginas.currentWidget() is pestanas:
            pestanas.setCurrentWidget(self.duplicados)

    def actualizar(self) -> None:
        """La barra de estado (y el Inicio de una carpeta sin oficina) con lo que hay en la base. Con oficina, solo la
        oficina y la cuenta de pendientes (un índice): el tablero calcula sus cifras en segundo plano."""
        with self.ctx.base.transaccion() as s:
            oficina = oficina_local(s)
            pendientes = pendientes_de_envio(s) if oficina is not None else 0
            resumen = None if isinstance(self.inicio, PaginaTablero) else resumen_oficina(s)
        if resumen is not None:
            self.inicio.mostrar(resumen)
        self.estado_oficina.poner(f"Oficina: {oficina.clave} — {oficina.nombre}" if oficina else "Sin oficina")
        self.estado_periodo.poner(f"Periodo: {periodo_de(self.hoy)}")
        self.estado_pendientes.poner(f"Pendientes de envío: {pendientes:,}")
