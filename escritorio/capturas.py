"""Capturas sin pantalla de cada página, sobre oficinas de demostración (make capturas)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from base_local.apertura import abrir_base  # noqa: E402
from base_local.oficinas import oficina_local  # noqa: E402
from base_local.rutas import Rutas  # noqa: E402
from empaquetado import llaves  # noqa: E402
from empaquetado.alta import SolicitudAlta, inicializar  # noqa: E402
from empaquetado.confianza import ficha, registrar  # noqa: E402
from empaquetado.exportar import exportar, preparar  # noqa: E402
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
            archivos.append(str(exportar(s, preparar(s), privada, raiz / "paquetes", Rutas(mun).evidencias).archivo))
    with ctx_mun.base.transaccion() as s:
        generar(s, contexto_para(s, oficina_local(s)), oficina_local(s), 12, semilla=3)
    return ctx_mun, ctx_est, archivos


def _guardar(ventana: VentanaPrincipal, destino: Path) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    ventana.grab().save(str(destino))
    print(destino)


def capturar(salida: Path) -> None:
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet((CARPETA / "estilo.qss").read_text(encoding="utf-8"))
    salida.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporal:
        ctx_mun, ctx_est, archivos = _oficinas(Path(temporal))
        ventana = VentanaPrincipal(ctx_mun)
        ventana.show()
        for fila, nombre in ((0, "inicio"), (3, "envios"), (5, "configuracion")):
            ventana.navegacion.setCurrentRow(fila)
            _guardar(ventana, salida / f"{nombre}.png")
        central = VentanaPrincipal(ctx_est)
        central.show()
        central.navegacion.setCurrentRow(3)
        central.paginas.currentWidget().setCurrentIndex(1)
        central.recepcion.cargar(archivos)
        while central.recepcion.pendientes:
            app.processEvents()
        central.recepcion.vista.selectRow(0)
        _guardar(central, salida / "recepcion.png")
        ctx_mun.base.cerrar()
        ctx_est.base.cerrar()


if __name__ == "__main__":
    analizador = argparse.ArgumentParser(description="Capturas de pantalla de la aplicación")
    analizador.add_argument("--salida", type=Path, default=Path("capturas"))
    capturar(analizador.parse_args().salida)
