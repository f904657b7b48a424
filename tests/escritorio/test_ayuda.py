"""Ayuda sin conexión: F1 y el menú Ayuda abren la guía de captura en la sección de la página a la vista; la guía
viaja dentro del programa instalado (instalador/construir.py la copia a recursos/ayuda/, que la rueda lleva)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from escritorio import ayuda
from escritorio.ventana_principal import SECCIONES
from tests.escritorio.test_flujo_ventana import _ventana
from tests.escritorio.test_ventana_al_dia import _ir


def test_f1_abre_la_guia_en_la_seccion_de_la_pagina(qtbot, ctx_municipal):
    ventana = _ventana(qtbot, ctx_municipal)
    _ir(qtbot, ventana, SECCIONES.index("Captura"))
    ventana.captura.formulario.controles["titulo"].setFocus()
    qtbot.keyClick(ventana.captura.formulario.controles["titulo"], Qt.Key.Key_F1)
    guia = ventana.ventana_ayuda
    qtbot.waitExposed(guia)
    assert guia.seccion == "3. Registrar una acción (Captura)"
    assert guia.navegador.textCursor().block().text() == guia.seccion
    qtbot.waitUntil(lambda: guia.navegador.cursorForPosition(QPoint(8, 8)).block().text() == guia.seccion)  # arriba
    assert "Los mensajes" in guia.navegador.toPlainText()  # la guía entera, con formato de Markdown
    qtbot.waitUntil(lambda: QApplication.activeWindow() is guia)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not guia.isVisible()
    # Desde el menú Ayuda, en Envíos/Recepción: la sección de la pestaña a la vista.
    _ir(qtbot, ventana, SECCIONES.index("Envíos/Recepción"))
    ventana.pestanas_envios.setCurrentWidget(ventana.recepcion)
    menu = next(a.menu() for a in ventana.menuBar().actions() if a.text() == "Ay&uda")
    accion = next(a for a in menu.actions() if a.objectName() == "accionAyuda")
    assert accion.shortcut().toString() == "F1"
    accion.trigger()
    assert guia.seccion == "6. Recibir paquetes y acuses (Recepción)"
    ventana.close()


def test_la_guia_se_encuentra_instalada_y_sin_imagenes_no_falla(tmp_path, monkeypatch):
    copia = tmp_path / "ayuda" / ayuda.GUIA
    copia.parent.mkdir()
    copia.write_text("# Guía\n\n## 3. Registrar una acción (Captura)\n\n![Captura](img/no-esta.png)\n", encoding="utf-8")
    monkeypatch.setattr(ayuda, "UBICACIONES", (copia, tmp_path / "no-existe.md"))
    texto, carpeta = ayuda.texto_guia()
    assert carpeta == copia.parent and "*(imagen: Captura)*" in texto
    assert ayuda.titulo_de_seccion(texto, "pagina_captura") == "3. Registrar una acción (Captura)"
    monkeypatch.setattr(ayuda, "UBICACIONES", (tmp_path / "no-existe.md",))
    assert "no está en esta instalación" in ayuda.texto_guia()[0]


def test_el_instalador_copia_la_guia_y_sus_imagenes_a_los_recursos():
    from instalador.construir import copiar_ayuda

    destino = copiar_ayuda()
    try:
        assert (destino / ayuda.GUIA).read_bytes() == ayuda.UBICACIONES[1].read_bytes()
        assert (destino / "img" / "captura-vacia.png").is_file()
        assert ayuda.ruta_guia() == destino / ayuda.GUIA  # instalada, la ayuda la toma de los recursos del programa
    finally:
        import shutil

        shutil.rmtree(destino)
