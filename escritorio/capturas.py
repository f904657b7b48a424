"""Capturas sin pantalla de cada pantalla, sobre oficinas de demostración (make capturas)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from base_local.apertura import abrir_base  # noqa: E402
from base_local.oficinas import oficina_local  # noqa: E402
from base_local.rutas import Rutas  # noqa: E402
from empaquetado import llaves  # noqa: E402
from empaquetado.alta import SolicitudAlta, inicializar  # noqa: E402
from empaquetado.confianza import ficha, registrar  # noqa: E402
from empaquetado.exportar import exportar_y_publicar  # noqa: E402
from escritorio.asistente import AsistenteOficina  # noqa: E402
from escritorio.contexto import ContextoApp  # noqa: E402
from escritorio.ventana_principal import VentanaPrincipal  # noqa: E402
from formularios.demo import generar  # noqa: E402
from formularios.servicio import contexto_para  # noqa: E402
from recursos import CARPETA  # noqa: E402

FRASE = "frase de las capturas de pantalla"


def _oficinas(raiz: Path) -> tuple[ContextoApp, ContextoApp, list[str]]:
    mun, est = raiz / "mun", raiz / "est"
    inicializar(mun, SolicitudAlta("municipal", "Oficina Municipal de Atención al Migrante de Tapachula", "Ana López", "07", "07089"), FRASE)
    inicializar(est, SolicitudAlta("estatal", "Enlace Estatal de Chiapas", "Jorge Ruiz", "07"), FRASE)
    ctx_mun = ContextoApp(Rutas(mun), abrir_base(Rutas(mun).url_base), lambda p, m: FRASE)
    ctx_est = ContextoApp(Rutas(est), abrir_base(Rutas(est).url_base), lambda p, m: FRASE)
    privada = llaves.abrir(Rutas(mun).llave_privada, FRASE)
    with ctx_mun.base.transaccion() as s:
        documento = ficha(s, privada)
    with ctx_est.base.transaccion() as s:
        registrar(s, documento)
    archivos = []
    for semilla in (1, 2):
        with ctx_mun.base.transaccion() as s:
            oficina = oficina_local(s)
            generar(s, contexto_para(s, oficina), oficina, 25, semilla=semilla)
        archivos.append(str(exportar_y_publicar(ctx_mun.base, Rutas(mun), lambda: privada, raiz / "paquetes")[1].archivo))
    with ctx_mun.base.transaccion() as s:
        generar(s, contexto_para(s, oficina_local(s)), oficina_local(s), 12, semilla=3)
    return ctx_mun, ctx_est, archivos


def _guardar(widget: QWidget, destino: Path) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    widget.grab().save(str(destino))
    print(destino)


def _asistente(raiz: Path, salida: Path) -> None:
    asistente = AsistenteOficina(raiz / "nueva")
    asistente.show()
    asistente.oficina.entidad.setCurrentIndex(asistente.oficina.entidad.findData("07"))
    _guardar(asistente, salida / "asistente-oficina.png")
    asistente.next()
    asistente.datos.nombre.setText("Oficina Municipal de Suchiate")
    asistente.datos.responsable.setText("Responsable de la oficina")
    asistente.next()
    asistente.frase.frase.setText(FRASE)
    asistente.frase.repeticion.setText(FRASE)
    _guardar(asistente, salida / "asistente-frase.png")
    asistente.next()
    _guardar(asistente, salida / "asistente-huella.png")


def _formulario_con_error_y_aviso(ventana: VentanaPrincipal) -> None:
    c = ventana.captura.formulario.controles
    c["eje"].poner("capacitacion")
    c["tipo_accion"].poner("taller")
    c["poblacion"].poner("servidores_publicos")
    c["titulo"].setText("Taller de atención a personas en contexto de movilidad")
    c["descripcion"].setPlainText("Taller para personal de ventanilla del registro civil y del DIF municipal.")
    c["objetivos_pmm"].poner([4, 7])
    c["mujeres"].setValue(14)
    c["hombres"].setValue(6)
    c["sin_dato"].setValue(31)
    c["total"].setText("50")
    ventana.captura.validar()


def _central(raiz: Path, ctx_est: ContextoApp, salida: Path, app: QApplication) -> None:
    """Central con tres paquetes de la estatal: importa el 1 y el 3 (falta el 2) y recibe uno alterado."""
    import shutil
    import zipfile

    cen = raiz / "cen"
    inicializar(cen, SolicitudAlta("central", "Coordinación para la Atención Integral de la Migración en la Frontera Sur", "Coordinación"), FRASE)
    ctx_cen = ContextoApp(Rutas(cen), abrir_base(Rutas(cen).url_base), lambda p, m: FRASE)
    privada_est = llaves.abrir(ctx_est.rutas.llave_privada, FRASE)
    with ctx_est.base.transaccion() as s:
        documento = ficha(s, privada_est)
    with ctx_cen.base.transaccion() as s:
        registrar(s, documento)
    archivos = []
    for semilla in (4, 5, 6):
        with ctx_est.base.transaccion() as s:
            oficina = oficina_local(s)
            generar(s, contexto_para(s, oficina), oficina, 15, semilla=semilla)
        archivos.append(exportar_y_publicar(ctx_est.base, ctx_est.rutas, lambda: privada_est, raiz / "a-central")[1].archivo)
    alterado = raiz / "a-central" / "envio-E07-0002-alterado.zip"
    with zipfile.ZipFile(archivos[1]) as origen, zipfile.ZipFile(alterado, "w") as destino:
        for info in origen.infolist():
            datos = origen.read(info)
            destino.writestr(info, datos.replace(b'"hombres":', b'"hombres":1', 1) if info.filename.endswith("acciones.jsonl") else datos)
    shutil.move(str(archivos[1]), raiz / "segundo-en-camino.zip")
    central = VentanaPrincipal(ctx_cen)
    central.resize(1280, 720)
    central.show()
    central.navegacion.setCurrentRow(3)
    central.paginas.currentWidget().setCurrentIndex(1)
    central.recepcion.cargar([str(archivos[0]), str(alterado), str(archivos[2])])
    while central.recepcion.pendientes:
        app.processEvents()
    central.recepcion.vista.selectRow(0)
    _guardar(central, salida / "central-bandeja.png")
    central.recepcion.importar_aceptados()
    while central.recepcion.importar.isEnabled() is False and "Importando" in central.recepcion.estado.text():
        app.processEvents()
    central.navegacion.setCurrentRow(0)
    central.inicio.datos = None
    central.inicio.actualizar()
    while central.inicio.datos is None:
        app.processEvents()
    _guardar(central, salida / "central-tablero.png")
    ctx_cen.base.cerrar()


def capturar(salida: Path) -> None:
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet((CARPETA / "estilo.qss").read_text(encoding="utf-8"))
    salida.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporal:
        _asistente(Path(temporal), salida)
        ctx_mun, ctx_est, archivos = _oficinas(Path(temporal))
        ventana = VentanaPrincipal(ctx_mun)
        ventana.resize(1280, 720)
        ventana.show()
        for fila, nombre in ((0, "inicio"), (1, "captura-vacia"), (2, "acciones"), (3, "envios"), (5, "configuracion")):
            ventana.navegacion.setCurrentRow(fila)
            _guardar(ventana, salida / f"{nombre}.png")
        ventana.navegacion.setCurrentRow(1)
        _formulario_con_error_y_aviso(ventana)
        _guardar(ventana, salida / "captura-error-y-aviso.png")
        estatal = VentanaPrincipal(ctx_est)
        estatal.resize(1280, 720)
        estatal.show()
        estatal.navegacion.setCurrentRow(3)
        estatal.paginas.currentWidget().setCurrentIndex(1)
        estatal.recepcion.cargar(archivos)
        while estatal.recepcion.pendientes:
            app.processEvents()
        estatal.recepcion.vista.selectRow(0)
        _guardar(estatal, salida / "recepcion.png")
        _central(Path(temporal), ctx_est, salida, app)
        ctx_mun.base.cerrar()
        ctx_est.base.cerrar()


if __name__ == "__main__":
    analizador = argparse.ArgumentParser(description="Capturas de pantalla de la aplicación")
    analizador.add_argument("--salida", type=Path, default=Path("capturas"))
    capturar(analizador.parse_args().salida)
