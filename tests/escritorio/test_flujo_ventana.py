"""El flujo de papel y USB sin línea de órdenes: elegir o soltar paquetes y acuses, aplicar el acuse, carátula y ficha
en PDF con Abrir e Imprimir, barras de avance, carpeta recordada y el asistente que no deja cabos sueltos."""

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard

from escritorio import archivos
from escritorio.asistente import AsistenteOficina
from escritorio.trabajos import DialogoProgreso
from escritorio.ventana_principal import VentanaPrincipal
from tests.conftest import FRASE
from tests.empaquetado.util import cli, consultar, red_de_oficinas
from tests.escritorio.conftest import contexto
from tests.escritorio.test_captura import teclas

CTRL = Qt.KeyboardModifier.ControlModifier


def _ventana(qtbot, ctx) -> VentanaPrincipal:
    ventana = VentanaPrincipal(ctx)
    qtbot.addWidget(ventana)
    with qtbot.waitActive(ventana):
        ventana.show()
        ventana.activateWindow()
    ventana.navegacion.setFocus()
    return ventana


def _elegir_con(recepcion, *rutas: Path) -> list:
    """Sustituye el selector de la página por uno que devuelve esas rutas (el diálogo real se prueba aparte)."""
    llamadas: list = []
    recepcion.elegir_archivos = lambda: llamadas.append(1) or [str(r) for r in rutas]
    return llamadas


def _red_con_acuse(tmp_path) -> tuple[dict, Path]:
    """La municipal envía 3 acciones; el enlace estatal las importa y firma su acuse (por la CLI, en otra oficina)."""
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "usb"))[1]["archivo"]
    codigo, importado = cli(red["est"], "importar", paquete)
    assert codigo == 0, importado
    (tmp_path / "devuelto").mkdir()
    acuse = tmp_path / "devuelto" / "acuse.json"
    assert cli(red["est"], "acuse", "--paquete", importado["paquetes"][0]["paquete"], "--salida", str(acuse))[0] == 0
    return red, acuse


def test_boton_de_recepcion_abre_un_selector_en_espanol_que_empieza_en_la_carpeta_recordada(qtbot, tmp_path, monkeypatch):
    """El selector real: de Qt (no el nativo), con sus textos en español, en la última carpeta usada; Esc lo cierra sin
    cargar nada."""
    monkeypatch.setattr(archivos, "NATIVO", False)
    red = red_de_oficinas(tmp_path)
    (tmp_path / "usb").mkdir()
    ctx = contexto(red["mun"])
    archivos.recordar(ctx, tmp_path / "usb")
    ventana = _ventana(qtbot, ctx)
    teclas(qtbot, (Qt.Key.Key_4, CTRL))
    ventana.paginas.currentWidget().setCurrentWidget(ventana.recepcion)
    recepcion = ventana.recepcion
    vistos: list = []

    def mirar_y_cerrar() -> None:
        dialogo = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialogo is None:
            QTimer.singleShot(50, mirar_y_cerrar)
            return
        etiquetas = {e: dialogo.labelText(e) for e in (QFileDialog.DialogLabel.LookIn, QFileDialog.DialogLabel.FileName,
                                                        QFileDialog.DialogLabel.FileType, QFileDialog.DialogLabel.Accept,
                                                        QFileDialog.DialogLabel.Reject)}
        vistos.append((dialogo.windowTitle(), dialogo.directory().absolutePath(), dialogo.fileMode(), dialogo.nameFilters(),
                       dialogo.testOption(QFileDialog.Option.DontUseNativeDialog), etiquetas))
        qtbot.keyClick(dialogo, Qt.Key.Key_Escape)

    QTimer.singleShot(50, mirar_y_cerrar)
    qtbot.keyClick(recepcion.elegir, Qt.Key.Key_Space)  # el botón «Elegir paquetes o acuses…» con el teclado
    titulo, carpeta, modo, filtros, no_nativo, etiquetas = vistos[0]
    assert titulo == "Paquetes y acuses recibidos" and modo == QFileDialog.FileMode.ExistingFiles and no_nativo
    assert "*.zip *.age *.json" in filtros[0]  # también los paquetes cifrados
    assert carpeta == str(tmp_path / "usb")  # empieza en la última carpeta usada, no en la del programa
    assert etiquetas == {QFileDialog.DialogLabel.LookIn: "&Buscar en:", QFileDialog.DialogLabel.FileName: "&Nombre del archivo:",
                         QFileDialog.DialogLabel.FileType: "&Tipo de archivo:", QFileDialog.DialogLabel.Accept: "&Abrir",
                         QFileDialog.DialogLabel.Reject: "Cancelar"}
    assert not any(isinstance(w, QFileDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert recepcion.modelo.filas == [] and recepcion.acuses_recibidos == {}  # cancelar no carga nada
    assert archivos.carpeta_reciente(ctx) == str(tmp_path / "usb")
    ventana.close()
    ctx.base.cerrar()


def test_boton_de_recepcion_abre_un_selector_y_aplica_un_acuse(qtbot, tmp_path):
    red, acuse = _red_con_acuse(tmp_path)
    assert {e for (e,) in consultar(red["mun"], "select estado from accion")} == {"enviada"}
    ctx = contexto(red["mun"])
    ventana = _ventana(qtbot, ctx)
    teclas(qtbot, (Qt.Key.Key_4, CTRL))
    pestanas = ventana.paginas.currentWidget()
    pestanas.setCurrentWidget(ventana.recepcion)
    recepcion = ventana.recepcion
    llamadas = _elegir_con(recepcion, acuse)
    qtbot.keyClick(recepcion.elegir, Qt.Key.Key_Space)  # el botón «Elegir paquetes o acuses…» con el teclado
    qtbot.waitUntil(lambda: str(acuse) in recepcion.acuses_recibidos, timeout=20000)
    assert llamadas == [1]
    assert recepcion.acuses_recibidos[str(acuse)][0] == "acuse aplicado"
    assert "Acuse aplicado: 3 aceptadas" in recepcion.estado.text()
    assert {e for (e,) in consultar(red["mun"], "select estado from accion")} == {"aceptada"}
    assert [f[3] for f in recepcion.modelo.filas] == ["acuse aplicado"]

    # Otro documento soltado en la página (arrastrar y soltar): una ficha no es un acuse; se dice y nada cambia.
    antes = (red["mun"] / "registro.sqlite").read_bytes()
    datos = QMimeData()
    datos.setUrls([QUrl.fromLocalFile(str(tmp_path / "ficha-est.json"))])
    soltar = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, datos, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    recepcion.dropEvent(soltar)
    assert recepcion.acuses_recibidos[str(tmp_path / "ficha-est.json")][0] == "RECHAZADO"
    assert "no es un acuse de recibo" in recepcion.estado.text()
    assert (red["mun"] / "registro.sqlite").read_bytes() == antes
    ventana.close()
    ctx.base.cerrar()


def test_recepcion_elige_varios_paquetes_con_el_selector_e_importa_con_barra(qtbot, tmp_path, monkeypatch):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    paquete = Path(cli(red["mun"], "exportar", "--salida", str(tmp_path / "usb"))[1]["archivo"])
    avances = []
    monkeypatch.setattr(DialogoProgreso, "avance", lambda self, h, t: avances.append((h, t)))
    ctx = contexto(red["est"])
    ventana = _ventana(qtbot, ctx)
    teclas(qtbot, (Qt.Key.Key_4, CTRL))
    ventana.paginas.currentWidget().setCurrentWidget(ventana.recepcion)
    recepcion = ventana.recepcion
    _elegir_con(recepcion, paquete)
    qtbot.keyClick(recepcion.elegir, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: recepcion.importar.isEnabled(), timeout=20000)
    qtbot.keyClick(recepcion.importar, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "importado" in recepcion.estado.text() or "Falla" in recepcion.estado.text(), timeout=15000)
    assert "1 paquete importado" in recepcion.estado.text(), recepcion.estado.text()
    assert avances[0] == (0, 1) and avances[-1] == (1, 1)
    assert consultar(red["est"], "select count(*) from accion") == [(4,)]
    ventana.close()
    ctx.base.cerrar()


def test_envios_escribe_la_caratula_con_abrir_e_imprimir_y_barra_de_avance(qtbot, tmp_path, monkeypatch):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "6")[0] == 0
    abiertos, impresos, avances = [], [], []
    monkeypatch.setattr(archivos, "abrir", abiertos.append)
    monkeypatch.setattr(archivos, "imprimir", lambda ruta: impresos.append(ruta) or f"{ruta.name} se envió a la impresora.")
    monkeypatch.setattr(DialogoProgreso, "avance", lambda self, h, t: avances.append((h, t)))
    ctx = contexto(red["mun"])
    ventana = _ventana(qtbot, ctx)
    teclas(qtbot, (Qt.Key.Key_4, CTRL))
    envios = ventana.envios
    envios.elegir_carpeta = lambda: str(tmp_path / "usb")
    qtbot.keyClick(envios.boton, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Paquete 1 escrito" in envios.resumen.text(), timeout=15000)
    assert avances and avances[-1] == (6, 6)
    caratula = next((tmp_path / "usb").glob("envio-M07089-0001-*-caratula.pdf"))
    assert caratula.read_bytes().startswith(b"%PDF")
    assert envios.caratula == caratula
    abrir, imprimir = envios.botones_caratula["abrirCaratula"], envios.botones_caratula["imprimirCaratula"]
    assert abrir.isEnabled() and imprimir.isEnabled()
    qtbot.keyClick(abrir, Qt.Key.Key_Space)
    qtbot.keyClick(imprimir, Qt.Key.Key_Space)
    assert abiertos == [caratula] and impresos == [caratula]
    assert "impresora" in envios.resumen.text()
    caratula.unlink()  # la de un paquete del historial se vuelve a escribir desde el paquete si hace falta
    envios.vista_historial.clearSelection()
    envios._elegir_paquete(0)
    assert caratula.exists()
    ventana.close()
    ctx.base.cerrar()


def test_configuracion_escribe_la_ficha_en_pdf_con_abrir_e_imprimir(qtbot, tmp_path, monkeypatch, ctx_municipal):
    abiertos = []
    monkeypatch.setattr(archivos, "abrir", abiertos.append)
    ventana = _ventana(qtbot, ctx_municipal)
    teclas(qtbot, (Qt.Key.Key_7, CTRL))
    pagina = ventana.configuracion
    pagina.elegir_destino = lambda: str(tmp_path / "mi-ficha.json")
    assert not any(b.isEnabled() for b in pagina.botones_ficha)
    pagina.findChildren(object, "guardarFicha")[0].click()
    pdf = tmp_path / "mi-ficha.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and json.loads((tmp_path / "mi-ficha.json").read_text())["huella"]
    assert all(b.isEnabled() for b in pagina.botones_ficha)
    pagina.botones_ficha[0].click()
    assert abiertos == [pdf]
    ventana.close()


def test_asistente_oculta_el_municipio_de_una_oficina_estatal_y_no_se_cancela_ya_creada(qtbot, tmp_path):
    asistente = AsistenteOficina(tmp_path / "estatal")
    qtbot.addWidget(asistente)
    asistente.show()
    pagina = asistente.oficina
    assert pagina.municipio.isVisible()
    pagina.tipo.setCurrentIndex(pagina.tipo.findData("estatal"))
    assert not pagina.municipio.isVisible() and pagina.entidad.isVisible()
    pagina.tipo.setCurrentIndex(pagina.tipo.findData("central"))
    assert not pagina.municipio.isVisible() and not pagina.entidad.isVisible()
    pagina.tipo.setCurrentIndex(pagina.tipo.findData("estatal"))
    asistente.next()
    asistente.datos.nombre.setText("Enlace Estatal de Tabasco")
    asistente.datos.responsable.setText("Rosa Martinez")
    asistente.next()
    asistente.frase.frase.setText(FRASE)
    asistente.frase.repeticion.setText(FRASE)
    asistente.next()
    assert asistente.currentPage() is asistente.fin and asistente.creada.clave.startswith("E")
    assert not asistente.button(QWizard.WizardButton.CancelButton).isVisible()
    qtbot.keyClick(asistente, Qt.Key.Key_Escape)  # Esc ya no «cancela» una oficina creada: termina
    assert asistente.result() == QWizard.DialogCode.Accepted


def test_el_selector_recuerda_la_carpeta_de_lo_elegido(qtbot, tmp_path, monkeypatch):
    """Aceptar el selector (sin esperar a que la persona teclee: exec devuelve «aceptado») deja recordada su carpeta."""
    monkeypatch.setattr(archivos, "NATIVO", False)
    red = red_de_oficinas(tmp_path)
    (tmp_path / "devuelto").mkdir()
    elegido = tmp_path / "devuelto" / "acuse.json"
    elegido.write_text("{}", encoding="utf-8")
    ctx = contexto(red["mun"])
    monkeypatch.setattr(QFileDialog, "exec", lambda self: QFileDialog.DialogCode.Accepted)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda self: [str(elegido)])
    assert archivos.elegir_para_abrir(None, ctx, "Paquetes y acuses recibidos", varios=True) == [str(elegido)]
    assert archivos.carpeta_reciente(ctx) == str(elegido.parent)  # la próxima vez empieza donde quedó el acuse
    ctx.base.cerrar()
