"""Borradores como en ODK Collect o Kobo: al abrir, la ventana avisa que hay capturas a medias; la lista permite
«Continuar» una en Captura o «Descartarla» (queda anulada con su historial)."""

from PySide6.QtCore import Qt

from escritorio.ventana_principal import SECCIONES
from tests.empaquetado.util import consultar
from tests.escritorio.conftest import contestar
from tests.escritorio.test_captura import teclas
from tests.escritorio.test_flujo_ventana import _ventana
from tests.escritorio.test_ventana_al_dia import _ir

CTRL = Qt.KeyboardModifier.ControlModifier


def _dos_borradores(qtbot, ctx_municipal) -> None:
    """Dos capturas a medias, como quedan al cerrar la ventana con Alt+F4 (guardadas como borrador)."""
    ventana = _ventana(qtbot, ctx_municipal)
    for titulo in ("Taller a medias", "Reunion a medias"):
        _ir(qtbot, ventana, SECCIONES.index("Captura"))
        ventana.captura.formulario.controles["titulo"].setFocus()
        teclas(qtbot, titulo)
        ventana.close()
        assert ventana.captura.id_actual is not None
        ventana = _ventana(qtbot, ctx_municipal)
        ventana.captura.nueva(preguntar=False)
    ventana.close()


def test_al_abrir_avisa_de_los_borradores_y_la_lista_continua_o_descarta(qtbot, ctx_municipal, tmp_path):
    _dos_borradores(qtbot, ctx_municipal)
    ventana = _ventana(qtbot, ctx_municipal)
    assert "Tiene 2 borradores sin terminar" in ventana.statusBar().currentMessage()
    _ir(qtbot, ventana, SECCIONES.index("Captura"))
    captura = ventana.captura
    assert captura.aviso_borradores.isVisible() and "2 borradores" in captura.aviso_borradores.text()
    assert captura.formulario.controles["titulo"].text() == ""  # Captura abre en blanco, pero lo dice
    ventana.activateWindow()
    captura.formulario.controles["titulo"].setFocus()
    teclas(qtbot, (Qt.Key.Key_B, CTRL))
    dialogo = captura.dialogo_borradores
    qtbot.waitExposed(dialogo)
    # el más reciente arriba (se guardan al segundo: dos del mismo segundo pueden ir en cualquier orden)
    assert sorted(f[0] for f in dialogo.modelo.filas) == ["Reunion a medias", "Taller a medias"]
    # Descartar «Taller a medias» (con las flechas): pregunta (Intro elige «No»), luego sí.
    if dialogo.modelo.filas[0][0] != "Taller a medias":
        qtbot.keyClick(dialogo.vista, Qt.Key.Key_Down)
    assert dialogo.modelo.filas[dialogo.vista.currentIndex().row()][0] == "Taller a medias"
    contestar(Qt.Key.Key_Return)
    qtbot.mouseClick(dialogo.botones["descartar"], Qt.MouseButton.LeftButton)
    assert len(dialogo.modelo.filas) == 2
    contestar(Qt.Key.Key_D)  # «&Descartar el borrador»
    qtbot.mouseClick(dialogo.botones["descartar"], Qt.MouseButton.LeftButton)
    assert [f[0] for f in dialogo.modelo.filas] == ["Reunion a medias"]
    assert consultar(ctx_municipal.rutas.raiz, "select estado from accion where titulo = 'Taller a medias'") == [("anulada",)]
    assert "1 borrador sin terminar" in captura.aviso_borradores.text()
    # Continuar: el borrador queda en el formulario, listo para terminarlo.
    qtbot.mouseClick(dialogo.botones["continuar"], Qt.MouseButton.LeftButton)
    assert not dialogo.isVisible()
    assert captura.formulario.controles["titulo"].text() == "Reunion a medias"
    assert captura.encabezado.text().startswith("Acción (borrador")
    ventana.close()
