"""Accesibilidad: recorre el árbol de QAccessible de cada página y falla ante un control sin nombre legible
(o con una llave interna por nombre), y ante una lista desplegable sin etiqueta compañera (buddy)."""

import re
from datetime import date

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget

from base_local.oficinas import oficina_local
from escritorio.ventana_principal import SECCIONES, VentanaPrincipal
from formularios.demo import generar
from formularios.servicio import contexto_para
from tests.conftest import crear_oficina
from tests.escritorio.conftest import contexto

Rol = QAccessible.Role
CONTROLES = {Rol.Button, Rol.CheckBox, Rol.RadioButton, Rol.ComboBox, Rol.EditableText, Rol.SpinBox, Rol.List, Rol.Table,
             Rol.PageTabList, Rol.Slider, Rol.Dial, Rol.ProgressBar, Rol.Tree}
CONTENEDORES_DE_CELDAS = {Rol.List, Rol.Table, Rol.Tree, Rol.PageTabList, Rol.ComboBox, Rol.SpinBox}
LLAVE = re.compile(r"[a-z]+(?:[A-Z_.][A-Za-z0-9]*)+")


def sin_nombre(raiz: QWidget) -> list[str]:
    """Controles visibles cuyo nombre accesible falta o es una llave interna (tablaLlaves, fecha_inicio…)."""
    etiquetas_de = {e.buddy() for e in raiz.findChildren(QLabel) if e.buddy() is not None}
    problemas: list[str] = []

    def visitar(interfaz, profundidad: int = 0) -> None:
        if interfaz is None or not interfaz.isValid() or profundidad > 60 or interfaz.state().invisible:
            return
        rol, objeto = interfaz.role(), interfaz.object()
        if rol in CONTROLES and isinstance(objeto, QWidget):
            nombre = interfaz.text(QAccessible.Text.Name).strip()
            descripcion = f"{type(objeto).__name__} {objeto.objectName()!r} ({rol.name})"
            if not nombre:
                problemas.append(f"{descripcion}: sin nombre")
            elif LLAVE.fullmatch(nombre) or nombre == objeto.objectName():
                problemas.append(f"{descripcion}: nombre {nombre!r} es una llave interna")
            if isinstance(objeto, QComboBox) and objeto not in etiquetas_de:
                problemas.append(f"{descripcion}: lista desplegable sin etiqueta compañera (buddy)")
            if isinstance(objeto, QComboBox) and not objeto.accessibleName():
                problemas.append(f"{descripcion}: el lector anunciaría solo la opción elegida")
        if rol in CONTENEDORES_DE_CELDAS:
            return  # celdas, opciones y pestañas las nombra su contenido
        for i in range(interfaz.childCount()):
            visitar(interfaz.child(i), profundidad + 1)

    visitar(QAccessible.queryAccessibleInterface(raiz))
    return problemas


@pytest.fixture(params=["municipal", "central"])
def ventana(request, qtbot, tmp_path):
    crear_oficina(tmp_path / request.param, request.param)
    ctx = contexto(tmp_path / request.param)
    with ctx.base.transaccion() as s:
        oficina = oficina_local(s)
        if request.param == "municipal":
            generar(s, contexto_para(s, oficina), oficina, 5, semilla=2)
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    qtbot.addWidget(ventana)
    ventana.resize(1280, 720)
    ventana.show()
    qtbot.waitExposed(ventana)
    yield ventana
    ctx.base.cerrar()


def test_ningun_control_sin_nombre_en_cada_pagina(qtbot, ventana):
    from PySide6.QtCore import Qt

    problemas = []
    ventana.navegacion.setFocus()
    ventana.navegacion.setCurrentRow(0)
    for fila, seccion in enumerate(SECCIONES):
        if fila:
            qtbot.keyClick(ventana.navegacion, Qt.Key.Key_Down)
        pagina = ventana.paginas.currentWidget()
        pestanas = {"Envíos/Recepción": pagina, "Inicio": getattr(pagina, "pestanas", None)}.get(seccion)  # y el mapa
        for pestana in range(pestanas.count()) if pestanas is not None else [None]:
            if pestana is not None:
                pestanas.setCurrentIndex(pestana)
            if seccion == "Captura":
                ventana.captura.formulario.con_edades.setChecked(True)
            QApplication.processEvents()
            problemas += [f"{seccion}/{pestana}: {p}" for p in sin_nombre(ventana)]
    assert not problemas, "\n".join(problemas)


def test_el_recorrido_detecta_un_control_sin_nombre(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    raiz = QWidget()
    qtbot.addWidget(raiz)
    capa = QVBoxLayout(raiz)
    capa.addWidget(QPushButton(""))
    combo = QComboBox()
    combo.addItem("Chiapas")
    capa.addWidget(combo)
    raiz.show()
    problemas = sin_nombre(raiz)
    assert any("QPushButton" in p and "sin nombre" in p for p in problemas)
    assert any("QComboBox" in p and "buddy" in p for p in problemas)


def test_asistente_sin_controles_sin_nombre(qtbot, tmp_path):
    from escritorio.asistente import AsistenteOficina

    asistente = AsistenteOficina(tmp_path / "nueva")
    qtbot.addWidget(asistente)
    asistente.show()
    qtbot.waitExposed(asistente)
    problemas = sin_nombre(asistente)
    asistente.next()
    problemas += sin_nombre(asistente)
    asistente.datos.nombre.setText("Oficina Municipal de Suchiate")
    asistente.datos.responsable.setText("Responsable")
    asistente.next()
    problemas += sin_nombre(asistente)
    assert not problemas, "\n".join(problemas)
