"""Pantallas de la coordinación: el tablero muestra el paquete que falta y un conflicto se resuelve desde la página."""

from datetime import date

from PySide6.QtCore import Qt

from escritorio.pagina_conflictos import PaginaConflictos
from escritorio.pagina_tablero import PaginaTablero
from tests.empaquetado.test_central import red_con_un_conflicto
from tests.empaquetado.util import cli, consultar, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto


def test_tablero_muestra_el_numero_de_paquete_que_falta(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    archivos = []
    for semilla in (1, 2, 3):
        assert cli(red["est"], "demo", "--registros", "4", "--semilla", str(semilla))[0] == 0
        archivos.append(cli(red["est"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])
    assert cli(red["cen"], "importar", archivos[0], archivos[2])[0] == 0
    ctx = contexto(red["cen"])
    tablero = PaginaTablero(ctx, hoy=date.today())
    qtbot.addWidget(tablero)
    tablero.show()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    filas = [f for f in tablero.completitud.filas if f[0] == "E07"]
    assert len(filas) == 4 and {f[5] for f in filas} == {"2"}
    assert filas[-1][3:5] == (1, 2) and filas[-1][7] == "a tiempo"  # trimestre en curso: 2 recibidos
    assert tablero.vista_completitud.isColumnHidden(3)  # no «Esperados 1» junto a «Recibidos 2»
    assert tablero.completitud.headerData(4, Qt.Orientation.Horizontal) == "Paquetes recibidos"
    # un trimestre anterior a su registro con registros recibidos ya no dice «0 paquetes, antes de su registro» (issue 21):
    # cuenta los paquetes que trajeron registros con fecha de ese trimestre, tarde porque su plazo ya había vencido
    for f in filas[:-1]:
        assert (f[4], f[7]) == (0, "antes de su registro") or (f[4] >= 1 and f[7].endswith("días tarde")), f
    assert any(f[4] for f in filas[:-1])
    assert "M07089" in {f[0] for f in tablero.completitud.filas}  # las municipales también («¿Quién ha reportado?»)
    assert tablero.findChild(type(tablero.encabezado), "cifra_acciones").text().startswith("<span")
    assert tablero.por_entidad.categorias == ["Chis."]
    assert sum(tablero.por_eje.series["Acciones"]) == 8
    tablero.vista_completitud.selectRow(len(tablero.completitud.filas) - 1)
    tablero.datos = None
    vistos = contestar(Qt.Key.Key_Escape)  # en curso: se avisa y Esc no aprueba
    qtbot.mouseClick(tablero.aprobar, Qt.MouseButton.LeftButton)
    assert "EN CURSO" in vistos[0]["detalle"] and vistos[0]["defecto"] == "&No, todavía no"
    assert "no se aprobó" in tablero.mensaje.text() and tablero.completitud.filas[-1][8] == "abierto"
    vistos = contestar(Qt.Key.Key_A)
    qtbot.mouseClick(tablero.aprobar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert "aprobado" in tablero.mensaje.text()
    assert tablero.completitud.filas[-1][8] == "aprobado"
    assert cli(red["cen"], "importar", archivos[1])[0] == 0
    tablero.datos = None
    tablero.actualizar()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert {f[5] for f in tablero.completitud.filas if f[0] == "E07"} == {""}
    ctx.base.cerrar()


def test_resolver_conflicto_desde_la_pagina(qtbot, tmp_path):
    red, id_accion = red_con_un_conflicto(tmp_path)
    ctx = contexto(red["cen"])
    pagina = PaginaConflictos(ctx)
    qtbot.addWidget(pagina)
    assert pagina.modelo.rowCount() == 1 and pagina.modelo.filas[0][1] == "conflicto"
    assert pagina.mensaje.text().startswith("1 versión espera su decisión")  # no «No hay conflictos» con uno en la lista
    pagina.vista.selectRow(0)
    campos = {f[0] for f in pagina.diferencias.filas}
    assert {"Mujeres", "Hombres", "Total"} <= campos
    qtbot.mouseClick(pagina.botones["local"], Qt.MouseButton.LeftButton)
    assert "nota" in pagina.mensaje.text()
    qtbot.keyClicks(pagina.nota, "Se confirmo con la lista de asistencia")
    qtbot.mouseClick(pagina.botones["local"], Qt.MouseButton.LeftButton)
    assert "se conservó la versión que ya tenía" in pagina.mensaje.text()
    assert pagina.modelo.rowCount() == 0
    mujeres, hombres = consultar(red["cen"], f"select mujeres, hombres from accion where id = '{id_accion}'")[0]
    assert mujeres != 77
    ultima = consultar(red["cen"], f"select operacion from historial where accion_id = '{id_accion}' order by id desc limit 1")[0][0]
    assert ultima == "conflicto_local"
    ctx.base.cerrar()
