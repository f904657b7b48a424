"""Página Configuración: la llave de la oficina, su ficha, el registro de oficinas conocidas, rotación y revocación."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from base_local.apertura import abrir_base
from base_local.errores import EntradaRechazada
from base_local.modelos import Llave, Oficina, PaqueteEntrada
from base_local.respaldos import BaseDanada, respaldar, restaurar
from empaquetado import llaves
from empaquetado.confianza import ficha, leer_documento, registrar, revocar, rotar_llave_local
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ROL_FILA, ModeloFilas
from escritorio.pagina_envios import tabla


class PaginaConfiguracion(QWidget):
    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_configuracion")
        self.ctx = ctx
        self.elegir_destino = lambda: QFileDialog.getSaveFileName(self, "Guardar ficha", "ficha.json", "Ficha (*.json)")[0]
        self.elegir_documento = lambda: QFileDialog.getOpenFileName(self, "Ficha o aviso de rotación", "", "JSON (*.json)")[0]
        self.elegir_destino_aviso = lambda: QFileDialog.getSaveFileName(self, "Guardar aviso de rotación", "rotacion.json", "JSON (*.json)")[0]
        self.elegir_respaldo = lambda: QFileDialog.getOpenFileName(self, "Restaurar respaldo", str(ctx.rutas.respaldos), "Respaldos (*.sqlite)")[0]
        self.pedir_motivo = lambda: QInputDialog.getText(self, "Revocar llave", "Motivo de la revocación:")
        capa = QVBoxLayout(self)
        self.identidad = QLabel()
        self.identidad.setObjectName("identidadOficina")
        self.identidad.setWordWrap(True)
        capa.addWidget(self.identidad)
        fila = QGridLayout()
        for i, (texto, nombre, accion) in enumerate((("&Guardar mi ficha…", "guardarFicha", self.guardar_ficha),
                                      ("&Registrar ficha o aviso de rotación…", "registrarFicha", self.registrar_ficha),
                                      ("Re&vocar la llave seleccionada…", "revocarLlave", self.revocar_seleccionada),
                                      ("R&otar mi llave…", "rotarLlave", self.rotar),
                                      ("Respaldar a&hora", "respaldar", self.respaldar),
                                      ("Res&taurar un respaldo…", "restaurar", self.restaurar))):
            boton = QPushButton(texto)
            boton.setObjectName(nombre)
            boton.clicked.connect(accion)
            fila.addWidget(boton, i // 3, i % 3)
        fila.setColumnStretch(3, 1)
        capa.addLayout(fila)
        self.mensaje = QLabel()
        self.mensaje.setObjectName("mensajeConfiguracion")
        self.mensaje.setWordWrap(True)
        capa.addWidget(self.mensaje)
        capa.addWidget(QLabel("<b>Oficinas y llaves registradas</b>"))
        self.modelo = ModeloFilas(["Oficina", "Tipo", "Nombre", "Entidad", "Municipio", "Superior", "Huella", "Estado de la llave",
                                   "Motivo", "Último paquete", "Recibido el"])
        self.vista = tabla(self.modelo, "tablaLlaves", estirar=2)
        capa.addWidget(self.vista, 1)
        self.actualizar()

    def showEvent(self, evento) -> None:  # noqa: N802
        self.actualizar()  # el último paquete de cada oficina cambia al importar en Recepción
        super().showEvent(evento)

    def actualizar(self) -> None:
        oficina = self.ctx.oficina()
        with self.ctx.base.transaccion() as s:
            ultimos = {o: (n, f) for o, n, f in s.execute(select(PaqueteEntrada.oficina, func.max(PaqueteEntrada.secuencia),
                                                                     func.max(PaqueteEntrada.importado_en)).group_by(PaqueteEntrada.oficina))}
            filas = [
                (o.clave, o.tipo, o.nombre, o.entidad, o.municipio, o.superior, llaves.huella_legible(k.huella)[:19] + "…",
                 k.estado, k.motivo, ultimos.get(o.clave, (None, None))[0],
                 ultimos[o.clave][1].strftime("%d/%m/%Y") if o.clave in ultimos else "", k.huella)
                for k, o in s.execute(select(Llave, Oficina).join(Oficina, Oficina.clave == Llave.oficina).order_by(Oficina.clave, Llave.registrada_en))
            ]
            propia = s.scalar(select(Llave).where(Llave.oficina == (oficina.clave if oficina else ""), Llave.estado == "activa"))
        self.modelo.cargar(filas)
        if oficina and propia:
            self.identidad.setText(
                f"<h3>{oficina.nombre}</h3>Oficina {oficina.clave} ({oficina.tipo}); envía a {oficina.superior or '—'}.<br>"
                f"Huella de su llave:<br><span style='font-size:16pt; font-family:monospace'>{llaves.huella_legible(propia.huella)}</span>"
            )

    def _avisar(self, texto: str) -> None:
        self.mensaje.setText(texto)

    def guardar_ficha(self) -> None:
        destino = self.elegir_destino()
        if not destino:
            return
        frase = self.ctx.pedir_frase(self, "Para firmar la ficha")
        if frase is None:
            return
        try:
            privada = llaves.abrir(self.ctx.rutas.llave_privada, frase)
        except (llaves.FraseIncorrecta, llaves.LlaveDanada) as e:
            self._avisar(str(e))
            return
        with self.ctx.base.transaccion() as s:
            documento = ficha(s, privada)
        Path(destino).write_text(json.dumps(documento, ensure_ascii=False, indent=2), encoding="utf-8")
        self._avisar(f"Ficha guardada en {destino}. Llévela (y su impresión) a la oficina superior.")

    def registrar_ficha(self) -> None:
        archivo = self.elegir_documento()
        if not archivo:
            return
        try:
            documento = leer_documento(Path(archivo))
            with self.ctx.base.transaccion() as s:
                resultado = registrar(s, documento)
        except EntradaRechazada as e:
            self._avisar(f"No se registró: {e}")
            return
        self.actualizar()
        self._avisar(resultado["texto"])

    def rotar(self) -> None:
        destino = self.elegir_destino_aviso()
        if not destino:
            return
        frase = self.ctx.pedir_frase(self, "Para rotar la llave (la nueva queda protegida con la misma frase)")
        if frase is None:
            return
        try:
            anterior = llaves.abrir(self.ctx.rutas.llave_privada, frase)
            with self.ctx.base.transaccion() as s:
                aviso = rotar_llave_local(s, self.ctx.rutas.llave_privada, anterior, frase)
                Path(destino).write_text(json.dumps(aviso, ensure_ascii=False, indent=2), encoding="utf-8")
        except (llaves.FraseIncorrecta, llaves.LlaveDanada) as e:
            self._avisar(str(e))
            return
        self.actualizar()
        self._avisar(f"Llave rotada. Lleve {destino} a su oficina superior para que la registre.")

    def respaldar(self) -> None:
        archivo = self.ctx.base.archivo  # el SQLite que de verdad se usa, también con --base
        if archivo is None or not archivo.exists():
            self._avisar("Esta oficina usa una base de datos en servidor: respáldela con las herramientas del servidor (pg_dump).")
            return
        copia = respaldar(archivo, self.ctx.rutas.respaldos, "manual")
        self._avisar(f"Copia de seguridad guardada en {copia}.")

    def restaurar(self) -> None:
        copia = self.elegir_respaldo()
        if not copia:
            return
        url, archivo = self.ctx.base.motor.url, self.ctx.base.archivo
        if archivo is None:
            self._avisar("Esta oficina usa una base de datos en servidor: restáurela con las herramientas del servidor.")
            return
        self.ctx.base.cerrar()
        try:
            previa = restaurar(archivo, Path(copia), self.ctx.rutas.respaldos)
        except BaseDanada as e:
            self._avisar(str(e))
            return
        finally:
            self.ctx.base = abrir_base(url, self.ctx.rutas.respaldos)
        self.actualizar()
        self._avisar(f"Base restaurada desde {Path(copia).name}. La anterior quedó en {previa}.")

    def revocar_seleccionada(self) -> None:
        indice = self.vista.currentIndex()
        if not indice.isValid():
            self._avisar("Seleccione primero la llave que quiere revocar.")
            return
        fila = self.modelo.data(indice, ROL_FILA)
        motivo, ok = self.pedir_motivo()
        if not ok:
            return
        try:
            with self.ctx.base.transaccion() as s:
                resultado = revocar(s, fila[-1], motivo)
        except EntradaRechazada as e:
            self._avisar(str(e))
            return
        self.actualizar()
        self._avisar(resultado["texto"])
