"""Campos obligatorios marcados (asterisco, leyenda y descripción para el lector de pantalla), Ctrl+Z deshace el
último cambio en cada campo (también cifras y fechas) y la lista editable de Municipio tiene nombre accesible."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from escritorio.ventana_principal import SECCIONES
from tests.escritorio.test_captura import captura, teclas  # noqa: F401
from tests.escritorio.test_flujo_ventana import _ventana
from tests.escritorio.test_ventana_al_dia import _ir

CTRL = Qt.KeyboardModifier.ControlModifier


def test_obligatorios_marcados_y_nombrados(qtbot, ctx_municipal):
    ventana = _ventana(qtbot, ctx_municipal)
    _ir(qtbot, ventana, SECCIONES.index("Captura"))
    formulario = ventana.captura.formulario
    etiquetas = {e.buddy().objectName(): e.text() for e in formulario.findChildren(QLabel) if e.buddy() is not None}
    for clave in ("fecha_inicio", "entidad", "municipio", "eje", "tipo_accion", "titulo", "descripcion", "objetivos_pmm", "poblacion"):
        assert etiquetas[clave].endswith(" *:"), clave
        control = formulario.controles[clave]
        assert control.accessibleDescription().startswith("Obligatorio."), clave
        assert "*" not in control.accessibleName(), clave
    for clave in ("localidad", "linea_accion", "instituciones", "actividad_programa"):
        assert "*" not in etiquetas[clave], clave
    assert formulario.findChild(QLabel, "leyenda_requeridos").isVisible()
    municipio = formulario.controles["municipio"]
    assert municipio.lineEdit().accessibleName() == "Municipio"
    assert formulario.controles["fecha_inicio"].lineEdit().accessibleName() == "Fecha de inicio"
    ventana.close()


def test_ctrl_z_deshace_el_ultimo_cambio_de_cada_campo(qtbot, captura):  # noqa: F811
    c = captura.formulario.controles
    for clave, texto, antes in (("titulo", "Taller", ""), ("mujeres", "25", "0"), ("eventos", "3", "1"), ("localidad", "Centro", "")):
        c[clave].setFocus()
        qtbot.wait(20)
        teclas(qtbot, texto)
        teclas(qtbot, (Qt.Key.Key_Z, CTRL))
        assert (c[clave].text() if clave in ("titulo", "localidad") else c[clave].lineEdit().text()) == antes, clave
    c["descripcion"].setFocus()
    teclas(qtbot, "Se acordo", (Qt.Key.Key_Z, CTRL))
    assert c["descripcion"].toPlainText() == ""
    fecha = c["fecha_inicio"]
    fecha.setFocus()
    qtbot.wait(20)
    teclas(qtbot, "15032026")
    assert fecha.valor() == date(2026, 3, 15)
    teclas(qtbot, (Qt.Key.Key_Z, CTRL))
    assert fecha.valor() == date.today()


def test_aceptada_en_verde_y_observada_en_ambar(qtbot, captura):  # noqa: F811
    """«Aceptada por la Coordinación» no se pinta con el color de aviso; «Observada…» sí."""
    etiqueta = captura.formulario.resultado_acuse

    def colores(texto: str) -> set[tuple[int, int, int]]:
        captura.formulario.mostrar_acuse(texto)
        qtbot.wait(10)
        imagen = etiqueta.grab().toImage()
        return {(c.red(), c.green(), c.blue()) for c in (imagen.pixelColor(x, y) for x in range(0, imagen.width(), 2)
                                                          for y in range(imagen.height()))}

    verde, ambar = (0x1B, 0x5E, 0x20), (0x8A, 0x5A, 0x00)
    aceptada = colores("Aceptada por la Coordinación (acuse del 01/12/2026).")
    assert etiqueta.property("nivel") == "bien" and verde in aceptada and ambar not in aceptada
    observada = colores("Observada por la Coordinación (acuse del 01/12/2026): Falta la lista de asistencia")
    assert etiqueta.property("nivel") == "aviso" and ambar in observada
