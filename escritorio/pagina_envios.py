"""Página Envíos: qué saldría en el próximo paquete, qué se queda fuera (errores, borradores), exportar, carátula e historial."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import CLAVE_CENTRAL
from base_local.modelos import Accion, AcuseRecibido, PaqueteSalida
from base_local.oficinas import oficina_local
from base_local.periodos import anterior, limites, periodo_de
from empaquetado import politica
from empaquetado.exportar import en_claro, escribir_caratula, exportar_y_publicar, preparar, reenviar
from escritorio import archivos
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ModeloFilas, tabla
from escritorio.trabajos import DialogoProgreso, correr
from formularios.legible import en_lista, momento_local, plural


def acuses_por_paquete(sesion: Session, paquetes: list[str]) -> dict[str, str]:
    """Por paquete enviado, el último acuse que volvió: de quién, cuándo y qué dijo («Coordinación vía E07 ·
    22/11/2026 14:05 · 10 aceptadas, 2 observadas»), y cuántos llegaron antes."""
    salida: dict[str, list[str]] = {}
    for a in sesion.scalars(select(AcuseRecibido).where(AcuseRecibido.paquete.in_(paquetes)).order_by(AcuseRecibido.emitido_en)):
        if a.origen == CLAVE_CENTRAL:
            quien = "Coordinación" if a.emisor == CLAVE_CENTRAL else f"Coordinación vía {a.emisor}"
        else:
            quien = f"Estatal {a.emisor}"
        salida.setdefault(a.paquete, []).append(f"{quien} · {momento_local(a.emitido_en)} · "
                                                f"{plural(a.aceptadas, 'aceptada')}, {plural(a.observadas, 'observada')}")
    return {p: textos[-1] + (f" (y {plural(len(textos) - 1, 'acuse anterior', 'acuses anteriores')})" if len(textos) > 1 else "")
            for p, textos in salida.items()}


def _trimestres(trimestres: list[str]) -> str:
    """Todos los trimestres que lleva el paquete: «trimestre 2026T4» o «trimestres 2026T1 y 2026T4»."""
    return f"{'trimestre' if len(trimestres) == 1 else 'trimestres'} {en_lista(trimestres)}"


class PaginaEnvios(QWidget):
    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_envios")
        self.ctx = ctx
        self.elegir_carpeta = lambda: archivos.elegir_carpeta(self, ctx, "Carpeta donde guardar el paquete")
        self.caratula: Path | None = None
        capa = QVBoxLayout(self)
        fila = QHBoxLayout()
        etiqueta_periodo = QLabel("Periodo del paquete:")
        fila.addWidget(etiqueta_periodo)
        self.periodo = QComboBox()
        self.periodo.setObjectName("periodo")
        self.periodo.setAccessibleName("Periodo del paquete")
        etiqueta_periodo.setBuddy(self.periodo)
        actual = periodo_de(date.today())
        for texto, valor in (("Todo lo pendiente", ""), (f"Trimestre anterior ({anterior(actual)})", anterior(actual)),
                             (f"Trimestre actual ({actual})", actual)):
            self.periodo.addItem(texto, valor)
        self.periodo.currentIndexChanged.connect(self.actualizar)
        fila.addWidget(self.periodo)
        fila.addStretch(1)
        self.boton = QPushButton("&Exportar paquete firmado…")
        self.boton.setObjectName("exportar")
        self.boton.clicked.connect(self.exportar)
        fila.addWidget(self.boton)
        capa.addLayout(fila)
        self.resumen = QLabel()
        self.resumen.setObjectName("resumenEnvio")
        self.resumen.setWordWrap(True)
        capa.addWidget(self.resumen)
        self.cifrado = QLabel()
        self.cifrado.setObjectName("avisoCifrado")
        self.cifrado.setWordWrap(True)
        capa.addWidget(self.cifrado)
        capa.addWidget(QLabel("<b>No se incluirán</b> (corrija sus errores o termine sus borradores en Captura):"))
        self.excluidos = ModeloFilas(["Título", "Primer error"])
        capa.addWidget(tabla(self.excluidos, "tablaExcluidos"), 1)
        fila_enviados = QHBoxLayout()
        fila_enviados.addWidget(QLabel("<b>Paquetes enviados</b> (una copia de cada uno se guarda en la carpeta de datos)"))
        fila_enviados.addStretch(1)
        self.boton_reenviar = QPushButton("Reen&viar…")
        self.boton_reenviar.setObjectName("reenviar")
        self.boton_reenviar.setToolTip("Escribe otra vez, byte a byte, el paquete seleccionado (por ejemplo, en otra memoria USB)")
        self.boton_reenviar.clicked.connect(self.reenviar)
        fila_enviados.addWidget(self.boton_reenviar)
        self.botones_caratula: dict[str, QPushButton] = {}
        for nombre, texto, accion in (("abrirCaratula", "Abrir la &carátula (PDF)", self.abrir_caratula),
                                      ("imprimirCaratula", "Im&primir la carátula", self.imprimir_caratula)):
            boton = QPushButton(texto)
            boton.setObjectName(nombre)
            boton.setEnabled(False)
            boton.clicked.connect(accion)
            self.botones_caratula[nombre] = boton
            fila_enviados.addWidget(boton)
        capa.addLayout(fila_enviados)
        self.historial = ModeloFilas(["Secuencia", "Creado", "Trimestres", "Registros", "Huella", "Acuse", "Archivo"])
        self.vista_historial = tabla(self.historial, "tablaHistorialEnvios")
        self.vista_historial.selectionModel().currentRowChanged.connect(lambda actual, _: self._elegir_paquete(actual.row()))
        capa.addWidget(self.vista_historial, 1)
        self.huellas: list[str] = []
        self.superior = ""
        self.cargada = False  # revisar lo pendiente valida cada registro: se hace al mostrar la página, no al arrancar

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargada:
            self.actualizar()
        super().showEvent(evento)

    def actualizar(self) -> None:
        self.cargada = True
        with self.ctx.base.transaccion() as s:
            prep = preparar(s, self.periodo.currentData() or None)
            paquetes = s.scalars(select(PaqueteSalida).order_by(PaqueteSalida.secuencia.desc())).all()
            acuses = acuses_por_paquete(s, [p.id for p in paquetes])
            filas = [(p.secuencia, momento_local(p.creado_en), en_lista(p.trimestres.split()) if p.trimestres else p.periodo, p.registros,
                      p.sha256[:16], acuses.get(p.id, "no ha vuelto"), p.archivo) for p in paquetes]
            self.huellas = [p.sha256 for p in paquetes]
            local = oficina_local(s)
            para, aviso = politica.destinatarios_del_envio(s, local)
            self.superior = local.superior
            borradores = s.execute(select(Accion.titulo).where(Accion.estado == "borrador", *self._del_periodo(prep.periodo))
                                   .order_by(Accion.actualizado_en.desc())).scalars().all()
        self.excluidos.cargar([(t, e[0]) for _, t, e in prep.excluidos]
                              + [(t or "(sin título)", "Es un borrador: ábralo en Captura y guárdelo como lista (Ctrl+S).")
                                 for t in borradores])
        self.historial.cargar(filas)
        self._mostrar_cifrado([quien for quien, _ in para], aviso)
        self.boton.setEnabled(bool(prep.registros))
        if prep.registros:
            self.resumen.setText(f"{plural(len(prep.registros), 'registro listo', 'registros listos')} para el próximo paquete "
                                 f"({_trimestres(prep.trimestres or [prep.periodo])}).")
        else:
            self.resumen.setText("No hay nada nuevo que enviar desde el último paquete.")

    def _mostrar_cifrado(self, para: list[str], aviso: str) -> None:
        """Para quién se cifrará el próximo paquete o, si saldrá sin cifrar, el aviso bien visible."""
        if para:
            self.cifrado.setStyleSheet("")
            self.cifrado.setText(f"Cifrado: el paquete se firma y luego se cifra para: {', '.join(para)}. Solo ellos podrán leerlo.")
        elif not self.superior:  # la Coordinación: no manda paquetes a nadie, no hay nada que advertir
            self.cifrado.setStyleSheet("")
            self.cifrado.setText(aviso)
        else:
            self.cifrado.setStyleSheet("color: #8a1c1c; font-weight: bold;")
            self.cifrado.setText(f"ATENCIÓN: {aviso}")

    def _del_periodo(self, periodo: str) -> tuple:
        return (Accion.fecha_inicio.between(*limites(periodo)),) if self.periodo.currentData() else ()

    def _elegir_paquete(self, fila: int) -> None:
        self.caratula = None
        if 0 <= fila < len(self.historial.filas):
            archivo = Path(self.historial.filas[fila][-1])
            claro = self.ctx.rutas.enviados / en_claro(archivo).name
            self.caratula = archivo.with_name(en_claro(archivo).stem + "-caratula.pdf")
            legible = claro.exists() or archivo == en_claro(archivo)  # un .age se lee por su zip firmado guardado
            if not self.caratula.exists() and archivo.exists() and legible:
                with self.ctx.base.transaccion() as s:
                    escribir_caratula(s, archivo, self.huellas[fila], claro if claro.exists() else None)
        for boton in self.botones_caratula.values():
            boton.setEnabled(self.caratula is not None and self.caratula.exists())

    def abrir_caratula(self) -> None:
        if self.caratula is not None and (problema := archivos.abrir(self.caratula)):
            self.resumen.setText(problema)

    def imprimir_caratula(self) -> None:
        if self.caratula is not None:
            self.resumen.setText(archivos.imprimir(self.caratula))

    def exportar(self) -> None:
        carpeta = self.elegir_carpeta()
        if not carpeta:
            return
        try:
            abiertas = self.ctx.abrir_llaves(self, "Para firmar el paquete")
        except EntradaRechazada as e:
            self.resumen.setText(f"No se exportó: {e}")
            return
        if abiertas is None:
            return
        self.boton.setEnabled(False)
        self.resumen.setText("Firmando y escribiendo el paquete…")
        periodo = self.periodo.currentData() or None
        self.progreso = DialogoProgreso(self, "Exportar paquete", "Firmando y escribiendo el paquete: registros")

        def trabajo(progreso):
            hecho = exportar_y_publicar(self.ctx.base, self.ctx.rutas, lambda: abiertas.privada, Path(carpeta), periodo, progreso)[1]
            if hecho is not None:  # el paquete ya está escrito; si la carátula falla, se reintenta al elegirlo en la lista
                with contextlib.suppress(OSError, ValueError), self.ctx.base.transaccion() as s:
                    escribir_caratula(s, hecho.archivo, hecho.huella, hecho.claro)
            return hecho

        correr(trabajo, self._exportado, self._fallo, progreso=self.progreso.avance)

    def _releer(self) -> None:
        """Avisa a la ventana que la base cambió; si nadie volvió a leer esta página (sola, en pruebas), se lee aquí."""
        self.cargada = False
        self.ctx.datos_cambiados.emit()
        if not self.cargada:
            self.actualizar()

    def _exportado(self, hecho) -> None:
        self.progreso.cerrar()
        self._releer()
        if hecho is None:
            return
        self.vista_historial.selectRow(0)  # el recién escrito: su carátula queda lista para abrir e imprimir
        escrito = f"Paquete {hecho.secuencia} escrito en {hecho.archivo} con {plural(hecho.registros, 'registro')}. "
        if not self.superior:
            self.resumen.setText(escrito + "Va firmado y sin cifrar: la Coordinación no tiene oficina superior.")
            return
        cifrado = (f"Va cifrado para: {', '.join(d['para'] for d in hecho.cifrado_para)}. " if hecho.cifrado_para
                   else "ATENCIÓN: salió SIN CIFRAR (vea el aviso). ")
        self.resumen.setText(f"{escrito}{cifrado}Imprima la carátula (botón Imprimir) y lleve el archivo y la carátula a su oficina superior.")

    def _fallo(self, error: Exception) -> None:
        self.progreso.cerrar()
        self._releer()
        self.resumen.setText(f"La exportación no terminó: {error}")

    def reenviar(self) -> None:
        """Los mismos bytes del paquete seleccionado, otra vez, en la carpeta que se elija."""
        indice = self.vista_historial.currentIndex()
        if not indice.isValid():
            self.resumen.setText("Seleccione en la lista el paquete enviado que quiere reenviar.")
            return
        secuencia = self.historial.filas[indice.row()][0]
        carpeta = self.elegir_carpeta()
        if not carpeta:
            return
        try:
            with self.ctx.base.transaccion() as s:
                archivo = reenviar(s, self.ctx.rutas, secuencia, Path(carpeta))
        except (EntradaRechazada, OSError) as e:
            self.resumen.setText(f"No se reenvió el paquete {secuencia}: {e}")
            return
        self.resumen.setText(f"Paquete {secuencia} escrito de nuevo, byte a byte, en {archivo}. Llévelo a su oficina superior.")
