"""Página Posibles duplicados con widgets reales: la misma reunión reportada por la estatal y por su municipio se ve
lado a lado en la central; «no es duplicado» se conserva al reimportar; observar no anula nada (T1)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from escritorio.pagina_duplicados import PaginaDuplicados
from escritorio.ventana_principal import VentanaPrincipal
from tests.empaquetado.test_duplicados_entre_oficinas import REUNION, _cargar, _exportar, _importar
from tests.empaquetado.util import cli, consultar, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto

TITULO_ESTATAL = "Mesa interinstitucional conjunta con el municipio"


@pytest.fixture
def red_con_pareja(tmp_path):
    """La municipal y la estatal capturan la misma mesa; la estatal reenvía todo a la central."""
    red = red_de_oficinas(tmp_path)
    revisado_mun = _cargar(red["mun"], tmp_path, "mun", **REUNION)
    _cargar(red["est"], tmp_path, "est", **{**REUNION, "titulo": TITULO_ESTATAL})
    _importar(red["est"], _exportar(red["mun"], tmp_path))
    _importar(red["cen"], _exportar(red["est"], tmp_path))
    return red, revisado_mun


def _ventana(qtbot, carpeta):
    ctx = contexto(carpeta)
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    ventana.show()
    qtbot.waitExposed(ventana)
    return ctx, ventana


def test_estatal_y_municipal_lado_a_lado_en_la_central_y_no_es_duplicado_se_conserva(qtbot, tmp_path, red_con_pareja):
    red, revisado_mun = red_con_pareja
    ctx, ventana = _ventana(qtbot, red["cen"])
    tablero = ventana.inicio
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert "1 posible duplicado sin revisar" in tablero.duplicados.text()
    qtbot.mouseClick(tablero.revisar_duplicados, Qt.MouseButton.LeftButton)  # el tablero lleva a la página
    pagina = ventana.duplicados
    assert ventana.pestanas_envios.currentWidget() is pagina and pagina.isVisible()
    assert pagina.modelo.rowCount() == 1 and pagina.modelo.filas[0][0] == "pendiente"
    assert pagina.mensaje.text().startswith("1 pareja espera su revisión")
    lado = {f[0]: f[1:] for f in pagina.comparacion.filas}
    assert {lado["Oficina de origen"][0][:6], lado["Oficina de origen"][1][:6]} == {"M07089", "E07 — "}
    assert "Enlace Estatal de Chiapas" in " ".join(lado["Oficina de origen"][:2])
    assert lado["Título"][2] == "distinto" and TITULO_ESTATAL in lado["Título"][:2]
    assert lado["Mujeres"] == (14, 14, "igual") and lado["Hombres"] == (11, 11, "igual") and lado["Total"][:2] == (25, 25)
    assert lado["Fecha de inicio"][0] == "03/10/2026" and lado["Municipio"][0].startswith("07089")
    assert lado["Tipo de acción"][0] == "Reunión de trabajo" and lado["Estado del registro"][:2] == ("enviada", "enviada")

    vistos = contestar("   ")  # una nota en blanco no marca nada
    qtbot.mouseClick(pagina.no_es, Qt.MouseButton.LeftButton)
    assert vistos[0]["titulo"] == "No es duplicado" and "nota es obligatoria" in pagina.mensaje.text()
    assert consultar(red["cen"], "select estado from posible_duplicado") == [("pendiente",)]
    contestar("Dos sesiones distintas el mismo dia")
    qtbot.mouseClick(pagina.no_es, Qt.MouseButton.LeftButton)
    assert "no es duplicado" in pagina.mensaje.text() and "No hay posibles duplicados por revisar" in pagina.mensaje.text()
    assert pagina.modelo.rowCount() == 0
    assert consultar(red["cen"], "select estado, nota from posible_duplicado") == [("no_es_duplicado", "Dos sesiones distintas el mismo dia")]

    # La municipal corrige su registro; todo vuelve a subir por la estatal y la central lo reimporta.
    libro = load_workbook(revisado_mun)
    hoja = libro["Acciones"]
    llaves = [c.value for c in hoja[2]]
    hoja.cell(row=3, column=llaves.index("descripcion") + 1, value="Se acordó la ruta de atención y el seguimiento.")
    libro.save(revisado_mun)
    assert cli(red["mun"], "cargar-excel", str(revisado_mun))[1]["actualizadas"] == 1
    _importar(red["est"], _exportar(red["mun"], tmp_path))
    assert _importar(red["cen"], _exportar(red["est"], tmp_path))["actualizados"] == 1
    pagina.actualizar()
    assert pagina.modelo.rowCount() == 0  # sigue revisada
    pagina.filtro.setCurrentIndex(pagina.filtro.findData("revisados"))
    assert [f[0] for f in pagina.modelo.filas] == ["no es duplicado"]
    assert pagina.modelo.filas[0][6].startswith("Dos sesiones distintas el mismo dia")
    ventana.navegacion.setCurrentRow(0)
    tablero.datos = None
    tablero.actualizar()
    qtbot.waitUntil(lambda: tablero.datos is not None, timeout=15000)
    assert tablero.duplicados.text() == "No hay posibles duplicados por revisar."
    # Nadie anuló nada (T1).
    assert sorted(e for (e,) in consultar(red["cen"], "select estado from accion")) == ["enviada", "enviada"]
    ventana.close()
    ctx.base.cerrar()


def test_t1_observar_desde_la_pagina_no_anula_y_viaja_en_el_siguiente_acuse(qtbot, tmp_path, red_con_pareja):
    red, _ = red_con_pareja
    ctx = contexto(red["est"])  # la estatal también revisa lo que recibe de su municipio
    pagina = PaginaDuplicados(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert pagina.modelo.rowCount() == 1
    par = pagina.parejas[0]
    municipal = next(x for x in (par["a"], par["b"]) if x["oficina_origen"] == "M07089")
    teclas = Qt.Key.Key_Return if par["a"] is municipal else (Qt.Key.Key_Down, Qt.Key.Key_Return)
    vistos = contestar(Qt.Key.Key_Escape)
    qtbot.mouseClick(pagina.observar, Qt.MouseButton.LeftButton)
    assert vistos[0]["titulo"] == "Enviar observación" and pagina.mensaje.text() == "No se envió ninguna observación."
    vistos = contestar(teclas, "Es la misma mesa que reporto la estatal: anule la suya si corresponde.")
    qtbot.mouseClick(pagina.observar, Qt.MouseButton.LeftButton)
    assert "M07089" in vistos[1]["texto"]
    assert "saldrá en el acuse" in pagina.mensaje.text()
    assert consultar(red["est"], "select estado from posible_duplicado") == [("observado",)]
    observaciones = consultar(red["est"], "select accion_id, texto from observacion")
    assert [o[0] for o in observaciones] == [municipal["id"]] and "Posible duplicado" in observaciones[0][1]
    assert sorted(e for (e,) in consultar(red["est"], "select estado from accion")) == ["enviada", "enviada"]  # nada anulado
    paquete = consultar(red["est"], "select id from paquete_entrada")[0][0]
    acuse = tmp_path / "acuse.json"
    assert cli(red["est"], "acuse", "--paquete", paquete, "--salida", str(acuse))[0] == 0
    observado = next(r for r in json.loads(acuse.read_text())["registros"] if r["id"] == municipal["id"])
    assert "anule la suya" in json.dumps(observado, ensure_ascii=False)
    QApplication.processEvents()
    ctx.base.cerrar()


def test_la_municipal_no_tiene_pagina_de_duplicados(qtbot, tmp_path):
    from tests.conftest import crear_oficina

    crear_oficina(tmp_path / "mun")
    ctx, ventana = _ventana(qtbot, tmp_path / "mun")
    assert ventana.duplicados is None
    assert [ventana.pestanas_envios.tabText(i) for i in range(ventana.pestanas_envios.count())] == ["Envíos", "Recepción", "Conflictos"]
    ventana.close()
    ctx.base.cerrar()


def test_la_vista_previa_de_recepcion_nombra_los_posibles_duplicados(qtbot, tmp_path):
    """Dentro del paquete (la misma municipal cargó dos veces la misma mesa) y contra lo ya guardado de la estatal."""
    from escritorio.pagina_recepcion import PaginaRecepcion

    red = red_de_oficinas(tmp_path)
    _cargar(red["mun"], tmp_path, "uno", **REUNION)
    _cargar(red["mun"], tmp_path, "dos", **{**REUNION, "titulo": "Mesa conjunta de atencion (capturada dos veces)"})
    _cargar(red["est"], tmp_path, "est", **{**REUNION, "titulo": TITULO_ESTATAL})
    paquete = _exportar(red["mun"], tmp_path)
    ctx = contexto(red["est"])
    recepcion = PaginaRecepcion(ctx)
    qtbot.addWidget(recepcion)
    recepcion.cargar([paquete])
    qtbot.waitUntil(lambda: recepcion.pendientes == 0 and recepcion.modelo.rowCount() == 1, timeout=15000)
    fila = recepcion.modelo.filas[0]
    assert fila[3] == "listo para importar" and fila[-1] == 3  # mun–mun dentro del paquete y cada una con la de la estatal
    recepcion.vista.selectRow(0)
    parecidos = {f[8]: f[10] for f in recepcion.detalle.filas}
    assert f"«{TITULO_ESTATAL}» (E07, ya guardada)" in parecidos[REUNION["titulo"]]
    assert "«Mesa conjunta de atencion (capturada dos veces)» (en este paquete)" in parecidos[REUNION["titulo"]]
    assert consultar(red["est"], "select count(*) from posible_duplicado") == [(0,)]  # vista previa: nada escrito
    ctx.base.cerrar()


def test_la_pagina_muestra_a_lo_mas_quinientas_parejas_y_lo_dice(qtbot, tmp_path, red_con_pareja):
    """En la central puede haber decenas de miles de parejas: la página no las carga todas (ni al abrir la ventana)."""
    from base_local.acciones import ahora
    from base_local.apertura import abrir_base
    from base_local.modelos import PosibleDuplicado
    from base_local.rutas import Rutas
    from escritorio.pagina_duplicados import MOSTRADAS

    red, _ = red_con_pareja
    base = abrir_base(Rutas(red["cen"]).url_base)
    with base.transaccion() as s:
        s.execute(PosibleDuplicado.__table__.insert(), [
            {"accion_a": f"a{i:05d}", "accion_b": f"b{i:05d}", "detectado_en": ahora(), "estado": "pendiente"}
            for i in range(MOSTRADAS + 100)])
    base.cerrar()
    ctx = contexto(red["cen"])
    pagina = PaginaDuplicados(ctx)
    qtbot.addWidget(pagina)
    assert pagina.modelo.rowCount() == MOSTRADAS
    assert pagina.mensaje.text().startswith(f"{MOSTRADAS + 101:,} parejas esperan su revisión")
    assert f"Se muestran las primeras {MOSTRADAS:,}" in pagina.mensaje.text()
    pagina.filtro.setCurrentIndex(pagina.filtro.findData("revisados"))
    assert pagina.modelo.rowCount() == 0
