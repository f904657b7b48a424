"""Confirmaciones que nombran la consecuencia, en español y con la opción segura por omisión (Intro y Esc dicen «no»)."""

import shutil

from PySide6.QtCore import Qt

from escritorio.pagina_configuracion import PaginaConfiguracion
from tests.empaquetado.util import cli
from tests.escritorio.conftest import contestar, contexto


def _restaurar_con(qtbot, oficina):
    ctx = contexto(oficina)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    pagina.findChildren(object, "respaldar")[0].click()
    copia = next((oficina / "respaldos").glob("manual-*.sqlite"))
    assert cli(oficina, "demo", "--registros", "3")[0] == 0
    pagina.elegir_respaldo = lambda: str(copia)
    return ctx, pagina, copia


def test_restaurar_pregunta_primero_y_no_no_cambia_nada(qtbot, oficina_municipal):
    ctx, pagina, copia = _restaurar_con(qtbot, oficina_municipal)
    ctx.base.cerrar()
    base = ctx.rutas.base
    antes = base.read_bytes()
    respaldos_antes = sorted(p.name for p in ctx.rutas.respaldos.iterdir())
    ctx = contexto(oficina_municipal)
    pagina.ctx = ctx
    pagina.findChildren(object, "restaurar")[0].setFocus()
    vistos = contestar(Qt.Key.Key_Return)  # Intro elige la opción segura
    qtbot.keyClick(pagina.findChildren(object, "restaurar")[0], Qt.Key.Key_Space)
    assert len(vistos) == 1
    assert vistos[0]["titulo"] == "Restaurar un respaldo"
    assert copia.name in vistos[0]["texto"] and "se reemplazará" in vistos[0]["texto"]
    assert "dejará de verse" in vistos[0]["detalle"]
    assert vistos[0]["defecto"] == "&No, conservar la base actual"
    assert vistos[0]["botones"] == ["&Restaurar y reemplazar", "&No, conservar la base actual"]
    assert "No se restauró nada" in pagina.mensaje.text()
    ctx.base.cerrar()
    assert base.read_bytes() == antes
    assert sorted(p.name for p in ctx.rutas.respaldos.iterdir()) == respaldos_antes


def test_restaurar_con_escape_tampoco_cambia_nada_y_con_r_restaura(qtbot, oficina_municipal):
    ctx, pagina, copia = _restaurar_con(qtbot, oficina_municipal)
    with ctx.base.motor.connect() as con:
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 3
    contestar(Qt.Key.Key_Escape)
    pagina.findChildren(object, "restaurar")[0].click()
    with ctx.base.motor.connect() as con:
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 3
    restauradas = []
    pagina.restaurada.connect(lambda: restauradas.append(True))
    contestar(Qt.Key.Key_R)
    pagina.findChildren(object, "restaurar")[0].click()
    assert "Base restaurada" in pagina.mensaje.text() and restauradas == [True]
    with ctx.base.motor.connect() as con:
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 0
    ctx.base.cerrar()


def test_t8_registrar_muestra_la_huella_antes_y_no_coincide_no_registra(qtbot, tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "est", "estatal", "07")
    crear_oficina(tmp_path / "mun", "municipal", "07", "07089")
    assert cli(tmp_path / "mun", "ficha", "--salida", str(tmp_path / "ficha.json"))[0] == 0
    ctx = contexto(tmp_path / "est")
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.elegir_documento = lambda: str(tmp_path / "ficha.json")
    ctx.base.cerrar()
    antes = ctx.rutas.base.read_bytes()
    ctx = pagina.ctx = contexto(tmp_path / "est")
    vistos = contestar(Qt.Key.Key_Return)
    pagina.findChildren(object, "registrarFicha")[0].click()
    assert vistos[0]["titulo"] == "Compare la huella antes de registrar"
    assert "M07089" in vistos[0]["texto"] and "ficha impresa" in vistos[0]["detalle"]
    assert vistos[0]["defecto"] == "&No coincide: no registrar"
    assert "No se registró nada" in pagina.mensaje.text()
    assert [f[0] for f in pagina.modelo.filas] == ["E07"]
    ctx.base.cerrar()
    assert ctx.rutas.base.read_bytes() == antes
    shutil.rmtree(tmp_path / "mun")


def test_tras_restaurar_ninguna_pagina_dice_aprobado(qtbot, tmp_path):
    from datetime import date

    from escritorio.ventana_principal import VentanaPrincipal
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "cen", "central")
    crear_oficina(tmp_path / "est", "estatal", "07")
    assert cli(tmp_path / "est", "ficha", "--salida", str(tmp_path / "ficha.json"))[0] == 0
    assert cli(tmp_path / "cen", "registrar-oficina", str(tmp_path / "ficha.json"))[0] == 0
    ctx = contexto(tmp_path / "cen")
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.show()
    tablero = ventana.inicio
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    ventana.configuracion.findChildren(object, "respaldar")[0].click()
    copia = next((tmp_path / "cen" / "respaldos").glob("manual-*.sqlite"))
    tablero.vista_completitud.selectRow(len(tablero.completitud.filas) - 1)
    tablero.datos = None
    vistos = contestar(Qt.Key.Key_A)
    tablero.aprobar.click()
    assert "EN CURSO" in vistos[0]["detalle"] and "ningún paquete" in vistos[0]["detalle"]
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert "aprobado" in tablero.mensaje.text() and tablero.completitud.filas[-1][8] == "aprobado"
    ventana.configuracion.elegir_respaldo = lambda: str(copia)
    tablero.datos = None
    contestar(Qt.Key.Key_R)
    ventana.configuracion.findChildren(object, "restaurar")[0].click()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert tablero.mensaje.text() == "" and tablero.completitud.filas[-1][8] == "abierto"
    ventana.ctx.base.cerrar()


def test_cerrar_el_periodo_en_curso_avisa_y_intro_no_lo_cierra(qtbot, oficina_municipal):
    from datetime import date

    from base_local.periodos import estado_de, periodo_de
    from escritorio.pagina_acciones import PaginaAcciones

    ctx = contexto(oficina_municipal)
    acciones = PaginaAcciones(ctx)
    qtbot.addWidget(acciones)
    actual = periodo_de(date.today())
    acciones.elegir_periodo = lambda titulo, etiqueta, opciones: (actual, actual in opciones)  # de la lista de abiertos
    vistos = contestar(Qt.Key.Key_Return)
    acciones.findChildren(object, "cerrar_periodo")[0].click()
    assert "EN CURSO" in vistos[0]["detalle"] and "solo lectura" in vistos[0]["detalle"]
    assert vistos[0]["defecto"] == "&No, dejarlo abierto"
    with ctx.base.transaccion() as s:
        assert estado_de(s, "M07089", actual) == "abierto"
    ctx.base.cerrar()
