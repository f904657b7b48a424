"""Lo que dice la ventana es siempre cierto: tras importar, exportar, aplicar un acuse o una actualización de catálogos,
aprobar o restaurar, cada página y la barra de estado muestran lo que hay en la base sin salir de la página; el
periodo de un paquete nombra todos sus trimestres; los colores y avisos dicen la verdad (issue 25)."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from escritorio import archivos
from escritorio.pagina_envios import PaginaEnvios
from tests.empaquetado.util import cli, ejecutar, red_de_oficinas
from tests.escritorio.conftest import contestar, contexto
from tests.escritorio.test_flujo_ventana import _elegir_con, _red_con_acuse, _ventana


def _pestana(qtbot, ventana, pagina) -> None:
    """Clic en la pestaña de la página, como una persona (Envíos, Recepción…)."""
    pestanas = ventana.pestanas_envios
    barra = pestanas.tabBar()
    qtbot.mouseClick(barra, Qt.MouseButton.LeftButton, pos=barra.tabRect(pestanas.indexOf(pagina)).center())
    assert pestanas.currentWidget() is pagina


def _ir(qtbot, ventana, fila: int) -> None:
    """Clic en la sección de la barra de navegación."""
    lista = ventana.navegacion
    qtbot.mouseClick(lista.viewport(), Qt.MouseButton.LeftButton, pos=lista.visualItemRect(lista.item(fila)).center())
    assert lista.currentRow() == fila


def _pendientes(ventana) -> str:
    return ventana.estado_pendientes.completo


def test_importar_en_recepcion_pone_al_dia_envios_y_la_barra_sin_salir(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    paquete = Path(cli(red["mun"], "exportar", "--salida", str(tmp_path / "usb"))[1]["archivo"])
    ctx = contexto(red["est"])
    ventana = _ventana(qtbot, ctx)
    _ir(qtbot, ventana, 3)
    assert "No hay nada nuevo" in ventana.envios.resumen.text() and not ventana.envios.boton.isEnabled()
    assert _pendientes(ventana) == "Pendientes de envío: 0"
    _pestana(qtbot, ventana, ventana.recepcion)
    _elegir_con(ventana.recepcion, paquete)
    qtbot.keyClick(ventana.recepcion.elegir, Qt.Key.Key_Space)
    qtbot.waitUntil(ventana.recepcion.importar.isEnabled, timeout=20000)
    qtbot.keyClick(ventana.recepcion.importar, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "importado" in ventana.recepcion.estado.text(), timeout=30000)
    assert _pendientes(ventana) == "Pendientes de envío: 3"  # la barra, sin cambiar de página
    _pestana(qtbot, ventana, ventana.envios)
    assert ventana.envios.resumen.text().startswith("3 registros listos para el próximo paquete")
    assert ventana.envios.boton.isEnabled()
    ventana.close()
    ctx.base.cerrar()


def test_exportar_pone_al_dia_la_barra_y_el_inicio(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    ctx = contexto(red["mun"])
    ventana = _ventana(qtbot, ctx)
    qtbot.waitUntil(lambda: ventana.inicio.datos is not None, timeout=20000)
    assert "<b>3</b>" in ventana.inicio.cifras["cifra_pendientes"].text()
    _ir(qtbot, ventana, 3)
    assert _pendientes(ventana) == "Pendientes de envío: 3"
    ventana.envios.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.keyClick(ventana.envios.boton, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in ventana.envios.resumen.text(), timeout=20000)
    assert _pendientes(ventana) == "Pendientes de envío: 0"
    _ir(qtbot, ventana, 0)
    qtbot.waitUntil(lambda: "<b>0</b>" in ventana.inicio.cifras["cifra_pendientes"].text(), timeout=20000)
    ventana.close()
    ctx.base.cerrar()


def test_acuse_de_la_estatal_se_ve_en_el_inicio_municipal(qtbot, tmp_path):
    """«Aceptadas · observadas por su estatal (E07)» cuenta lo que dijo el acuse recién aplicado, no 0 · 0."""
    red, acuse = _red_con_acuse(tmp_path)
    ctx = contexto(red["mun"])
    ventana = _ventana(qtbot, ctx)
    qtbot.waitUntil(lambda: ventana.inicio.datos is not None, timeout=20000)
    assert "<b>0 · 0</b>" in ventana.inicio.cifras["cifra_superior"].text()
    _ir(qtbot, ventana, 3)
    _pestana(qtbot, ventana, ventana.recepcion)
    _elegir_con(ventana.recepcion, acuse)
    qtbot.keyClick(ventana.recepcion.elegir, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: str(acuse) in ventana.recepcion.acuses_recibidos, timeout=20000)
    _pestana(qtbot, ventana, ventana.envios)  # la columna «Acuse» de los paquetes enviados, ya
    assert ventana.envios.historial.filas[0][5].startswith("Estatal E07 · ")
    _ir(qtbot, ventana, 0)
    qtbot.waitUntil(lambda: "<b>3 · 0</b>" in ventana.inicio.cifras["cifra_superior"].text(), timeout=20000)
    ventana.close()
    ctx.base.cerrar()


def test_aprobar_un_trimestre_avisa_a_toda_la_ventana(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["est"], "demo", "--registros", "2")[0] == 0
    paquete = cli(red["est"], "exportar", "--salida", str(tmp_path / "usb"))[1]["archivo"]
    assert cli(red["cen"], "importar", paquete)[0] == 0
    ctx = contexto(red["cen"])
    ventana = _ventana(qtbot, ctx)
    tablero = ventana.inicio
    qtbot.waitUntil(lambda: tablero.datos is not None and bool(tablero.completitud.filas), timeout=20000)
    fila = next(i for i, f in enumerate(tablero.completitud.filas) if f[0] == "E07" and f[8] == "abierto")
    tablero.vista_completitud.selectRow(fila)
    contestar(Qt.Key.Key_A)  # «&Aprobar el trimestre»
    with qtbot.waitSignal(ctx.datos_cambiados, timeout=5000):
        qtbot.mouseClick(tablero.aprobar, Qt.MouseButton.LeftButton)
    assert "aprobado" in tablero.mensaje.text()
    qtbot.waitUntil(lambda: "aprobado" in str(tablero.completitud.filas[fila][8]).lower(), timeout=20000)
    ventana.close()
    ctx.base.cerrar()


def test_restaurar_un_respaldo_pone_al_dia_la_barra(qtbot, oficina_municipal):
    ctx = contexto(oficina_municipal)
    ventana = _ventana(qtbot, ctx)
    _ir(qtbot, ventana, 5)
    pagina = ventana.configuracion
    qtbot.mouseClick(pagina.findChildren(object, "respaldar")[0], Qt.MouseButton.LeftButton)
    copia = next((oficina_municipal / "respaldos").glob("manual-*.sqlite"))
    assert cli(oficina_municipal, "demo", "--registros", "3")[0] == 0
    ventana.releer_todo()  # p. ej. al volver a la página: la barra cuenta las 3 del demo
    assert _pendientes(ventana) == "Pendientes de envío: 3"
    pagina.elegir_respaldo = lambda: str(copia)
    contestar(Qt.Key.Key_R)  # «Restaurar y reemplazar»
    qtbot.mouseClick(pagina.findChildren(object, "restaurar")[0], Qt.MouseButton.LeftButton)
    assert "Base restaurada" in pagina.mensaje.text()
    assert _pendientes(ventana) == "Pendientes de envío: 0"
    ventana.close()
    ctx.base.cerrar()


def test_el_periodo_del_paquete_nombra_todos_sus_trimestres(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    ejecutar(red["mun"], "update accion set fecha_inicio = '2026-03-10', fecha_fin = '2026-03-10' where rowid in "
                         "(select rowid from accion order by id limit 2)")
    ejecutar(red["mun"], "update accion set fecha_inicio = '2026-11-10', fecha_fin = '2026-11-10' where rowid in "
                         "(select rowid from accion order by id desc limit 1)")
    ctx = contexto(red["mun"])
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert pagina.resumen.text() == "3 registros listos para el próximo paquete (trimestres 2026T1 y 2026T4)."
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=20000)
    columna = pagina.historial.columnas.index("Trimestres")
    assert pagina.historial.filas[0][columna] == "2026T1 y 2026T4"  # el enviado también los nombra todos
    ctx.base.cerrar()


def test_la_central_no_ve_un_aviso_rojo_de_cifrado(qtbot, tmp_path):
    red = red_de_oficinas(tmp_path, cifrado=True)
    ctx = contexto(red["cen"])
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    assert "ATENCIÓN" not in pagina.cifrado.text() and "SIN CIFRAR" not in pagina.cifrado.text()
    assert pagina.cifrado.text().startswith("Esta oficina es la Coordinación: no tiene oficina superior")
    assert pagina.cifrado.styleSheet() == ""
    ctx.base.cerrar()


def test_un_pdf_que_no_se_puede_abrir_dice_por_que_y_donde_esta(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(archivos, "abrir_url", lambda url: False)  # un equipo sin visor de PDF
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    ctx = contexto(red["mun"])
    pagina = PaginaEnvios(ctx)
    qtbot.addWidget(pagina)
    pagina.show()
    pagina.elegir_carpeta = lambda: str(tmp_path / "salida")
    qtbot.mouseClick(pagina.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in pagina.resumen.text(), timeout=20000)
    boton = pagina.botones_caratula["abrirCaratula"]
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    texto = pagina.resumen.text()
    assert texto.startswith(f"No se pudo abrir {pagina.caratula.name}") and str(pagina.caratula) in texto
    ctx.base.cerrar()


def test_actualizacion_de_catalogos_pone_al_dia_el_formulario_de_captura(qtbot, tmp_path):
    """La estatal registró la ficha de la Coordinación (su huella quedó fijada) y suelta en Recepción la actualización:
    Captura ofrece ya la institución nueva, sin cerrar la ventana."""
    from tests.empaquetado.test_actualizacion import INSTITUCIONES, _carpeta_csv

    red = red_de_oficinas(tmp_path)
    actualizacion = tmp_path / "act.json"
    assert cli(red["cen"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, instituciones=INSTITUCIONES)),
               "--salida", str(actualizacion))[0] == 0
    ctx = contexto(red["est"])
    ventana = _ventana(qtbot, ctx)
    ofrecidas = lambda: ventana.captura.formulario.controles["instituciones"].completer().model().stringList()  # noqa: E731
    assert "INMUJERES-CH — Instituto de las Mujeres de Chiapas" not in ofrecidas()
    _ir(qtbot, ventana, 3)
    _pestana(qtbot, ventana, ventana.recepcion)
    _elegir_con(ventana.recepcion, actualizacion)
    qtbot.keyClick(ventana.recepcion.elegir, Qt.Key.Key_Space)
    assert ventana.recepcion.modelo.filas[-1][3] == "catálogos actualizados"
    assert "INMUJERES-CH — Instituto de las Mujeres de Chiapas" in ofrecidas()
    ventana.close()
    ctx.base.cerrar()
