"""Formulario de una acción: todos los campos del contrato, en el orden en que se captura con el teclado."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from base_local.consultas_catalogo import Catalogos
from base_local.jurisdiccion import Jurisdiccion
from escritorio.controles import (
    Combo,
    CompletadorLista,
    Entero,
    Fecha,
    ListaMarcable,
    TablaCifras,
    nombrar,
)
from formularios.campos import ETIQUETAS_SEXO, POR_CLAVE, SEXOS

MARCA_REQUERIDO = "*"


def _texto_largo(clave: str) -> QPlainTextEdit:
    caja = nombrar(QPlainTextEdit(), clave)
    caja.setTabChangesFocus(True)
    caja.setMaximumHeight(70)
    return caja


class FormularioAccion(QWidget):
    """Solo controles y sus valores; la validación y el guardado viven en la página de captura."""

    cambio = Signal()

    def __init__(self, cat: Catalogos, jurisdiccion: Jurisdiccion) -> None:
        super().__init__()
        self.cat, self.jurisdiccion = cat, jurisdiccion
        self.controles: dict[str, QWidget] = {}
        self.retos: list[dict[str, Any]] = []
        self.evidencias: list[dict[str, Any]] = []
        capa = QVBoxLayout(self)
        self.resultado_acuse = QLabel()
        self.resultado_acuse.setObjectName("resultado_acuse")
        self.resultado_acuse.setAccessibleName("Resultado del acuse de recibo")
        self.resultado_acuse.setWordWrap(True)
        self.resultado_acuse.setProperty("nivel", "aviso")
        self.resultado_acuse.hide()
        capa.addWidget(self.resultado_acuse)
        leyenda = nombrar(QLabel(f"Los campos con {MARCA_REQUERIDO} son obligatorios para guardar como lista."), "leyenda_requeridos")
        leyenda.setProperty("nivel", "nota")
        capa.addWidget(leyenda)
        capa.addWidget(self._cuando_donde())
        capa.addWidget(self._que())
        capa.addWidget(self._quienes())
        capa.addWidget(self._cuantos())
        capa.addWidget(self._convenio())
        capa.addWidget(self._retos())
        capa.addWidget(self._evidencias())
        capa.addStretch(1)
        self._conectar()
        self._municipios()
        self._lineas()
        self._mostrar_convenio()

    # --- construcción ---------------------------------------------------------------------

    def _registrar(self, widget: QWidget) -> QWidget:
        self.controles[widget.objectName()] = widget
        return widget

    def _fila(self, forma: QFormLayout, clave: str, widget: QWidget) -> None:
        campo = POR_CLAVE.get(clave.split(".")[0])
        requerido = bool(campo and campo.requerido and "." not in clave)
        marca = f" {MARCA_REQUERIDO}" if requerido else ""
        etiqueta = QLabel(f"&{campo.etiqueta}{marca}:" if campo and "." not in clave else f"&{clave.split('.')[-1].replace('_', ' ').capitalize()}:")
        etiqueta.setBuddy(widget)
        etiqueta.setProperty("requerido", requerido)
        if campo and campo.ayuda:
            widget.setToolTip(campo.ayuda)
        if requerido:  # el lector de pantalla lo dice; la vista, con el asterisco y la leyenda de arriba
            widget.setAccessibleDescription(" ".join(("Obligatorio.", campo.ayuda)).strip())
        forma.addRow(etiqueta, self._registrar(widget))

    def _cuando_donde(self) -> QGroupBox:
        caja = QGroupBox("Cuándo y dónde")
        forma = QFormLayout(caja)
        self._fila(forma, "fecha_inicio", Fecha("fecha_inicio"))
        self._fila(forma, "fecha_fin", Fecha("fecha_fin"))
        entidades = [(c, f"{c} — {n}") for c, n in self.cat.entidades.items() if self.jurisdiccion.admite(c, None)
                     or self.jurisdiccion.entidad == c]
        self._fila(forma, "entidad", Combo("entidad", entidades))
        self._fila(forma, "municipio", Combo("municipio", buscable=True))
        self._fila(forma, "localidad", nombrar(QLineEdit(), "localidad"))
        return caja

    def _que(self) -> QGroupBox:
        caja = QGroupBox("Qué se hizo")
        forma = QFormLayout(caja)
        self._fila(forma, "eje", Combo("eje", [(c, f"Eje {n}. {t}") for c, (n, t) in self.cat.ejes.items()], vacio="— elija —"))
        self._fila(forma, "linea_accion", Combo("linea_accion", vacio="— sin línea —"))
        self._fila(forma, "actividad_programa", Combo("actividad_programa", self.cat.actividades.items(), vacio="— ninguna —"))
        self._fila(forma, "linea_sectorial", Combo("linea_sectorial", [(c, f"{c} {t}") for c, t in self.cat.lineas_sectoriales.items()], vacio="— ninguna —"))
        self._fila(forma, "tipo_accion", Combo("tipo_accion", [(c, t[0]) for c, t in self.cat.tipos_accion.items()], vacio="— elija —"))
        self._fila(forma, "modalidad", Combo("modalidad", self.cat.valores_de("modalidad").items()))
        self._fila(forma, "titulo", nombrar(QLineEdit(), "titulo"))
        self._fila(forma, "descripcion", _texto_largo("descripcion"))
        self._fila(forma, "resultados", _texto_largo("resultados"))
        return caja

    def _quienes(self) -> QGroupBox:
        caja = QGroupBox("Con quién y para qué")
        forma = QFormLayout(caja)
        self._fila(forma, "ordenes_gobierno", ListaMarcable("ordenes_gobierno", self.cat.valores_de("orden_gobierno").items(), 70))
        instituciones = nombrar(QLineEdit(), "instituciones", "Siglas separadas por comas (INM, COMAR…) o nombres libres.")
        instituciones.setPlaceholderText("INM, COMAR, DIF…")
        completador = CompletadorLista([f"{sigla} — {nombre}" for sigla, nombre in self.cat.instituciones.items()], instituciones)
        completador.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completador.setFilterMode(Qt.MatchFlag.MatchContains)
        instituciones.setCompleter(completador)
        self._fila(forma, "instituciones", instituciones)
        self._fila(forma, "objetivos_pmm", ListaMarcable("objetivos_pmm", [(n, f"{n}. {t}") for n, t in sorted(self.cat.objetivos_pmm.items())], 130))
        self.elegidos_pmm = nombrar(QLabel(), "elegidos_pmm")  # la lista muestra 2 o 3 de 23: aquí se ve cuáles van marcados
        self.elegidos_pmm.setWordWrap(True)
        forma.addRow("", self.elegidos_pmm)
        self.controles["objetivos_pmm"].itemChanged.connect(self._contar_pmm)
        self._contar_pmm()
        self._fila(forma, "poblacion", Combo("poblacion", self.cat.valores_de("poblacion").items(), vacio="— elija —"))
        return caja

    def _cuantos(self) -> QGroupBox:
        caja = QGroupBox("Cuántas personas")
        capa = QVBoxLayout(caja)
        forma = QFormLayout()
        self._fila(forma, "eventos", Entero("eventos", minimo=0, maximo=10_000))
        self.controles["eventos"].poner(1)
        self._fila(forma, "unidad_conteo", Combo("unidad_conteo", self.cat.valores_de("unidad_conteo").items()))
        capa.addLayout(forma)
        rejilla = QGridLayout()
        for i, sexo in enumerate(SEXOS):
            etiqueta = QLabel(f"&{ETIQUETAS_SEXO[sexo]}")
            control = self._registrar(Entero(sexo))
            etiqueta.setBuddy(control)
            rejilla.addWidget(etiqueta, 0, i)
            rejilla.addWidget(control, 1, i)
        etiqueta_total = QLabel("&Total (opcional)")
        total = self._registrar(nombrar(QLineEdit(), "total", "Déjelo vacío para usar la suma; si lo escribe, debe coincidir."))
        total.setPlaceholderText("= suma")
        etiqueta_total.setBuddy(total)
        rejilla.addWidget(etiqueta_total, 0, 4)
        rejilla.addWidget(total, 1, 4)
        self.suma = nombrar(QLabel("Suma: 0"), "suma_sexos")
        rejilla.addWidget(self.suma, 2, 4)
        capa.addLayout(rejilla)
        self.con_edades = nombrar(QCheckBox("Desglosar también por &edad"), "desglosar_edades")
        capa.addWidget(self.con_edades)
        grupos = self.cat.valores_de("grupo_edad")
        tabla = TablaCifras("edades", list(grupos.values()), [ETIQUETAS_SEXO[s] for s in SEXOS])
        tabla.setProperty("grupos", list(grupos))
        tabla.setVisible(False)
        capa.addWidget(self._registrar(tabla))
        return caja

    def _convenio(self) -> QGroupBox:
        self.caja_convenio = self._registrar(nombrar(QGroupBox("Convenio o acuerdo"), "convenio"))
        forma = QFormLayout(self.caja_convenio)
        self._fila(forma, "convenio.instrumento", nombrar(QLineEdit(), "convenio.instrumento"))
        self._fila(forma, "convenio.contrapartes", nombrar(QLineEdit(), "convenio.contrapartes"))
        self._fila(forma, "convenio.estado_instrumento", Combo("convenio.estado_instrumento", self.cat.valores_de("estado_instrumento").items(), vacio="— elija —"))
        self._fila(forma, "convenio.fecha_firma", Fecha("convenio.fecha_firma", opcional=True))
        self._fila(forma, "convenio.vigencia_hasta", Fecha("convenio.vigencia_hasta", opcional=True))
        self._fila(forma, "convenio.folio", nombrar(QLineEdit(), "convenio.folio"))
        return self.caja_convenio

    def _retos(self) -> QGroupBox:
        caja = QGroupBox("Retos")
        capa = QVBoxLayout(caja)
        self.reto_texto = nombrar(QLineEdit(), "reto_texto")
        self.reto_texto.setPlaceholderText("Describa un reto o dificultad…")
        self.reto_categorias = ListaMarcable("reto_categorias", self.cat.categorias_reto.items(), 90)
        agregar = nombrar(QPushButton("Agregar &reto"), "agregar_reto")
        agregar.clicked.connect(self._agregar_reto)
        self.lista_retos = self._registrar(nombrar(QListWidget(), "retos"))
        self.lista_retos.setMaximumHeight(70)
        quitar = nombrar(QPushButton("Quitar reto"), "quitar_reto")
        quitar.clicked.connect(self._quitar_reto)
        for w in (self.reto_texto, self.reto_categorias, agregar, self.lista_retos, quitar):
            capa.addWidget(w)
        return caja

    def _evidencias(self) -> QGroupBox:
        caja = QGroupBox("Evidencias (listas de asistencia, fotos, convenios firmados)")
        capa = QVBoxLayout(caja)
        self.lista_evidencias = self._registrar(nombrar(QListWidget(), "evidencias"))
        self.lista_evidencias.setMaximumHeight(80)
        fila = QHBoxLayout()
        self.boton_adjuntar = nombrar(QPushButton("&Adjuntar…"), "adjuntar_evidencia")
        self.boton_abrir = nombrar(QPushButton("Abrir"), "abrir_evidencia")
        self.boton_quitar_evidencia = nombrar(QPushButton("Quitar"), "quitar_evidencia")
        for b in (self.boton_adjuntar, self.boton_abrir, self.boton_quitar_evidencia):
            fila.addWidget(b)
        fila.addStretch(1)
        capa.addWidget(self.lista_evidencias)
        capa.addLayout(fila)
        self.boton_quitar_evidencia.clicked.connect(self._quitar_evidencia)
        return caja

    # --- dependencias y avisos de cambio --------------------------------------------------

    def _contar_pmm(self, *_: object) -> None:
        lista = self.controles["objetivos_pmm"]
        elegidos = lista.valores()
        self.elegidos_pmm.setText(f"Elegidos {len(elegidos)} de {lista.count()}: " + ", ".join(map(str, elegidos)) if elegidos
                                  else f"Ninguno elegido de {lista.count()} (baje con las flechas y marque con la barra espaciadora).")

    def _conectar(self) -> None:
        c = self.controles
        c["entidad"].currentIndexChanged.connect(self._municipios)
        c["eje"].currentIndexChanged.connect(self._lineas)
        c["tipo_accion"].currentIndexChanged.connect(self._mostrar_convenio)
        self.con_edades.toggled.connect(c["edades"].setVisible)
        for widget in c.values():
            for senal in ("dateChanged", "currentTextChanged", "textChanged", "valueChanged", "itemChanged", "cellChanged"):
                if hasattr(widget, senal):
                    getattr(widget, senal).connect(self._cambio)
        self.con_edades.toggled.connect(self._cambio)

    def _cambio(self, *_: object) -> None:
        self.suma.setText(f"Suma: {sum(self.controles[s].value() for s in SEXOS):,}")
        self.cambio.emit()

    def _municipios(self) -> None:
        entidad = self.controles["entidad"].valor()
        opciones = [
            (m, f"{m} {nombre}{' (fronterizo)' if frontera else ''}")
            for m, (ent, nombre, frontera) in sorted(self.cat.municipios.items(), key=lambda x: x[1][1])
            if ent == entidad and self.jurisdiccion.admite(ent, m)
        ]
        self.controles["municipio"].poner_opciones(opciones)

    def _lineas(self) -> None:
        eje = self.controles["eje"].valor()
        self.controles["linea_accion"].poner_opciones([(c, t) for c, (e, t) in self.cat.lineas_accion.items() if e == eje])

    def _mostrar_convenio(self) -> None:
        tipo = self.cat.tipos_accion.get(self.controles["tipo_accion"].valor() or "")
        self.caja_convenio.setVisible(bool(tipo and tipo[1]))

    def _agregar_reto(self) -> None:
        texto, categorias = self.reto_texto.text().strip(), self.reto_categorias.valores()
        if not texto:
            self.reto_texto.setFocus()
            return
        self.retos.append({"texto": texto, "categorias": categorias})
        self.reto_texto.clear()
        self.reto_categorias.poner([])
        self._pintar_listas()
        self._cambio()

    def _quitar_reto(self) -> None:
        fila = self.lista_retos.currentRow()
        if 0 <= fila < len(self.retos):
            del self.retos[fila]
            self._pintar_listas()
            self._cambio()

    def _quitar_evidencia(self) -> None:
        fila = self.lista_evidencias.currentRow()
        if 0 <= fila < len(self.evidencias):
            del self.evidencias[fila]
            self._pintar_listas()
            self._cambio()

    def agregar_evidencia(self, descripcion: dict[str, Any]) -> None:
        if descripcion["sha256"] not in {e["sha256"] for e in self.evidencias}:
            self.evidencias.append(descripcion)
        self._pintar_listas()
        self._cambio()

    def _pintar_listas(self) -> None:
        self.lista_retos.clear()
        for r in self.retos:
            nombres = ", ".join(self.cat.categorias_reto.get(c, c) for c in r["categorias"]) or "sin categoría"
            self.lista_retos.addItem(f"{r['texto']} — [{nombres}]")
        self.lista_evidencias.clear()
        for e in self.evidencias:
            self.lista_evidencias.addItem(f"{e['nombre']} · {e['tamano'] / 1024:,.1f} KB · {e['tipo']}")

    # --- valores ----------------------------------------------------------------------------

    def valores(self) -> dict[str, Any]:
        c = self.controles
        datos: dict[str, Any] = {clave: c[clave].valor() for clave in (
            "fecha_inicio", "fecha_fin", "entidad", "municipio", "eje", "linea_accion", "actividad_programa",
            "linea_sectorial", "tipo_accion", "modalidad", "poblacion", "unidad_conteo")}
        for clave in ("localidad", "titulo", "instituciones", "total"):
            datos[clave] = c[clave].text()
        for clave in ("descripcion", "resultados"):
            datos[clave] = c[clave].toPlainText()
        datos["ordenes_gobierno"] = c["ordenes_gobierno"].valores()
        datos["objetivos_pmm"] = c["objetivos_pmm"].valores()
        datos["eventos"] = c["eventos"].value()
        for sexo in SEXOS:
            datos[sexo] = c[sexo].value()
        datos["edades"] = self._edades() if self.con_edades.isChecked() else None
        datos["retos"] = [dict(r) for r in self.retos]
        datos["evidencias"] = [dict(e) for e in self.evidencias]
        datos["convenio"] = self._convenio_valores() if self._es_convenio() else None
        return datos

    def _es_convenio(self) -> bool:
        tipo = self.cat.tipos_accion.get(self.controles["tipo_accion"].valor() or "")
        return bool(tipo and tipo[1])

    def _convenio_valores(self) -> dict[str, Any]:
        c = self.controles
        return {
            "instrumento": c["convenio.instrumento"].text(), "contrapartes": c["convenio.contrapartes"].text(),
            "estado_instrumento": c["convenio.estado_instrumento"].valor(), "fecha_firma": c["convenio.fecha_firma"].valor(),
            "vigencia_hasta": c["convenio.vigencia_hasta"].valor(), "folio": c["convenio.folio"].text(),
        }

    def _edades(self) -> dict[str, dict[str, str]]:
        tabla = self.controles["edades"]
        salida = {}
        for fila, grupo in enumerate(tabla.property("grupos")):
            celdas = {}
            for col, sexo in enumerate(SEXOS):
                item = tabla.item(fila, col)
                celdas[sexo] = item.text().strip() if item and item.text().strip() else "0"
            salida[grupo] = celdas
        return salida

    def mostrar_acuse(self, texto: str) -> None:
        """«Observada por la Coordinación (…): observación» arriba del formulario; nada si no ha vuelto un acuse."""
        self.resultado_acuse.setText(texto)
        self.resultado_acuse.setProperty("nivel", "bien" if texto.startswith("Aceptada") else "aviso")  # observada: a revisar
        self.resultado_acuse.style().polish(self.resultado_acuse)
        self.resultado_acuse.setVisible(bool(texto))

    def cargar(self, datos: dict[str, Any]) -> None:
        """Pone los valores de un registro (llaves del contrato) en los controles."""
        c = self.controles
        self.blockSignals(True)
        c["entidad"].poner(datos.get("entidad") or c["entidad"].itemData(0))
        self._municipios()
        c["eje"].poner(datos.get("eje"))
        self._lineas()
        for clave in ("fecha_inicio", "fecha_fin", "municipio", "linea_accion", "actividad_programa", "linea_sectorial",
                      "tipo_accion", "modalidad", "poblacion", "unidad_conteo"):
            c[clave].poner(datos.get(clave))
        for clave in ("localidad", "titulo"):
            c[clave].setText(datos.get(clave) or "")
        c["instituciones"].setText(", ".join(datos.get("instituciones") or []))
        c["total"].setText("")
        for clave in ("descripcion", "resultados"):
            c[clave].setPlainText(datos.get(clave) or "")
        c["ordenes_gobierno"].poner(datos.get("ordenes_gobierno"))
        c["objetivos_pmm"].poner(datos.get("objetivos_pmm"))
        c["eventos"].poner(datos.get("eventos") or 1)
        for sexo in SEXOS:
            c[sexo].poner(datos.get(sexo) or 0)
        edades = datos.get("edades") or {}
        self.con_edades.setChecked(bool(edades))
        tabla = c["edades"]
        for fila, grupo in enumerate(tabla.property("grupos")):
            for col, sexo in enumerate(SEXOS):
                valor = (edades.get(grupo) or {}).get(sexo, 0)
                tabla.setItem(fila, col, QTableWidgetItem(str(valor) if valor else ""))
        conv = datos.get("convenio") or {}
        for clave in ("instrumento", "contrapartes", "folio"):
            c[f"convenio.{clave}"].setText(conv.get(clave) or "")
        c["convenio.estado_instrumento"].poner(conv.get("estado_instrumento"))
        c["convenio.fecha_firma"].poner(conv.get("fecha_firma"))
        c["convenio.vigencia_hasta"].poner(conv.get("vigencia_hasta"))
        self.retos = [dict(r) for r in datos.get("retos") or []]
        self.evidencias = [dict(e) for e in datos.get("evidencias") or []]
        self._pintar_listas()
        self._mostrar_convenio()
        self.blockSignals(False)
        self._cambio()

