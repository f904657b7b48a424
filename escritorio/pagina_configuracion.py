"""Página Configuración: la llave de la oficina, su ficha, el registro de oficinas conocidas, rotación y revocación, y la
huella de la llave de la Coordinación que firma las actualizaciones de catálogos."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from base_local.apertura import abrir_base
from base_local.errores import EntradaRechazada
from base_local.modelos import Llave, Oficina, PaqueteEntrada
from base_local.respaldos import respaldar
from empaquetado import llaves
from empaquetado.actualizacion import (
    fijar_huella_central,
    huella_empaquetada,
    huella_fijada,
    huella_limpia,
    version_local,
)
from empaquetado.confianza import ficha, leer_documento, registrar, revocar, rotar_llave_local
from empaquetado.recuperacion import restaurar
from escritorio import archivos, dialogos
from escritorio import recuperar as recuperacion
from escritorio.contexto import ContextoApp
from escritorio.modelo_filas import ROL_FILA, ModeloFilas, tabla
from formularios.legible import momento_local


def huella_anunciada(documento: dict) -> tuple[str, str] | None:
    """(oficina, huella legible) que anuncia una ficha o un aviso de rotación, para compararla antes de registrar."""
    try:
        if "huella_nueva" in documento:
            return str(documento.get("oficina", "")), llaves.huella_legible(str(documento["huella_nueva"]))
        publica = base64.b64decode(documento["llave_publica"], validate=True)
        datos = documento["oficina"]
        return f"{datos['clave']} — {datos.get('nombre', '')}", llaves.huella_legible(llaves.huella(publica))
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None  # el registro la rechazará con su propio mensaje


def _en_renglones(huella: str) -> str:
    grupos = huella.split(" ")
    return "<br>".join(" ".join(grupos[i : i + 4]) for i in range(0, len(grupos), 4))


class PaginaConfiguracion(QWidget):
    restaurada = Signal()  # la base cambió entera: la ventana vuelve a leer todas las páginas

    def __init__(self, ctx: ContextoApp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_configuracion")
        self.ctx = ctx
        self.elegir_destino = lambda: archivos.elegir_para_guardar(self, ctx, "Guardar ficha", "ficha.json", "Ficha (*.json)")
        self.elegir_documento = lambda: next(iter(archivos.elegir_para_abrir(self, ctx, "Ficha o aviso de rotación", "JSON (*.json)")), "")
        self.elegir_destino_aviso = lambda: archivos.elegir_para_guardar(self, ctx, "Guardar aviso de rotación", "rotacion.json", "JSON (*.json)")
        self.ficha_pdf: Path | None = None
        self.elegir_respaldo = lambda: dialogos.elegir_archivo(self, "Restaurar respaldo", str(ctx.rutas.respaldos), "Respaldos (*.sqlite)")
        self.elegir_llave = lambda: dialogos.elegir_archivo(self, "Archivo de llave de la oficina", "", "Llave (*.json)")
        self.elegir_carpeta_nueva = lambda: dialogos.elegir_carpeta(self, "Carpeta vacía para la oficina recuperada")
        self.huella_del_programa = huella_empaquetada
        self.pedir_motivo = lambda: dialogos.pedir_texto(self, "Revocar llave", "Motivo de la revocación (queda en el registro):",
                                                         aceptar="&Seguir")
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
                                      ("Res&taurar un respaldo…", "restaurar", self.restaurar),
                                      ("Recu&perar una oficina en otra carpeta…", "recuperarOficina", self.recuperar_oficina),
                                      *((("Fijar la huella de la &Coordinación…", "fijarCentral", self.fijar_central),)
                                        if ctx.oficina() is not None and ctx.oficina().tipo != "central" else ()))):
            boton = QPushButton(texto)
            boton.setObjectName(nombre)
            boton.clicked.connect(accion)
            fila.addWidget(boton, i // 3, i % 3)
        fila.setColumnStretch(3, 1)
        capa.addLayout(fila)
        fila_ficha = QHBoxLayout()
        self.botones_ficha: list[QPushButton] = []
        for texto, nombre, accion in (("A&brir mi ficha (PDF)", "abrirFicha", lambda: self._avisar(archivos.abrir(self.ficha_pdf) or f"Se abrió {self.ficha_pdf.name}.")),
                                      ("Imprimir mi &ficha", "imprimirFicha", lambda: self._avisar(archivos.imprimir(self.ficha_pdf)))):
            boton = QPushButton(texto)
            boton.setObjectName(nombre)
            boton.setEnabled(False)
            boton.clicked.connect(accion)
            self.botones_ficha.append(boton)
            fila_ficha.addWidget(boton)
        fila_ficha.addStretch(1)
        capa.addLayout(fila_ficha)
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
                 momento_local(ultimos[o.clave][1]) if o.clave in ultimos else "", k.huella)
                for k, o in s.execute(select(Llave, Oficina).join(Oficina, Oficina.clave == Llave.oficina).order_by(Oficina.clave, Llave.registrada_en))
            ]
            propia = s.scalar(select(Llave).where(Llave.oficina == (oficina.clave if oficina else ""), Llave.estado == "activa"))
            version, central = version_local(s), huella_fijada(s)
        self.modelo.cargar(filas)
        if oficina and propia:
            catalogos = f"Catálogos y metas: versión {version}."
            if oficina.tipo != "central":
                catalogos += (f" Huella de la Coordinación fijada: {llaves.huella_legible(central)[:19]}…" if central else
                              " Huella de la Coordinación: " + ("la que trae el programa (aún no confirmada aquí)."
                                                                if self.huella_del_programa() else "sin fijar."))
            self.identidad.setText(
                f"<h3>{oficina.nombre}</h3>Oficina {oficina.clave} ({oficina.tipo}); envía a {oficina.superior or '—'}.<br>"
                f"Huella de su llave:<br><span style='font-size:16pt; font-family:monospace'>{llaves.huella_legible(propia.huella)}</span>"
                f"<br>{catalogos}"
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
            abiertas = llaves.abrir_llaves(self.ctx.rutas.llave_privada, frase)
        except (llaves.FraseIncorrecta, llaves.LlaveDanada) as e:
            self._avisar(str(e))
            return
        with self.ctx.base.transaccion() as s:
            documento = ficha(s, abiertas.privada, abiertas.destinatario)  # con su llave de cifrado
        Path(destino).write_text(json.dumps(documento, ensure_ascii=False, indent=2), encoding="utf-8")
        from reportes.hojas import ficha as ficha_en_pdf  # reportlab se carga solo cuando hace falta

        self.ficha_pdf = ficha_en_pdf(Path(destino).with_suffix(".pdf"), documento)
        for boton in self.botones_ficha:
            boton.setEnabled(True)
        self._avisar(f"Ficha guardada en {destino} y para imprimir en {self.ficha_pdf.name}. Llévelas a la oficina superior.")

    def registrar_ficha(self) -> None:
        archivo = self.elegir_documento()
        if not archivo:
            return
        try:
            documento = leer_documento(Path(archivo))
            anunciada = huella_anunciada(documento)
            if anunciada is not None and not dialogos.confirmar(
                    self, "Compare la huella antes de registrar",
                    f"<b>{anunciada[0]}</b><br>Huella de la llave que trae el archivo:<br>"
                    f"<span style='font-size:15pt; font-family:monospace'>{_en_renglones(anunciada[1])}</span>",
                    "&Coincide: registrar", "&No coincide: no registrar",
                    detalle="Compárela grupo por grupo con la ficha impresa que entregó la oficina (o léanla por teléfono). "
                            "Si un solo carácter es distinto, no la registre: alguien pudo cambiar el archivo en el camino."):
                self._avisar("No se registró nada: la huella no se confirmó.")
                return
            with self.ctx.base.transaccion() as s:
                resultado = registrar(s, documento)
        except EntradaRechazada as e:
            self._avisar(f"No se registró: {e}")
            return
        self.actualizar()
        self.ctx.datos_cambiados.emit()  # p. ej. Envíos: ahora sabe para quién cifrar
        self._avisar(resultado["texto"])

    def _confirmar_central(self, huella: str, origen: str, aviso: str = "") -> bool:
        """La huella en grande antes de confiar en ella; Intro y Esc eligen «no» (como al registrar una ficha, T8)."""
        with self.ctx.base.transaccion() as s:
            actual = huella_fijada(s)
        reemplazo = (f"Reemplaza la huella fijada antes ({llaves.huella_legible(actual)[:19]}…): hágalo solo si la "
                     "Coordinación cambió de llave y le entregó una ficha nueva. ") if actual and actual != huella else ""
        return dialogos.confirmar(
            self, "Compare la huella de la Coordinación",
            f"<b>Coordinación CAIMFS</b><br>{origen}:<br>"
            f"<span style='font-size:15pt; font-family:monospace'>{_en_renglones(llaves.huella_legible(huella))}</span>"
            + (f"<br><b>{aviso}</b>" if aviso else ""),
            "&Coincide: fijarla", "&No coincide: no fijar",
            detalle=reemplazo + "Compárela grupo por grupo con la ficha impresa de la Coordinación (o léanla por teléfono). "
                    "Desde ahora esta oficina solo aplicará actualizaciones de catálogos y metas firmadas con esa llave; "
                    "su oficina superior no puede cambiarla.")

    def fijar_central(self) -> None:
        """Fija la llave de la Coordinación: primero se compara la que trae el programa; si no coincide con la ficha
        impresa (o no trae ninguna), se escribe la de la ficha y se compara antes de fijarla."""
        huella = None
        programa = self.huella_del_programa()
        if programa and self._confirmar_central(programa, "Huella de la llave que trae este programa"):
            huella = programa
        if huella is None:
            escrita = dialogos.pedir_texto(self, "Huella de la Coordinación",
                                           "Escriba la huella de la ficha impresa de la Coordinación\n"
                                           "(64 caracteres 0-9 y A-F; los espacios no importan):", aceptar="&Seguir")
            if escrita is None:
                self._avisar("No se fijó nada: la huella de la Coordinación sigue como estaba.")
                return
            try:
                escrita = huella_limpia(escrita)
            except EntradaRechazada as e:
                self._avisar(f"No se fijó: {e}")
                return
            aviso = ("Es DISTINTA de la que trae el programa." if programa and programa != escrita else "")
            if not self._confirmar_central(escrita, "Huella que usted escribió", aviso):
                self._avisar("No se fijó nada: la huella no se confirmó.")
                return
            huella = escrita
        try:
            with self.ctx.base.transaccion() as s:
                resultado = fijar_huella_central(s, huella, reemplazar=True)
        except EntradaRechazada as e:
            self._avisar(f"No se fijó: {e}")
            return
        self.actualizar()
        self._avisar(resultado["texto"] + ". Ya puede aplicar sus actualizaciones de catálogos desde Recepción.")

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
        fecha = datetime.fromtimestamp(Path(copia).stat().st_mtime).strftime("%d/%m/%Y %H:%M")
        if not dialogos.confirmar(
                self, "Restaurar un respaldo",
                f"La base de esta oficina se reemplazará por el respaldo «{Path(copia).name}» (guardado el {fecha}).",
                "&Restaurar y reemplazar", "&No, conservar la base actual",
                detalle="Todo lo que se capturó, importó, cerró o aprobó después de ese momento dejará de verse. "
                        "Antes se revisa que el respaldo sea de esta oficina y de su llave, y que nadie lo haya alterado; "
                        "la base actual se guarda como respaldo «antes-de-restaurar»."):
            self._avisar("No se restauró nada: la base sigue como estaba.")
            return
        cerrada = False

        def cerrar() -> None:  # solo cuando el respaldo ya pasó toda revisión: antes, la base viva ni se toca
            nonlocal cerrada
            self.ctx.base.cerrar()
            cerrada = True

        try:
            resultado = restaurar(self.ctx.rutas, archivo, Path(copia), cerrar)
        except EntradaRechazada as e:
            self._avisar(str(e))
            return
        finally:
            if cerrada:
                self.ctx.base = abrir_base(url, self.ctx.rutas.respaldos)
        self.actualizar()
        self.restaurada.emit()
        self._avisar(f"Base restaurada desde {Path(copia).name}. La anterior quedó en {resultado['anterior']}.")

    def recuperar_oficina(self) -> None:
        """Una oficina desde su respaldo y su archivo de llave, en otra carpeta (vacía): muestra oficina y huella y pide
        la frase de esa llave. Esta carpeta y su base no se tocan."""
        copia = self.elegir_respaldo()
        llave = self.elegir_llave() if copia else ""
        carpeta = self.elegir_carpeta_nueva() if llave else ""
        if not carpeta:
            return
        hecho = recuperacion.recuperar(self, Path(carpeta), Path(copia), Path(llave), self.ctx.pedir_frase)
        if hecho is None:
            self._avisar("No se recuperó ninguna oficina.")
            return
        self._avisar(f"{hecho['texto']} Para trabajar con ella, abra el programa con esa carpeta "
                     f"(registro-fsur --datos \"{carpeta}\").")

    def revocar_seleccionada(self) -> None:
        indice = self.vista.currentIndex()
        if not indice.isValid():
            self._avisar("Seleccione primero la llave que quiere revocar.")
            return
        fila = self.modelo.data(indice, ROL_FILA)
        motivo = self.pedir_motivo()
        if motivo is None:
            return
        if not dialogos.confirmar(
                self, "Revocar una llave",
                f"Se revocará la llave de la oficina {fila[0]} ({fila[2]}), huella {fila[6]}",
                "&Revocar la llave", "&No, conservarla",
                detalle="Desde ahora se rechazan todos los paquetes, acuses y avisos firmados con ella, también los que ya "
                        "vienen en camino. No se puede deshacer: la oficina tendrá que entregar una ficha nueva."):
            self._avisar("No se revocó nada.")
            return
        try:
            with self.ctx.base.transaccion() as s:
                resultado = revocar(s, fila[-1], motivo)
        except EntradaRechazada as e:
            self._avisar(str(e))
            return
        self.actualizar()
        self._avisar(resultado["texto"])
