"""Página Recepción: elegir paquetes y acuses, ver los paquetes verificados registro por registro, importar, aplicar acuses."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import select

from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from base_local.modelos import Accion
from base_local.oficinas import oficina_local
from base_local.respaldos import respaldar
from empaquetado import cifrado
from empaquetado.acuses import emitir
from empaquetado.importar import Resultado
from empaquetado.recepcion import Identidad, aplicar_acuse, importar_uno
from empaquetado.vista_previa import filtrar as filtrar_previa
from empaquetado.vista_previa import por_oficina_y_trimestre
from escritorio import archivos as archivos_dialogo
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo
from escritorio.modelo_filas import ModeloFilas, tabla
from escritorio.trabajos import DialogoProgreso, correr
from formularios.legible import nombre_de_campo, nombres_de_catalogo, plural, valor_legible

COLUMNAS = ["Archivo", "Oficina", "Secuencia", "Resultado", "Código", "Mensaje", "Nuevos", "Actualizados", "Sin cambios",
            "Obsoletos", "Conflictos", "Enmiendas", "Posibles duplicados"]
ETIQUETAS = {"simulado": "listo para importar", "importado": "importado", "duplicado": "ya importado",
             "rechazado": "RECHAZADO"}
APLICADOS = {"actualizacion_aplicada": "catálogos actualizados", "actualizacion_ya_aplicada": "actualización ya aplicada"}
SECUNDARIOS = ("avisos_reconocidos",)
FILTROS_PREVIA = {"nuevos": "Nuevos", "actualizados": "Actualizados", "conflictos": "En conflicto", "enmiendas": "Enmiendas",
                  "posibles_duplicados": "Posibles duplicados"}
RESULTADOS = {"nuevos": "nuevo", "actualizados": "actualizado", "sin_cambios": "sin cambios", "obsoletos": "obsoleto",
              "conflictos": "en conflicto", "enmiendas": "enmienda"}


class PaginaRecepcion(QWidget):
    acuse_aplicado = Signal()

    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_recepcion")
        self.ctx = ctx
        self.elegir_archivos = lambda: archivos_dialogo.elegir_para_abrir(
            self, ctx, "Paquetes y acuses recibidos",
            "Paquetes, acuses y actualizaciones (*.zip *.age *.json);;Paquetes de envío (*.zip *.age);;Acuses y actualizaciones de catálogos (*.json)",
            varios=True)
        self.elegir_carpeta_reenvio = lambda: archivos_dialogo.elegir_carpeta(
            self, ctx, "Carpeta donde escribir los acuses para sus oficinas municipales")
        self.resultados: dict[str, Resultado] = {}
        self.acuses: list[Path] = []
        self.acuses_recibidos: dict[str, tuple[str, str, str]] = {}  # archivo → (resultado, código, texto)
        self.identidad: Identidad | None = None  # la de cifrado, abierta una vez por lote; se olvida al importar
        self.firma = None  # la llave que abrió la misma frase, para firmar los acuses de ese lote
        self.setAcceptDrops(True)
        capa = QVBoxLayout(self)
        fila = QHBoxLayout()
        self.elegir = QPushButton("&Elegir paquetes o acuses…")
        self.elegir.setObjectName("elegirPaquetes")
        self.elegir.clicked.connect(lambda: self.cargar())  # clicked(False) no debe llegar como lista de archivos
        self.importar = QPushButton("&Importar los aceptados")
        self.importar.setObjectName("importarAceptados")
        self.importar.setEnabled(False)
        self.importar.clicked.connect(self.importar_aceptados)
        fila.addWidget(self.elegir)
        fila.addWidget(self.importar)
        fila.addStretch(1)
        capa.addLayout(fila)
        self.estado = QLabel("Elija o arrastre aquí uno o varios paquetes .zip o .zip.age (se verifican y se muestra qué haría cada uno antes de "
                             "escribir nada), los acuses .json que le devolvió su oficina superior o las actualizaciones de catálogos de la "
                             "Coordinación (se aplican al soltarlos).")
        self.estado.setObjectName("estadoRecepcion")
        self.estado.setWordWrap(True)
        capa.addWidget(self.estado)
        self.modelo = ModeloFilas(COLUMNAS)
        self.vista = tabla(self.modelo, "tablaPaquetes", estirar=5)
        self.vista.selectionModel().currentRowChanged.connect(lambda actual, _: self._detalle(actual.row()))
        capa.addWidget(self.vista, 1)
        self.mensaje_fila = QLabel()  # el mensaje entero de la fila elegida: en la tabla no cabe y es lo que dice qué hacer
        self.mensaje_fila.setObjectName("mensajeFilaRecepcion")
        self.mensaje_fila.setWordWrap(True)
        self.mensaje_fila.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        capa.addWidget(self.mensaje_fila)
        previa = QHBoxLayout()
        previa.addWidget(QLabel("<b>Vista previa registro por registro</b> del paquete seleccionado."))
        previa.addStretch(1)
        self.filtro = Combo("filtroVistaPrevia", [(k, v) for k, v in FILTROS_PREVIA.items()], vacio="Todos los registros")
        self.filtro.setAccessibleName("Mostrar en la vista previa")
        etiqueta = QLabel("&Mostrar:")
        etiqueta.setBuddy(self.filtro)
        self.filtro.currentIndexChanged.connect(lambda _: self._detalle(self.vista.currentIndex().row()))
        previa.addWidget(etiqueta)
        previa.addWidget(self.filtro)
        capa.addLayout(previa)
        self.cuentas = QLabel()  # cuántos registros de cada oficina y trimestre trae el paquete
        self.cuentas.setObjectName("cuentasVistaPrevia")
        self.cuentas.setWordWrap(True)
        capa.addWidget(self.cuentas)
        self.detalle = ModeloFilas(["Resultado", "Fecha", "Municipio", "Tipo", "Mujeres", "Hombres", "Otra", "Sin dato", "Título",
                                    "Qué cambia (antes → después)", "Parece la misma acción que"])
        self.vista_detalle = tabla(self.detalle, "tablaDetalle", estirar=9)
        self.vista_detalle.setAccessibleName("Vista previa registro por registro")
        for columna, ancho in enumerate((92, 90, 120, 110, 68, 70, 46, 68, 160)):  # anchos fijos: medir 100,000 filas congelaría
            self.vista_detalle.horizontalHeader().setSectionResizeMode(columna, QHeaderView.ResizeMode.Interactive)
            self.vista_detalle.setColumnWidth(columna, ancho)
        self.vista_detalle.horizontalHeader().setSectionResizeMode(10, QHeaderView.ResizeMode.Interactive)
        self.vista_detalle.setColumnWidth(10, 160)
        self.vista_detalle.selectionModel().currentRowChanged.connect(lambda actual, _: self._cambio_entero(actual.row()))
        capa.addWidget(self.vista_detalle, 3)
        self.cambio_fila = QLabel()  # lo que cambia en el registro elegido, entero: en la columna no cabe
        self.cambio_fila.setObjectName("cambioFilaRecepcion")
        self.cambio_fila.setWordWrap(True)
        self.cambio_fila.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        capa.addWidget(self.cambio_fila)
        with ctx.base.transaccion() as s:
            self.nombres = nombres_de_catalogo(leer_catalogos(s))
        self.pendientes = 0

    @staticmethod
    def _admitidos(evento) -> list[str]:
        return [u.toLocalFile() for u in evento.mimeData().urls() if u.toLocalFile().lower().endswith((".zip", ".age", ".json"))]

    def dragEnterEvent(self, evento) -> None:  # noqa: N802
        if self._admitidos(evento):
            evento.acceptProposedAction()

    def dropEvent(self, evento) -> None:  # noqa: N802
        self.cargar(self._admitidos(evento))

    def cargar(self, archivos: list[str] | None = None) -> None:
        archivos = archivos if archivos is not None else self.elegir_archivos()
        if not archivos:
            return
        acuses = [a for a in archivos if a.lower().endswith(".json")]
        archivos = [a for a in archivos if a not in acuses]
        for acuse in acuses:
            self.aplicar_acuse(Path(acuse))
        if not archivos:
            return
        identidad = self._identidad_para([Path(a) for a in archivos])
        self.pendientes += len(archivos)
        self.estado.setText(f"Verificando {plural(len(archivos), 'paquete')}…")
        for archivo in archivos:
            correr(lambda a=archivo: importar_uno(self.ctx.base, Path(a), self.ctx.rutas.evidencias, simular=True,
                                                  identidad=identidad), self._verificado, self._fallo)

    def _identidad_para(self, archivos: list[Path]) -> Identidad | None:
        """Si algún paquete viene cifrado, la frase se pide una sola vez para todo el lote (y su importación)."""
        if self.identidad is not None or not any(cifrado.es_cifrado(a) for a in archivos):
            return self.identidad
        try:
            abiertas = self.ctx.abrir_llaves(self, "Hay paquetes cifrados para esta oficina: para abrirlos (y firmar sus acuses)")
            if abiertas is None:
                return None  # cada paquete cifrado queda rechazado con IDENTIDAD_REQUERIDA
            texto, self.firma = abiertas.identidad, abiertas.privada  # la misma frase firma los acuses de este lote
        except EntradaRechazada as e:
            error = e

            def rechazar() -> str:
                raise error

            return rechazar
        self.identidad = lambda: texto
        return self.identidad

    def _verificado(self, resultado: Resultado) -> None:
        self.pendientes -= 1
        self.resultados[resultado.archivo] = resultado
        self._mostrar()

    def _fallo(self, error: Exception) -> None:
        self.pendientes -= 1
        self.estado.setText(f"Falla interna al verificar: {error}")

    def aplicar_acuse(self, archivo: Path) -> None:
        """El acuse firmado de la oficina superior marca los registros enviados como aceptados u observados; en una
        estatal, el de la Coordinación deja junto a él un acuse firmado para cada paquete municipal concernido."""
        hecho = aplicar_acuse(self.ctx.base, archivo, salida=self._carpeta_para_reenviar, llave=self._llave_para_reenviar,
                              autor="Recepción")
        if hecho["resultado"] == "rechazado":
            self.acuses_recibidos[str(archivo)] = ("RECHAZADO", hecho["codigo"], hecho["mensaje"])
        else:
            self.acuses_recibidos[str(archivo)] = (APLICADOS.get(hecho["resultado"], "acuse aplicado"), "", hecho.get("texto", ""))
        self._mostrar()
        resultado, _, texto = self.acuses_recibidos[str(archivo)]
        self.estado.setText(f"{archivo.name}: {texto}" if resultado != "RECHAZADO" else f"{archivo.name} no se aplicó: {texto}")
        self.acuse_aplicado.emit()
        if resultado != "RECHAZADO":
            self.ctx.datos_cambiados.emit()

    def _carpeta_para_reenviar(self) -> Path | None:
        """Dónde escribir los acuses de las municipales (p. ej. la memoria USB que les lleva): se pregunta, solo si hay."""
        carpeta = self.elegir_carpeta_reenvio()
        return Path(carpeta) if carpeta else None

    def _llave_para_reenviar(self):
        """La llave de la oficina, solo cuando hay que firmar acuses para las municipales."""
        abiertas = self.ctx.abrir_llaves(self, "Para firmar los acuses de sus oficinas municipales")
        if abiertas is None:
            raise EntradaRechazada("no se dio la frase de acceso. Vuelva a aplicar el acuse de la Coordinación para escribirlos.")
        return abiertas.privada

    def _mostrar(self) -> None:
        filas = []
        for r in self.resultados.values():
            c = r.conteos
            filas.append((Path(r.archivo).name, r.oficina, r.secuencia or None, ETIQUETAS.get(r.resultado, r.resultado), r.codigo,
                          r.mensaje + "".join(f" {x[0].upper() + x[1:]}." for x in r.faltantes),
                          c["nuevos"], c["actualizados"], c["sin_cambios"], c["obsoletos"], c["conflictos"], c["enmiendas"],
                          len(r.duplicados) if r.resultado in ("simulado", "importado") else None))
        for archivo, (resultado, codigo, texto) in self.acuses_recibidos.items():
            filas.append((Path(archivo).name, "", None, resultado, codigo, texto, None, None, None, None, None, None, None))
        self.modelo.cargar(filas)
        aceptados = [r for r in self.resultados.values() if r.resultado == "simulado"]
        rechazados = [r for r in self.resultados.values() if r.resultado == "rechazado"]
        self.importar.setEnabled(bool(aceptados) and self.pendientes == 0)
        if self.pendientes == 0:
            self.estado.setText(f"{plural(len(aceptados), 'paquete listo', 'paquetes listos')} para importar, {plural(len(rechazados), 'rechazado')}. "
                                "Seleccione un paquete para ver su vista previa.")

    def _detalle(self, fila: int) -> None:
        if 0 <= fila < len(self.modelo.filas):
            archivo, _, _, resultado, codigo, mensaje = self.modelo.filas[fila][:6]
            self.mensaje_fila.setText(" · ".join(str(x) for x in (archivo, resultado, codigo) if x) + f": {mensaje}")
        if fila < 0 or fila >= len(self.resultados):
            return
        r = list(self.resultados.values())[fila]
        parecidos = self._parecidos(r)
        n = self.nombres
        self.detalle.cargar([(RESULTADOS.get(d["resultado"], d["resultado"]) + (" · posible duplicado" if d.get("posible_duplicado") else ""),
                              valor_legible("fecha_inicio", d.get("fecha_inicio")), n["municipio"].get(d.get("municipio"), d.get("municipio")),
                              n["tipo_accion"].get(d.get("tipo_accion"), d.get("tipo_accion")),
                              d.get("mujeres"), d.get("hombres"), d.get("otra_identidad"), d.get("sin_dato"), d["titulo"],
                              self._cambios(d), "; ".join(parecidos.get(d["id"], [])))
                             for d in filtrar_previa(r.detalle, self.filtro.valor())])
        self.vista_detalle.setColumnHidden(10, not r.duplicados)
        self.cambio_fila.clear()
        self.cuentas.setText("Por oficina y trimestre: " + " · ".join(
            f"{c['oficina']} {c['trimestre'] or 'sin fecha'}: " + ", ".join(f"{x} {RESULTADOS.get(k, k)}" for k, x in c.items()
                                                                      if k not in ("oficina", "trimestre", "registros"))
            for c in por_oficina_y_trimestre(r.detalle)) if r.detalle else "")

    def _cambio_entero(self, fila: int) -> None:
        if 0 <= fila < len(self.detalle.filas):
            f = self.detalle.filas[fila]
            self.cambio_fila.setText(f"«{f[8][:120]}»: {f[9]}" if f[9] else "")

    def _cambios(self, d: dict) -> str:
        """«Mujeres: 27 → 77; Título: … → …» para una actualización, enmienda o conflicto; solo los nombres si no hay «antes»."""
        cambios = d.get("cambios")
        if not cambios:
            return ", ".join(nombre_de_campo(c) for c in d["campos"]) if d["resultado"] != "nuevos" else ""
        orden = sorted(cambios.items(), key=lambda x: x[0] in SECUNDARIOS)  # los avisos reconocidos, al final
        return "; ".join(f"{nombre_de_campo(c)}: {valor_legible(c, a, self.nombres)[:160]} → {valor_legible(c, b, self.nombres)[:160]}"
                         for c, (a, b) in orden)

    def _parecidos(self, r: Resultado) -> dict[str, list[str]]:
        """Por registro del paquete, los posibles duplicados que se le hallaron: del mismo paquete o ya guardados."""
        if not r.duplicados:
            return {}
        titulos = {d["id"]: f"«{d['titulo']}» (en este paquete)" for d in r.detalle}
        otros = sorted({x for par in r.duplicados for x in par} - set(titulos))
        with self.ctx.base.transaccion() as s:
            for id_, titulo, origen in s.execute(select(Accion.id, Accion.titulo, Accion.oficina_origen).where(Accion.id.in_(otros))):
                titulos[id_] = f"«{titulo}» ({origen}, ya guardada)"
        parecidos: dict[str, list[str]] = {}
        for a, b in r.duplicados:
            parecidos.setdefault(a, []).append(titulos.get(b, b))
            parecidos.setdefault(b, []).append(titulos.get(a, a))
        return parecidos

    def importar_aceptados(self) -> None:
        aceptados = [Path(r.archivo) for r in self.resultados.values() if r.resultado == "simulado"]
        self.importar.setEnabled(False)
        self.estado.setText(f"Importando {plural(len(aceptados), 'paquete')}…")
        rutas = self.ctx.rutas
        archivo = self.ctx.base.archivo  # el SQLite que de verdad se usa, también con --base
        respaldo = (lambda: respaldar(archivo, rutas.respaldos, "antes-de-importar")) if archivo and archivo.exists() else None
        self.progreso = DialogoProgreso(self, "Importar paquetes", f"Importando {plural(len(aceptados), 'paquete')}…")

        identidad, self.identidad = self.identidad, None

        def trabajo(progreso):
            hechos = []  # cada paquete en su propia transacción (T14), con la barra de avance entre uno y otro
            for i, a in enumerate(aceptados):
                progreso(i, len(aceptados))
                hechos.append(importar_uno(self.ctx.base, a, rutas.evidencias, antes_de_escribir=respaldo, identidad=identidad))
            progreso(len(aceptados), len(aceptados))
            return hechos

        correr(trabajo, self._importados, self._fallo_importar, progreso=self.progreso.avance)

    def _fallo_importar(self, error: Exception) -> None:
        self.progreso.cerrar()
        self._fallo(error)

    def _importados(self, resultados: list[Resultado]) -> None:
        self.progreso.cerrar()
        for r in resultados:
            self.resultados[r.archivo] = r
        self._mostrar()
        importados = [r for r in resultados if r.resultado == "importado"]
        if importados:
            self.ctx.datos_cambiados.emit()
        self.acuses = self._escribir_acuses(importados) if importados else []
        self.estado.setText(f"{plural(len(importados), 'paquete importado', 'paquetes importados')}. "
                            + (f"Acuses firmados junto a cada paquete: {', '.join(a.name for a in self.acuses)}." if self.acuses
                               else "Los acuses no se firmaron: emítalos después con la orden «acuse»."))

    def _escribir_acuses(self, importados: list[Resultado]) -> list[Path]:
        """Un acuse firmado (JSON y PDF) junto a cada paquete importado."""
        privada, self.firma = self.firma, None
        if privada is None:
            try:
                abiertas = self.ctx.abrir_llaves(self, "Para firmar los acuses de recibo")
            except EntradaRechazada:
                return []
            if abiertas is None:
                return []
            privada = abiertas.privada
        from reportes.hojas import acuse as acuse_pdf  # reportlab se carga solo cuando hace falta
        from reportes.hojas import oficinas_del_acuse, titulos

        escritos = []
        for r in importados:
            with self.ctx.base.transaccion() as s:
                local = oficina_local(s)
                documento = emitir(s, r.paquete, privada, local.responsable if local else "Recepción")
                nombres = titulos(s, [x["id"] for x in documento["registros"]])
                oficinas = oficinas_del_acuse(s, documento)
            destino = Path(r.archivo).with_name(Path(r.archivo.removesuffix(".age")).stem + "-acuse.json")
            destino.write_text(json.dumps(documento, ensure_ascii=False, indent=2), encoding="utf-8")
            acuse_pdf(destino.with_suffix(".pdf"), documento, nombres, oficinas)
            escritos.append(destino)
        return escritos
