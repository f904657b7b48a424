"""Inicio como tablero: completitud y puntualidad de los envíos, cifras por entidad y sexo, PICI, ejes y
objetivos PMM; para una oficina, lo pendiente de enviar, lo observado y sus totales; en otra pestaña, el mapa."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from base_local import periodos
from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import CLAVE_CENTRAL
from escritorio import dialogos
from escritorio.accesibilidad import nombrar_controles
from escritorio.contexto import ContextoApp
from escritorio.controles import mnemonicos_unicos
from escritorio.graficas import Barras
from escritorio.modelo_filas import ROL_FILA, ModeloFilas, tabla
from escritorio.trabajos import correr
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import plural

if TYPE_CHECKING:
    from escritorio.pagina_mapa import PanelMapa
    from reportes.tablero import Tablero

ABREVIATURAS = {"04": "Camp.", "07": "Chis.", "23": "Q. Roo", "27": "Tab."}


def _tarjeta(valor: str, texto: str, nombre: str) -> QLabel:
    etiqueta = QLabel(f"<span style='font-size:18pt'><b>{valor}</b></span><br>{texto}")
    etiqueta.setObjectName(nombre)
    etiqueta.setAccessibleName(texto)
    return etiqueta


class PaginaTablero(QWidget):
    ver_duplicados = Signal()  # lleva a la página Posibles duplicados

    def __init__(self, ctx: ContextoApp, hoy: date | None = None) -> None:
        super().__init__()
        self.setObjectName("pagina_inicio")
        self.ctx, self.hoy = ctx, hoy or date.today()
        self.oficina = ctx.oficina()
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        contenido = QWidget()
        self.capa = QVBoxLayout(contenido)
        desplazable.setWidget(contenido)
        externa = QVBoxLayout(self)
        externa.setContentsMargins(0, 0, 0, 0)
        self.pestanas = QTabWidget()
        self.pestanas.setObjectName("pestanasTablero")
        self.pestanas.addTab(desplazable, "Cifras")
        self._mapa: PanelMapa | None = None  # se construye la primera vez que se abre su pestaña (o se pide)
        self.marco_mapa = QWidget()
        QVBoxLayout(self.marco_mapa).setContentsMargins(0, 0, 0, 0)
        self.pestanas.addTab(self.marco_mapa, "Mapa por municipio")
        self.pestanas.currentChanged.connect(self._pestana)
        externa.addWidget(self.pestanas)
        self.encabezado = QLabel()
        self.encabezado.setObjectName("encabezadoOficina")
        self.encabezado.setWordWrap(True)
        self.capa.addWidget(self.encabezado)
        self.tarjetas = QGridLayout()
        self.cifras: dict[str, QLabel] = {}
        self.capa.addLayout(self.tarjetas)
        self.completitud = ModeloFilas(["Oficina", "Nombre", "Trimestre", "Esperados", "Paquetes recibidos", "Faltan los números",
                                        "Primer paquete", "Puntualidad", "Estado del trimestre"])
        self.vista_completitud = tabla(self.completitud, "tablaCompletitud", estirar=1)
        self.vista_completitud.setAccessibleName("Paquetes recibidos por oficina y trimestre")
        self.vista_completitud.setColumnHidden(3, True)  # «1 esperado» junto a «2 recibidos» confundía: una oficina manda varios
        self.vista_completitud.setMinimumHeight(180)
        self.aprobar = QPushButton("&Aprobar el trimestre seleccionado")
        self.aprobar.setObjectName("aprobar_periodo")
        self.aprobar.clicked.connect(self.aprobar_seleccion)
        self.mensaje = QLabel()
        self.mensaje.setObjectName("mensajeTablero")
        self.mensaje.setWordWrap(True)
        if self.oficina.tipo != "municipal":
            quien = QLabel("<b>¿Quién ha reportado?</b> Cada oficina estatal y municipal (registrada o esperada) por trimestre: "
                           "paquetes con registros de ese trimestre y su puntualidad. La matriz completa está en Revisión.")
            quien.setWordWrap(True)
            self.capa.addWidget(quien)
            self.capa.addWidget(self.vista_completitud)
            fila = QHBoxLayout()
            fila.addWidget(self.aprobar)
            fila.addWidget(self.mensaje, 1)
            self.capa.addLayout(fila)
            self._revision_central()
        graficas = QGridLayout()
        self.por_entidad = Barras("Personas atendidas por entidad y sexo (año en curso)", "graficaEntidades")
        self.pici = Barras("PICI: instrumentos firmados por trimestre contra la meta", "graficaPici")
        self.por_eje = Barras("Acciones por eje", "graficaEjes")
        self.por_objetivo = Barras("Acciones por objetivo del PMM", "graficaObjetivos")
        for i, g in enumerate((self.por_entidad, self.pici, self.por_eje, self.por_objetivo)):
            graficas.addWidget(g, i // 2, i % 2)
        self.capa.addLayout(graficas)
        self.observadas = ModeloFilas(["Acción", "Observada por", "Observación"])
        if self.oficina.tipo != "central":
            self.capa.addWidget(QLabel("<b>Observaciones recibidas en acuses</b>"))
            vista = tabla(self.observadas, "tablaObservadas", estirar=2)
            vista.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            vista.setColumnWidth(0, 360)  # un título de 200 caracteres no deja sin lugar a la observación: ambos se ajustan
            vista.setWordWrap(True)
            vista.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            vista.setMinimumHeight(140)
            self.capa.addWidget(vista)
        self.capa.addStretch(1)
        self.confirmar = lambda titulo, texto, si, no, detalle, peligro: dialogos.confirmar(self, titulo, texto, si, no, detalle, peligro)
        self.cargada = False
        self.calculando = self.repetir = False
        self.datos: Tablero | None = None

    def _revision_central(self) -> None:
        """Lo que la oficina que recibe tiene por revisar: posibles duplicados y, en la central, catálogos atrasados."""
        fila = QHBoxLayout()
        self.duplicados = QLabel()
        self.duplicados.setObjectName("duplicadosPendientes")
        self.duplicados.setWordWrap(True)
        self.revisar_duplicados = QPushButton("Revisar los posibles &duplicados")
        self.revisar_duplicados.setObjectName("revisarDuplicados")
        self.revisar_duplicados.clicked.connect(self.ver_duplicados.emit)
        fila.addWidget(self.duplicados, 1)
        fila.addWidget(self.revisar_duplicados)
        self.capa.addLayout(fila)
        self.versiones = ModeloFilas(["Oficina", "Nombre", "Versión de catálogos de su último paquete"])
        self.aviso_versiones = QLabel()
        self.aviso_versiones.setObjectName("avisoVersiones")
        self.aviso_versiones.setWordWrap(True)
        self.vista_versiones = tabla(self.versiones, "tablaVersiones", estirar=1)
        self.vista_versiones.setAccessibleName("Oficinas con catálogos de una versión anterior")
        self.vista_versiones.setMinimumHeight(110)
        if self.oficina.tipo == "central":
            self.capa.addWidget(self.aviso_versiones)
            self.capa.addWidget(self.vista_versiones)

    def _mostrar_revision(self, d: Tablero) -> None:
        n = d.duplicados_pendientes
        self.duplicados.setText(f"<b>{plural(n, 'posible duplicado', 'posibles duplicados')} sin revisar</b> (parejas de "
                                "registros que parecen la misma acción)." if n else "No hay posibles duplicados por revisar.")
        self.versiones.cargar(d.versiones_viejas)
        self.vista_versiones.setVisible(self.oficina.tipo == "central" and bool(d.versiones_viejas))
        if d.versiones_viejas:
            self.aviso_versiones.setText(
                f"<b>{plural(len(d.versiones_viejas), 'oficina usa', 'oficinas usan')} catálogos anteriores</b> a los de aquí "
                f"(versión {d.version_catalogos}): lléveles la actualización publicada para que la apliquen en Recepción.")
        else:
            self.aviso_versiones.setText(f"Catálogos y metas: versión {d.version_catalogos}. Ninguna oficina mandó su último "
                                         "paquete con una versión anterior.")

    @property
    def mapa(self) -> PanelMapa:
        """El panel del mapa (y sus módulos), construido la primera vez que se abre su pestaña o se pide."""
        return self._construir_mapa() if self._mapa is None else self._mapa

    def _construir_mapa(self) -> PanelMapa:
        from escritorio.pagina_mapa import PanelMapa

        self._mapa = PanelMapa(self.ctx, self.hoy)
        self.marco_mapa.layout().addWidget(self._mapa)
        mnemonicos_unicos(self)  # sus letras de acceso y nombres, como si estuviera desde el principio
        nombrar_controles(self._mapa)
        return self._mapa

    def _pestana(self, _indice: int) -> None:
        if self._mapa is None and self.pestanas.currentWidget() is self.marco_mapa:
            self._construir_mapa()

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargada:
            self.actualizar()
        super().showEvent(evento)

    def actualizar(self, resumen: dict | None = None) -> None:
        """Calcula el tablero fuera del hilo de la interfaz; la ventana no espera a las cifras."""
        self.cargada = True
        if self._mapa is not None:
            self._mapa.volver_a_calcular()
        if self.calculando:
            self.repetir = True  # p. ej. llegó un acuse mientras se calculaba: al terminar se calcula otra vez
            return
        self.calculando, self.repetir = True, False
        self.encabezado.setText(f"<h2>{self.oficina.nombre}</h2>Calculando las cifras…")

        def calcular() -> Tablero:
            # el cálculo y la importación de paquetes se cargan aquí, fuera del hilo de la interfaz
            from empaquetado.importar import huecos
            from reportes.tablero import construir

            with self.ctx.base.transaccion() as s:
                return construir(s, self.hoy, huecos=huecos)

        correr(calcular, self._mostrar, self._fallo)

    def _fallo(self, error: Exception) -> None:
        if not shiboken6.isValid(self.encabezado):
            return  # la ventana se cerró mientras se calculaba
        self.calculando = False
        self.encabezado.setText(f"No se pudieron calcular las cifras del tablero: {error}")

    def _mostrar(self, datos: Tablero) -> None:
        if not shiboken6.isValid(self.encabezado):
            return  # la ventana se cerró mientras se calculaba
        self.calculando = False
        self.datos = datos
        d, o = self.datos, self.oficina
        self.encabezado.setText(f"<h2>{o.nombre}</h2>Oficina <b>{o.clave}</b> ({o.tipo}) · Responsable: {o.responsable}")
        t = d.totales or dict.fromkeys(("acciones", "total", *SEXOS), 0)
        tarjetas = [(f"{t['acciones']:,}", "Acciones del año", "cifra_acciones"), (f"{t['total']:,}", "Personas atendidas", "cifra_total"),
                    (f"{t['mujeres']:,}", "Mujeres", "cifra_mujeres"), (f"{t['hombres']:,}", "Hombres", "cifra_hombres"),
                    (f"{d.pici_anual[0]} de {d.pici_anual[1]}", "Convenios firmados (PICI anual)", "cifra_pici"),
                    (f"{d.pendientes_envio:,}", "Pendientes de envío", "cifra_pendientes"), *self._resultados(d)]
        for i, (valor, texto, nombre) in enumerate(tarjetas):
            if nombre not in self.cifras:
                self.cifras[nombre] = _tarjeta(valor, texto, nombre)
                self.tarjetas.addWidget(self.cifras[nombre], i // 3, i % 3)
            self.cifras[nombre].setText(f"<span style='font-size:18pt'><b>{valor}</b></span><br>{texto}")
        self.completitud.cargar(d.completitud)
        entidades = sorted({e for e, _ in d.por_entidad})
        self.por_entidad.poner([ABREVIATURAS.get(e, e) for e in entidades],
                               {ETIQUETAS_SEXO[s]: [sum(v[s] for (e2, _), v in d.por_entidad.items() if e2 == e) for e in entidades] for s in SEXOS})
        self.pici.poner([p[-2:] for p, _, _ in d.pici], {"Firmados": [x for _, x, _ in d.pici], "Meta": [m for _, _, m in d.pici]})
        with self.ctx.base.transaccion() as s:
            from base_local.consultas_catalogo import leer_catalogos

            cat = leer_catalogos(s)
        ejes = sorted((k for k in d.por_eje if k in cat.ejes), key=lambda k: cat.ejes[k][0])
        self.por_eje.poner([f"Eje {cat.ejes[k][0]}" for k in ejes], {"Acciones": [d.por_eje[k]["acciones"] for k in ejes]})
        objetivos = sorted(d.por_objetivo)
        self.por_objetivo.poner([str(n) for n in objetivos], {"Acciones": [d.por_objetivo[n]["acciones"] for n in objetivos]})
        self.observadas.cargar(d.observadas)
        if self.oficina.tipo != "municipal":
            self._mostrar_revision(d)
        if self.repetir:
            self.actualizar()

    def _resultados(self, d: Tablero) -> list[tuple[str, str, str]]:
        """Cuántos registros propios aceptó u observó la Coordinación y, en una municipal, su oficina estatal."""
        o = self.oficina
        if o.tipo == "central":
            return []
        quienes = [(CLAVE_CENTRAL, "Aceptadas · observadas por la Coordinación", "cifra_coordinacion")]
        if o.tipo == "municipal" and o.superior:
            quienes.append((o.superior, f"Aceptadas · observadas por su estatal ({o.superior})", "cifra_superior"))
        salida = []
        for clave, texto, nombre in quienes:
            cuenta = d.acuses.get(clave, {})
            if clave == o.superior:  # acuses aplicados antes de saber de quién venía el resultado
                cuenta = {e: cuenta.get(e, 0) + d.acuses.get("", {}).get(e, 0) for e in ("aceptada", "observada")}
            salida.append((f"{cuenta.get('aceptada', 0):,} · {cuenta.get('observada', 0):,}", texto, nombre))
        return salida

    def aprobar_seleccion(self) -> None:
        indice = self.vista_completitud.currentIndex()
        if not indice.isValid():
            self.mensaje.setText("Seleccione una fila (oficina y trimestre) para aprobarla.")
            return
        fila = self.completitud.data(indice, ROL_FILA)
        oficina, trimestre, recibidos, huecos = fila[0], fila[2], fila[4], fila[5]
        avisos = []
        fin = periodos.limites(trimestre)[1]
        if fin >= self.hoy:
            avisos.append(f"El trimestre {trimestre} está EN CURSO: termina el {fin.strftime('%d/%m/%Y')}. "
                          "Todo lo que la oficina capture de aquí al cierre llegará como enmienda.")
        if fila[7] == "antes de su registro":
            avisos.append(f"{oficina} se registró después de {trimestre}: no se esperan paquetes suyos de ese trimestre.")
        elif not recibidos:
            avisos.append(f"No ha llegado ningún paquete de {oficina} para {trimestre}.")
        if huecos:
            avisos.append(f"Faltan los paquetes número {huecos} de {oficina}.")
        if not self.confirmar(
                "Aprobar el trimestre",
                f"Se aprobará el trimestre {trimestre} de {oficina} ({fila[1]}).",
                "&Aprobar el trimestre", "&No, todavía no",
                "\n\n".join([*avisos, "Después de aprobarlo, cada cambio a sus registros llegará como enmienda que usted "
                                       "revisa una por una en Conflictos; sus cifras quedan fijas en los reportes."]),
                bool(avisos)):
            self.mensaje.setText(f"El trimestre {trimestre} de {oficina} no se aprobó.")
            return
        from empaquetado.revision_periodos import aprobar_celdas

        try:
            with self.ctx.base.transaccion() as s:
                aprobar_celdas(s, [(oficina, trimestre)], "Coordinación" if self.oficina.tipo == "central" else self.oficina.clave, self.hoy)
        except EntradaRechazada as e:
            self.mensaje.setText(f"No se aprobó. {e.codigo}: {e}")
            return
        self.cargada = False
        self.ctx.datos_cambiados.emit()
        if not self.cargada:
            self.actualizar()
        self.mensaje.setText(f"Trimestre {fila[2]} de {fila[0]} aprobado: los cambios posteriores llegarán como enmiendas.")
