"""Textos que lee la gente: historial legible con fechas locales, plurales bien concordados y mensajes al día."""

import re
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from base_local.acciones import accion_a_dict, anular_accion, guardar_accion
from base_local.modelos import Accion
from base_local.oficinas import oficina_local
from escritorio.pagina_acciones import PaginaAcciones
from formularios.demo import generar
from formularios.legible import lineas_historial, momento_local, valor_legible
from formularios.servicio import contexto_para
from tests.escritorio.conftest import contexto


@pytest.fixture
def hora_de_mexico(monkeypatch):
    monkeypatch.setenv("TZ", "America/Mexico_City")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_historial_muestra_etiquetas_nombres_y_hora_local(qtbot, oficina_municipal, hora_de_mexico):
    ctx = contexto(oficina_municipal)
    with ctx.base.transaccion() as s:
        oficina = oficina_local(s)
        generar(s, contexto_para(s, oficina), oficina, 1, semilla=3)
        accion = s.query(Accion).one()
        datos = accion_a_dict(accion) | {"titulo": "Taller de atención a personas migrantes", "localidad": "",
                                           "fecha_inicio": accion.fecha_inicio, "fecha_fin": accion.fecha_fin}
        guardar_accion(s, datos, quien="Capturista", oficina=oficina.clave, estado="lista")
        anular_accion(s, accion.id, motivo="Capturada dos veces", quien="Capturista", oficina=oficina.clave)
        cuando = accion.actualizado_en
    acciones = PaginaAcciones(ctx)
    qtbot.addWidget(acciones)
    acciones.show()
    acciones.activateWindow()
    qtbot.waitActive(acciones)
    assert acciones.resumen.text() == "1 acción"
    acciones.vista.setFocus()
    qtbot.keyClick(acciones.vista, Qt.Key.Key_Down)
    boton = acciones.findChild(QPushButton, "historial")
    boton.setFocus()  # con Tab hasta «Historial» y la barra espaciadora
    qtbot.keyClick(boton, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: getattr(acciones, "dialogo_historial", None) is not None and acciones.dialogo_historial.isVisible())
    texto = acciones.dialogo_historial.findChild(object, "texto_historial").toPlainText()
    assert "Revisión 1 · Creación · Datos de demostración (M07089)" in texto
    assert "Revisión 3 · Anulación · Capturista (M07089)" in texto
    assert "Título: " in texto and "→ Taller de atención a personas migrantes" in texto
    assert "Eje estratégico: Eje " in texto and "Motivo: Capturada dos veces" in texto and "Estado: lista → anulada" in texto
    assert momento_local(cuando) in texto and re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", texto)
    assert cuando.strftime("%H:%M") not in texto  # hora local (UTC−6), no la UTC guardada
    for crudo in ("null", "{", "[", '"', "fecha_inicio", "objetivos_pmm", "Z\n", "creacion", "anulacion"):
        assert crudo not in texto, crudo
    acciones.dialogo_historial.close()
    ctx.base.cerrar()


def test_valores_legibles():
    assert valor_legible("fecha_inicio", "2026-07-17") == "17/07/2026"
    assert valor_legible("localidad", None) == "(vacío)"
    assert valor_legible("objetivos_pmm", [1, 20], {"objetivos_pmm": {1: "1. Uno", 20: "20. Veinte"}}) == "1. Uno; 20. Veinte"
    assert valor_legible("mujeres", 1234) == "1,234"
    assert valor_legible("convenio", {"folio": "F-1", "estado_instrumento": "firmado"},
                         {"estado_instrumento": {"firmado": "Firmado"}}) == "Estado del instrumento: Firmado; Folio: F-1"
    assert lineas_historial([{"revision": 2, "operacion": "edicion", "quien": "Ana", "oficina": "M07089",
                              "cuando": "2026-11-22T18:05:00Z", "cambios": {"hombres": [None, 18]}}])[1] == "    Hombres: 18"


def test_lista_pmm_dice_cuantos_van_elegidos(qtbot, ctx_municipal):
    from escritorio.pagina_captura import PaginaCaptura

    captura = PaginaCaptura(ctx_municipal)
    qtbot.addWidget(captura)
    lista = captura.formulario.controles["objetivos_pmm"]
    assert captura.formulario.elegidos_pmm.text().startswith("Ninguno elegido de 23")
    lista.setFocus()
    lista.setCurrentRow(0)
    for _ in range(3):
        qtbot.keyClick(lista, Qt.Key.Key_Down)
    qtbot.keyClick(lista, Qt.Key.Key_Space)
    for _ in range(3):
        qtbot.keyClick(lista, Qt.Key.Key_Down)
    qtbot.keyClick(lista, Qt.Key.Key_Space)
    assert captura.formulario.elegidos_pmm.text() == "Elegidos 2 de 23: 4, 7"
    captura.formulario.cargar({"objetivos_pmm": [1, 20, 23]})
    assert captura.formulario.elegidos_pmm.text() == "Elegidos 3 de 23: 1, 20, 23"


def test_graficas_del_tablero_muestran_sus_numeros(qtbot):
    from escritorio.graficas import Barras

    grafica = Barras("Acciones por eje", "graficaEjes")
    qtbot.addWidget(grafica)
    grafica.resize(480, 240)
    grafica.poner(["Eje 1", "Eje 2", "Eje 3"], {"Acciones": [12, 1_234, 0]})
    grafica.grab()
    assert grafica.rotulos == ["12", "1,234"]
    assert "Eje 2: Acciones 1,234" in grafica.accessibleDescription()
