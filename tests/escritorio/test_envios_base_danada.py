"""Envíos en la ventana (que abre la base sin revisarla y la revisa en segundo plano): exportar de una base dañada
no publica nada; la página dice que está dañada y cómo restaurarla."""

from PySide6.QtCore import Qt

from base_local.apertura import abrir_base
from base_local.rutas import Rutas
from escritorio.contexto import ContextoApp
from escritorio.pagina_envios import PaginaEnvios
from tests.confiabilidad.test_exportar_base_danada import _danar_indice, _pendientes
from tests.conftest import FRASE
from tests.empaquetado.util import cli


def test_envios_no_exporta_de_una_base_danada(qtbot, tmp_path, oficina_municipal):
    assert cli(oficina_municipal, "demo", "--registros", "6")[0] == 0
    archivo = oficina_municipal / "registro.sqlite"
    _danar_indice(archivo)
    antes = archivo.read_bytes()
    rutas = Rutas(oficina_municipal)
    ctx = ContextoApp(rutas, abrir_base(rutas.url_base, rutas.respaldos, revisar_integridad=False),
                      pedir_frase=lambda padre, motivo: FRASE)  # como la ventana: la revisión del arranque va aparte
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert "6 registros listos" in pagina.resumen.text()  # el daño no se ve al leer
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no terminó" in pagina.resumen.text(), timeout=20000)
    assert "está dañada" in pagina.resumen.text() and "restaur" in pagina.resumen.text()
    ctx.base.cerrar()
    assert not (tmp_path / "salida").exists() or list((tmp_path / "salida").iterdir()) == []
    assert list((oficina_municipal / "enviados").glob("*")) == []
    assert _pendientes(archivo) == 6 and archivo.read_bytes() == antes
