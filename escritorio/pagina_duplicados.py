"""Página Posibles duplicados: las parejas halladas al recibir, con sus dos registros lado a lado; la persona marca
«no es duplicado» (con nota) u observa uno de los dos (viaja a su oficina en el siguiente acuse). Nunca anula el
registro de otra oficina (CONFIANZA.md, T1): solo su oficina de origen puede hacerlo."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import select

from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from base_local.modelos import Oficina
from empaquetado.revision_duplicados import listar, marcar_no_duplicado, observar_duplicado
from escritorio import dialogos
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ROL_FILA, ModeloFilas, tabla
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.duplicados import pendientes as contar_pendientes
from formularios.legible import fecha_local, momento_local, nombres_de_catalogo, plural

LARGO_TITULO = 60  # en los diálogos: que quepan en 1280 de ancho
ESTADOS = {"pendiente": "pendiente", "no_es_duplicado": "no es duplicado", "observado": "observado"}
MOSTRADAS = 500  # la tabla muestra a lo más estas parejas; en la central pueden ser decenas de miles
FILTROS = (("Pendientes de revisar", "pendientes"), ("Ya revisados", "revisados"), ("Todos", "todos"))
ESTADOS_ACCION = {"borrador": "borrador", "lista": "lista", "enviada": "enviada", "aceptada": "aceptada",
                  "observada": "observada", "anulada": "anulada"}


def filas_lado_a_lado(par: dict[str, Any], nombres: dict[str, dict[Any, str]], oficinas: dict[str, str]) -> list[tuple]:
    """(dato, registro A, registro B, ¿igual?) para cada dato que decide si son la misma acción."""
    a, b = par["a"], par["b"]

    def oficina(r: dict[str, Any]) -> str:
        clave = r.get("oficina_origen") or ""
        return f"{clave} — {oficinas[clave]}" if clave in oficinas else clave

    datos: list[tuple[str, Any]] = [
        ("Oficina de origen", oficina),
        ("Fecha de inicio", lambda r: fecha_local(r.get("fecha_inicio"))),
        ("Municipio", lambda r: nombres["municipio"].get(r.get("municipio"), r.get("municipio") or "")),
        ("Tipo de acción", lambda r: nombres["tipo_accion"].get(r.get("tipo_accion"), r.get("tipo_accion") or "")),
        ("Título", lambda r: r.get("titulo") or ""),
        *((ETIQUETAS_SEXO[s], lambda r, s=s: r.get(s)) for s in SEXOS),
        ("Total", lambda r: r.get("total")),
        ("Estado del registro", lambda r: ESTADOS_ACCION.get(r.get("estado") or "", r.get("estado") or "")),
    ]
    filas = []
    for etiqueta, valor in datos:
        va, vb = valor(a), valor(b)
        filas.append((etiqueta, va, vb, "igual" if va == vb else "distinto"))
    return filas


class PaginaDuplicados(QWidget):
    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_duplicados")
        self.ctx = ctx
        with ctx.base.transaccion() as s:
            self.nombres = nombres_de_catalogo(leer_catalogos(s))
        self.parejas: list[dict[str, Any]] = []
        capa = QVBoxLayout(self)
        explicacion = QLabel("Parejas de registros que parecen la <b>misma acción</b> (mismo municipio y tipo, fechas a una semana "
                             "o menos, cifras o título casi iguales), halladas al recibir paquetes. Usted decide: no es duplicado "
                             "(con una nota) u observación a la oficina de origen. Aquí nunca se anula el registro de otra oficina.")
        explicacion.setWordWrap(True)
        capa.addWidget(explicacion)
        fila_filtro = QHBoxLayout()
        etiqueta = QLabel("&Mostrar:")
        self.filtro = QComboBox()
        self.filtro.setObjectName("filtroDuplicados")
        self.filtro.setAccessibleName("Mostrar")
        for texto, clave in FILTROS:
            self.filtro.addItem(texto, clave)
        etiqueta.setBuddy(self.filtro)
        self.filtro.currentIndexChanged.connect(lambda _: self.actualizar())
        fila_filtro.addWidget(etiqueta)
        fila_filtro.addWidget(self.filtro)
        fila_filtro.addStretch(1)
        capa.addLayout(fila_filtro)
        self.modelo = ModeloFilas(["Estado", "Fecha", "Municipio", "Oficinas", "Registro A", "Registro B", "Nota"])
        self.vista = tabla(self.modelo, "tablaDuplicados", estirar=4)
        for columna in (5, 6):  # los títulos largos se recortan con «…» (el completo, en la ayuda y abajo lado a lado)
            self.vista.horizontalHeader().setSectionResizeMode(columna, QHeaderView.ResizeMode.Stretch)
        self.vista.setAccessibleName("Parejas de posibles duplicados")
        self.vista.selectionModel().currentRowChanged.connect(lambda actual, _: self._comparar(actual.row()))
        capa.addWidget(self.vista, 2)
        capa.addWidget(QLabel("<b>Los dos registros lado a lado</b> (pareja seleccionada):"))
        self.comparacion = ModeloFilas(["Dato", "Registro A", "Registro B", "Comparación"])
        self.vista_comparacion = tabla(self.comparacion, "tablaLadoALado", estirar=1)
        self.vista_comparacion.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.vista_comparacion.setAccessibleName("Los dos registros lado a lado")
        capa.addWidget(self.vista_comparacion, 3)
        botones = QHBoxLayout()
        self.no_es = QPushButton("&No es duplicado…")
        self.no_es.setObjectName("noEsDuplicado")
        self.no_es.clicked.connect(self.marcar_no_es)
        self.observar = QPushButton("Enviar &observación…")
        self.observar.setObjectName("observarDuplicado")
        self.observar.clicked.connect(self.enviar_observacion)
        botones.addWidget(self.no_es)
        botones.addWidget(self.observar)
        botones.addStretch(1)
        capa.addLayout(botones)
        self.mensaje = QLabel()
        self.mensaje.setObjectName("mensajeDuplicados")
        self.mensaje.setWordWrap(True)
        capa.addWidget(self.mensaje)
        self.actualizar()

    def showEvent(self, evento) -> None:  # noqa: N802
        self.actualizar()  # una importación en Recepción pudo traer parejas nuevas
        super().showEvent(evento)

    def _quien(self) -> str:
        oficina = self.ctx.oficina()
        return f"{oficina.responsable} ({oficina.clave})" if oficina else "Coordinación"

    def actualizar(self) -> None:
        filtro = self.filtro.currentData()
        with self.ctx.base.transaccion() as s:
            self.parejas = listar(s, "pendiente" if filtro == "pendientes" else None, revisadas=filtro == "revisados",
                                  limite=MOSTRADAS + 1)
            pendientes = contar_pendientes(s)
            self.oficinas = {c: n for c, n in s.execute(select(Oficina.clave, Oficina.nombre))}
        recortada = len(self.parejas) > MOSTRADAS
        del self.parejas[MOSTRADAS:]
        self.modelo.cargar([self._fila(p) for p in self.parejas])
        self.comparacion.cargar([])
        hay = bool(self.parejas)
        self.no_es.setEnabled(hay)
        self.observar.setEnabled(hay)
        if pendientes:
            texto = (f"{plural(pendientes, 'pareja espera', 'parejas esperan')} su revisión: seleccione una para "
                     "ver los dos registros lado a lado.")
            if recortada:
                texto += f" Se muestran las primeras {MOSTRADAS:,}, las más antiguas; al revisarlas aparecen las siguientes."
            self.mensaje.setText(texto)
        else:
            self.mensaje.setText("No hay posibles duplicados por revisar.")
        if hay:
            self.vista.selectRow(0)

    def _fila(self, par: dict[str, Any]) -> tuple:
        a, b = par["a"], par["b"]
        municipio = self.nombres["municipio"].get(a.get("municipio"), a.get("municipio") or "")
        oficinas = a.get("oficina_origen", "?") + (f" y {b.get('oficina_origen', '?')}" if b.get("oficina_origen") != a.get("oficina_origen")
                                                  else " (la misma)")
        nota = par["nota"] or ""
        if par["revisado_por"]:
            nota = f"{nota} — {par['revisado_por']}" if nota else par["revisado_por"]
        return (ESTADOS.get(par["estado"], par["estado"]), fecha_local(a.get("fecha_inicio")), municipio, oficinas,
                a.get("titulo") or a["id"], b.get("titulo") or b["id"], nota or f"hallada el {momento_local(par['detectado_en'])}")

    def _comparar(self, fila: int) -> None:
        if 0 <= fila < len(self.parejas):
            self.comparacion.cargar(filas_lado_a_lado(self.parejas[fila], self.nombres, self.oficinas))
            self.vista_comparacion.resizeRowsToContents()

    def _seleccionada(self) -> dict[str, Any] | None:
        indice = self.vista.currentIndex()
        if not indice.isValid() or self.modelo.data(indice, ROL_FILA) is None:
            self.mensaje.setText("Seleccione primero una pareja de la lista.")
            return None
        return self.parejas[indice.row()]

    @staticmethod
    def _corto(r: dict[str, Any]) -> str:
        titulo = r.get("titulo") or r["id"]
        return titulo if len(titulo) <= LARGO_TITULO else titulo[:LARGO_TITULO - 1].rstrip() + "…"

    def _describir(self, r: dict[str, Any]) -> str:
        return f"{r.get('oficina_origen', '?')} — «{self._corto(r)}» ({fecha_local(r.get('fecha_inicio'))})"

    def marcar_no_es(self) -> None:
        par = self._seleccionada()
        if par is None:
            return
        nota = dialogos.pedir_texto(self, "No es duplicado",
                                    "¿Por qué no son la misma acción? La nota queda con la pareja (por ejemplo, «dos sesiones "
                                    "distintas el mismo día»):", aceptar="&Marcar: no es duplicado")
        if nota is None or not nota.strip():
            self.mensaje.setText("No se marcó nada." if nota is None else
                                 "No se marcó: escriba por qué no es duplicado (la nota es obligatoria y queda con la pareja).")
            return
        self._hacer(lambda s: marcar_no_duplicado(s, par["a"]["id"], par["b"]["id"], nota, self._quien()))

    def enviar_observacion(self) -> None:
        par = self._seleccionada()
        if par is None:
            return
        opciones = {f"A: {self._describir(par['a'])}": par["a"], f"B: {self._describir(par['b'])}": par["b"]}
        elegida = dialogos.elegir_de_lista(self, "Enviar observación", "¿Qué registro observa? La observación va a su oficina de origen\n"
                                           "en el siguiente acuse; solo esa oficina puede corregirlo o anularlo.",
                                           list(opciones), aceptar="&Seguir")
        if elegida is None:
            self.mensaje.setText("No se envió ninguna observación.")
            return
        observada = opciones[elegida]
        nota = dialogos.pedir_texto(self, "Enviar observación",
                                    f"Observación para la oficina {observada.get('oficina_origen', '')} sobre "
                                    f"«{self._corto(observada)}»:", aceptar="&Enviar en el próximo acuse")
        if nota is None or not nota.strip():
            self.mensaje.setText("No se envió ninguna observación." if nota is None else
                                 "No se envió: escriba el texto de la observación para la oficina de origen.")
            return
        self._hacer(lambda s: observar_duplicado(s, par["a"]["id"], par["b"]["id"], observada["id"], nota, self._quien()))

    def _hacer(self, accion) -> None:
        try:
            with self.ctx.base.transaccion() as s:
                resultado = accion(s)
        except EntradaRechazada as e:
            self.mensaje.setText(f"No se guardó: {e}")
            return
        self.actualizar()
        self.ctx.datos_cambiados.emit()
        self.mensaje.setText(resultado["texto"] + " " + self.mensaje.text())
