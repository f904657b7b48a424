"""T16 en la ventana: el botón «Reenviar…» de Envíos escribe los mismos bytes del paquete elegido en otra memoria."""

from pathlib import Path

from PySide6.QtCore import Qt

from escritorio.pagina_envios import PaginaEnvios
from tests.empaquetado.util import cli
from tests.escritorio.conftest import contexto


def test_t16_reenviar_desde_envios_escribe_los_mismos_bytes(qtbot, oficina_municipal, tmp_path):
    assert cli(oficina_municipal, "demo", "--registros", "3")[0] == 0
    _, primero = cli(oficina_municipal, "exportar", "--salida", str(tmp_path / "usb"))
    ctx = contexto(oficina_municipal)
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    qtbot.mouseClick(pagina.boton_reenviar, Qt.MouseButton.LeftButton)
    assert "Seleccione" in pagina.resumen.text()
    pagina.vista_historial.selectRow(0)
    pagina.elegir_carpeta = lambda: str(tmp_path / "otra-usb")
    qtbot.mouseClick(pagina.boton_reenviar, Qt.MouseButton.LeftButton)
    assert "Paquete 1 escrito de nuevo" in pagina.resumen.text()
    copia = tmp_path / "otra-usb" / Path(primero["archivo"]).name
    assert copia.read_bytes() == Path(primero["archivo"]).read_bytes()
    ctx.base.cerrar()
