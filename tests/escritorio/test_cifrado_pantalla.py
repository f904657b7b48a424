"""Cifrado en la ventana: Envíos dice para quién se cifra (o avisa que sale sin cifrar) y Recepción abre paquetes
.zip.age pidiendo la frase una sola vez por lote."""

from pathlib import Path

from PySide6.QtCore import Qt

from escritorio.pagina_envios import PaginaEnvios
from escritorio.pagina_recepcion import PaginaRecepcion
from tests.conftest import FRASE
from tests.empaquetado.util import cli, red_de_oficinas
from tests.escritorio.conftest import contexto


def test_envios_exporta_cifrado_para_la_estatal(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    ctx = contexto(red["mun"])
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert "cifra para: E07" in pagina.cifrado.text()
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=15000)
    assert "Va cifrado para: E07" in pagina.resumen.text()
    [paquete] = (tmp_path / "salida").glob("envio-M07089-0001-*.zip.age")
    pagina.vista_historial.selectRow(0)
    assert pagina.caratula.name == paquete.name.removesuffix(".zip.age") + "-caratula.pdf" and pagina.caratula.exists()
    ctx.base.cerrar()


def test_envios_avisa_que_sale_sin_cifrar(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)  # la estatal registró una ficha de una versión anterior, sin llave de cifrado
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    ctx = contexto(red["mun"])
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert "SIN CIFRAR" in pagina.cifrado.text() and "E07" in pagina.cifrado.text()
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=15000)
    assert "SIN CIFRAR" in pagina.resumen.text()
    ctx.base.cerrar()


def test_recepcion_abre_paquetes_cifrados_con_una_sola_frase(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    archivos = []
    for semilla in (1, 2):
        assert cli(red["mun"], "demo", "--registros", "3", "--semilla", str(semilla))[0] == 0
        archivos.append(cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])
    danado = tmp_path / "danado.zip.age"
    datos = bytearray(Path(archivos[0]).read_bytes())
    datos[len(datos) // 2] ^= 1
    danado.write_bytes(bytes(datos))
    ctx = contexto(red["est"])
    frases = []
    ctx.pedir_frase = lambda padre, motivo: frases.append(motivo) or FRASE
    pagina = PaginaRecepcion(ctx)
    qtbot.addWidget(pagina)
    pagina.cargar([*archivos, str(danado)])
    qtbot.waitUntil(lambda: pagina.pendientes == 0 and pagina.modelo.rowCount() == 3, timeout=15000)
    assert len(frases) == 1 and "cifrados" in frases[0]
    por_archivo = {fila[0]: fila for fila in pagina.modelo.filas}
    assert por_archivo["danado.zip.age"][4] == "CIFRADO_DANADO"
    assert por_archivo[Path(archivos[0]).name][3] == "listo para importar"
    qtbot.mouseClick(pagina.importar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 paquetes importados" in pagina.estado.text(), timeout=15000)
    assert len(frases) == 1  # la misma frase abrió los paquetes y firma sus acuses: se pide una vez por importación
    assert sorted(a.name for a in pagina.acuses) == sorted(Path(a).name.removesuffix(".zip.age") + "-acuse.json" for a in archivos)
    assert pagina.identidad is None  # la identidad de cifrado no se queda en memoria tras importar
    ctx.base.cerrar()


def test_frase_incorrecta_al_importar_vuelve_a_pedir_solo_la_frase(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    archivo = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"]
    ctx = contexto(red["est"])
    respuestas = ["frase equivocada de la persona", FRASE]
    frases = []
    ctx.pedir_frase = lambda padre, motivo: frases.append(motivo) or respuestas.pop(0)
    pagina = PaginaRecepcion(ctx)
    qtbot.addWidget(pagina)
    elegidos = []
    pagina.elegir_archivos = lambda: elegidos.append(1) or [archivo]
    qtbot.mouseClick(pagina.elegir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(pagina.importar.isEnabled, timeout=15000)
    assert len(frases) == 2 and frases[1].startswith("La frase no es la correcta") and elegidos == [1]
    qtbot.mouseClick(pagina.importar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 paquete importado" in pagina.estado.text(), timeout=15000)
    assert len(frases) == 2 and [a.name for a in pagina.acuses] == [Path(archivo).name.removesuffix(".zip.age") + "-acuse.json"]
    ctx.base.cerrar()


def test_frase_incorrecta_al_exportar_vuelve_a_pedir_solo_la_frase(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    ctx = contexto(red["mun"])
    respuestas = ["otra frase que no es", "tampoco es esta frase", FRASE]
    frases = []
    ctx.pedir_frase = lambda padre, motivo: frases.append(motivo) or respuestas.pop(0)
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    carpetas = []
    pagina.elegir_carpeta = lambda: carpetas.append(1) or str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=15000)
    assert carpetas == [1] and len(frases) == 3  # la carpeta se eligió una vez; solo la frase se volvió a pedir
    assert all(f.startswith("La frase no es la correcta") and f.endswith("Para firmar el paquete") for f in frases[1:])
    ctx.base.cerrar()
