"""Encaje: cada página cabe en 1280×720 y 1366×768 con los mensajes más largos, con la fuente empaquetada."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStatusBar,
    QWidget,
)

from base_local.oficinas import oficina_local
from escritorio.ventana_principal import SECCIONES, VentanaPrincipal
from formularios.demo import generar
from formularios.servicio import contexto_para
from tests.conftest import crear_oficina
from tests.escritorio.conftest import contexto

RUTA = "/home/maria.guadalupe.hernandez/.local/share/registro-acciones-fsur/Oficina Municipal de Atención al Migrante de Tapachula"
MENSAJES = {
    "captura.estado": "No se guardó. La acción tiene 6 errores: Eje estratégico, Tipo de acción, Población atendida, Título, "
                      "Descripción y Objetivos del PMM. Corríjalos (la lista de la derecha lleva a cada campo) o guárdela como borrador.",
    "captura.observaciones": "Observación de la oficina superior: " + "la lista de asistencia no coincide con las cifras por sexo; " * 4,
    "acciones.resumen": "No se anuló: el periodo 2026T3 de la oficina M07089 está cerrado; pida a su enlace estatal que lo reabra "
                        "(Acciones → Reabrir periodo…) y vuelva a intentarlo. " + RUTA,
    "envios.resumen": f"Paquete 12 escrito en {RUTA}/paquetes/envio-M07089-0012-20261122T171500Z.zip con 1,234 registros. "
                      "Imprima la carátula y lleve el archivo a su oficina superior.",
    "recepcion.estado": "3 paquetes importados. Acuses firmados junto a cada paquete: "
                        + ", ".join(f"envio-E07-00{n}-20261122T171500Z-acuse.json" for n in range(10, 16)) + ".",
    "conflictos.mensaje": "La nota es obligatoria: escriba por qué conserva esa versión (viaja a la oficina en el acuse). " * 3,
    "reportes.estado": f"Listo: {RUTA}/reportes/compendio-2026T4-07-Oficina-Municipal-de-Atencion-al-Migrante.pdf",
    "configuracion.mensaje": f"Base restaurada desde respaldo-20261122-171500-manual.sqlite. La anterior quedó en {RUTA}/respaldos/"
                             "respaldo-20261122-171501-antes-de-restaurar.sqlite.",
    "inicio.mensaje": "Trimestre 2026T3 de E07 aprobado: los cambios posteriores llegarán como enmiendas. " * 3,
    # Solo en la central y la estatal (las que reciben paquetes):
    "duplicados.mensaje": "Marcado «no es duplicado»; se conserva aunque los paquetes se importen de nuevo. 1,234 parejas "
                          "esperan su revisión: seleccione una para ver los dos registros lado a lado. " * 2,
    "inicio.duplicados": "<b>1,234 posibles duplicados sin revisar</b> (parejas de registros que parecen la misma acción). " * 2,
    "inicio.aviso_versiones": "<b>12 oficinas usan catálogos anteriores</b> a los de aquí (versión 2026.12): lléveles la "
                              "actualización publicada para que la apliquen en Recepción. " * 2,
}
SOLO_AL_RECIBIR = {"duplicados.mensaje", "inicio.duplicados", "inicio.aviso_versiones"}
OFICINA_LARGA = "Oficina: M07089 — Oficina Municipal de Atención al Migrante de Tapachula de Córdova y Ordóñez, Chiapas"


def _poner_mensajes(ventana: VentanaPrincipal) -> None:
    municipal = ventana.duplicados is None
    for ruta, texto in MENSAJES.items():
        if municipal and ruta in SOLO_AL_RECIBIR:
            continue
        pagina, etiqueta = ruta.split(".")
        getattr(getattr(ventana, pagina), etiqueta).setText(texto)
    ventana.estado_oficina.poner(OFICINA_LARGA)


def _fuera_de_la_ventana(ventana: QWidget) -> list[str]:
    """Controles visibles que quedan fuera de la ventana, o páginas con desplazamiento horizontal."""
    fuera = []
    for w in ventana.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QScrollArea) and w.horizontalScrollBar().isVisible():
            fuera.append(f"{w.objectName() or type(w).__name__}: desplazamiento horizontal")
        if not isinstance(w, QAbstractButton | QAbstractItemView | QLabel | QLineEdit | QComboBox | QStatusBar):
            continue
        padre, dentro_de_desplazable = w.parentWidget(), False
        while padre is not None and padre is not ventana:
            dentro_de_desplazable |= isinstance(padre, QAbstractScrollArea)
            padre = padre.parentWidget()
        if dentro_de_desplazable:
            continue
        esquina = w.mapTo(ventana, QPoint(w.width(), w.height()))
        if esquina.x() > ventana.width() or esquina.y() > ventana.height():
            fuera.append(f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r} termina en {esquina.x()}×{esquina.y()}")
    return fuera


def _recorrer(qtbot, ventana: VentanaPrincipal, ancho: int, alto: int) -> None:
    ventana.resize(ancho, alto)
    ventana.show()
    qtbot.waitExposed(ventana)
    _poner_mensajes(ventana)
    ventana.navegacion.setFocus()
    ventana.navegacion.setCurrentRow(0)
    for fila, seccion in enumerate(SECCIONES):
        if fila:
            qtbot.keyClick(ventana.navegacion, Qt.Key.Key_Down)
        assert ventana.navegacion.currentRow() == fila
        pestanas = range(ventana.paginas.currentWidget().count()) if seccion == "Envíos/Recepción" else [None]
        for pestana in pestanas:
            if pestana is not None:
                ventana.paginas.currentWidget().setCurrentIndex(pestana)
            QApplication.processEvents()
            _poner_mensajes(ventana)
            QApplication.processEvents()
            donde = f"{seccion} {pestana if pestana is not None else ''} a {ancho}×{alto}"
            assert ventana.minimumSizeHint().width() <= ancho, donde
            assert (ventana.width(), ventana.height()) == (ancho, alto), donde
            assert _fuera_de_la_ventana(ventana) == [], donde


@pytest.fixture(params=["municipal", "central"])
def ventana_con_datos(request, qtbot, tmp_path):
    crear_oficina(tmp_path / request.param, request.param)
    ctx = contexto(tmp_path / request.param)
    with ctx.base.transaccion() as s:
        oficina = oficina_local(s)
        if request.param == "municipal":
            generar(s, contexto_para(s, oficina), oficina, 30, semilla=7)
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    qtbot.addWidget(ventana)
    yield ventana
    ctx.base.cerrar()


def test_la_fuente_es_la_empaquetada(ventana_con_datos):
    assert QFontInfo(ventana_con_datos.font()).family() == "DejaVu Sans"
    assert QFontInfo(ventana_con_datos.captura.estado.font()).family() == "DejaVu Sans"


def test_cada_pagina_cabe_en_1280x720_tras_un_mensaje_largo(qtbot, ventana_con_datos):
    _recorrer(qtbot, ventana_con_datos, 1280, 720)


def test_cada_pagina_cabe_en_1366x768_tras_un_mensaje_largo(qtbot, ventana_con_datos):
    _recorrer(qtbot, ventana_con_datos, 1366, 768)


def test_barra_de_estado_recorta_sin_ensanchar(qtbot, ventana_con_datos):
    ventana_con_datos.resize(1280, 720)
    ventana_con_datos.show()
    ventana_con_datos.estado_oficina.poner(OFICINA_LARGA * 3)
    QApplication.processEvents()
    assert ventana_con_datos.width() == 1280
    assert ventana_con_datos.estado_oficina.toolTip() == OFICINA_LARGA * 3
    assert ventana_con_datos.estado_oficina.text().endswith("…")


def test_abre_maximizada_en_pantalla_pequena(qtbot, ctx_municipal):
    from PySide6.QtGui import QGuiApplication

    from escritorio.aplicacion import PANTALLA_AMPLIA, mostrar

    disponible = QGuiApplication.primaryScreen().availableGeometry()
    assert disponible.width() < PANTALLA_AMPLIA[0] or disponible.height() < PANTALLA_AMPLIA[1]  # la pantalla de prueba es pequeña
    ventana = VentanaPrincipal(ctx_municipal)
    qtbot.addWidget(ventana)
    mostrar(ventana)
    assert ventana.windowState() & Qt.WindowState.WindowMaximized
