"""Ventana principal sin pantalla: navegación, resumen de la oficina y barra de estado."""

from datetime import date

from escritorio.ventana_principal import SECCIONES, VentanaPrincipal


def test_ventana_principal_muestra_la_oficina(qtbot, ctx_municipal):
    ventana = VentanaPrincipal(ctx_municipal, hoy=date(2026, 11, 20))
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitExposed(ventana)
    assert ventana.navegacion.count() == len(SECCIONES) == 7
    assert "M07089" in ventana.estado_oficina.completo
    assert ventana.estado_periodo.completo == "Periodo: 2026T4"
    assert ventana.estado_pendientes.completo == "Pendientes de envío: 0"
    assert "Oficina Municipal de Tapachula" in ventana.inicio.encabezado.text()
    ventana.navegacion.setCurrentRow(4)
    assert ventana.paginas.currentWidget().objectName() == "pagina_reportes"
    ventana.navegacion.setCurrentRow(3)
    assert ventana.paginas.currentWidget().objectName() == "pestanasEnvios"
    assert ventana.width() <= 1280 and ventana.height() <= 720


def test_al_abrir_solo_se_construye_el_inicio(qtbot, ctx_municipal):
    """Arranque en frío (issue 23): la ventana abre con el Inicio; cada otra página se construye la primera vez que se
    muestra, ya con lo que cambió en la base mientras no existía (el aviso `datos_cambiados` no la construye)."""
    from sqlalchemy import func, select

    from base_local.modelos import Accion
    from base_local.oficinas import oficina_local
    from escritorio.pagina_acciones import PaginaAcciones
    from escritorio.pagina_captura import PaginaCaptura
    from escritorio.pagina_envios import PaginaEnvios
    from formularios.demo import generar
    from formularios.servicio import contexto_para

    ventana = VentanaPrincipal(ctx_municipal, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitExposed(ventana)
    assert not ventana.findChildren(PaginaAcciones) and not ventana.findChildren(PaginaCaptura)
    with ctx_municipal.base.transaccion() as s:
        oficina = oficina_local(s)
        generar(s, contexto_para(s, oficina), oficina, 4, semilla=3)
        guardadas = s.scalar(select(func.count()).select_from(Accion))
    ctx_municipal.datos_cambiados.emit()
    assert not ventana.findChildren(PaginaAcciones)
    ventana.navegacion.setCurrentRow(SECCIONES.index("Acciones"))
    assert ventana.findChildren(PaginaAcciones) == [ventana.paginas.currentWidget()]
    assert ventana.acciones.modelo.total == guardadas > 0
    ventana.navegacion.setCurrentRow(SECCIONES.index("Envíos/Recepción"))
    assert ventana.paginas.currentWidget().currentWidget() is ventana.envios  # la primera pestaña, construida
    assert len(ventana.findChildren(PaginaEnvios)) == 1


def test_al_abrir_no_se_cargan_los_modulos_de_las_demas_paginas(oficina_municipal):
    """Como el banco: un proceso nuevo construye la ventana; ni las páginas, ni la importación y exportación de
    paquetes, ni la criptografía, rapidfuzz, openpyxl o reportlab se cargan antes de que alguien las use."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    guion = ("import os, sys; from pathlib import Path\nfrom PySide6.QtWidgets import QApplication\n"
             "from base_local.apertura import abrir_base\nfrom base_local.rutas import Rutas\n"
             "from escritorio.contexto import ContextoApp\nfrom escritorio.ventana_principal import VentanaPrincipal\n"
             "app = QApplication([]); r = Rutas(Path(sys.argv[1]))\n"
             "v = VentanaPrincipal(ContextoApp(r, abrir_base(r.url_base, r.respaldos, revisar_integridad=False)))\n"
             "print(' '.join(sys.modules), flush=True); os._exit(0)")
    salida = subprocess.run([sys.executable, "-c", guion, str(oficina_municipal)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                            timeout=120)
    assert salida.returncode == 0, salida.stderr
    cargados = set(salida.stdout.split())
    assert "escritorio.pagina_tablero" in cargados
    tardios = {f"escritorio.pagina_{p}" for p in ("acciones", "captura", "envios", "recepcion", "conflictos", "duplicados",
                                                  "reportes", "revision", "configuracion", "mapa")}
    tardios |= {"empaquetado.importar", "empaquetado.exportar", "empaquetado.llaves", "reportes.tablero", "cryptography",
                "rapidfuzz", "openpyxl", "reportlab"}
    assert not cargados & tardios
