"""Español: traducción de Qt cargada, diálogos con botones en español y la opción segura por omisión."""

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox

from escritorio import dialogos
from tests.escritorio.conftest import contestar


def test_qtbase_es_cargado():
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    caja = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text() for b in caja.buttons()) == ["&No", "&Sí"]


def test_confirmar_en_espanol_y_no_por_omision(qtbot):
    vistos = contestar(Qt.Key.Key_Return)
    assert dialogos.confirmar(None, "Descartar cambios", "¿Descartar los cambios?", "&Descartar los cambios") is False
    assert vistos[0]["botones"] == ["&Descartar los cambios", "&No, cancelar"]
    assert vistos[0]["defecto"] == "&No, cancelar"
    contestar(Qt.Key.Key_D)
    assert dialogos.confirmar(None, "Descartar cambios", "¿Descartar los cambios?", "&Descartar los cambios") is True


def test_pedir_texto_con_botones_en_espanol(qtbot):
    vistos = contestar("Capturada dos veces")
    assert dialogos.pedir_texto(None, "Anular acción", "Motivo:", aceptar="A&nular") == "Capturada dos veces"
    assert sorted(vistos[0]["botones"]) == ["&Cancelar", "A&nular"]
    contestar(Qt.Key.Key_Escape)
    assert dialogos.pedir_frase(None, "Para firmar") is None



def test_elegir_de_lista_en_espanol_sin_teclear(qtbot):
    vistos = contestar(Qt.Key.Key_Return)
    assert dialogos.elegir_de_lista(None, "Cerrar periodo", "Trimestre:", ["2026T4", "2026T3"]) == "2026T4"
    assert sorted(vistos[0]["botones"]) == ["&Aceptar", "&Cancelar"]
    contestar(Qt.Key.Key_Escape)
    assert dialogos.elegir_de_lista(None, "Cerrar periodo", "Trimestre:", ["2026T4"]) is None

def test_dialogo_de_archivos_en_espanol(qtbot, tmp_path):
    (tmp_path / "paquete.zip").write_bytes(b"x")
    dialogo = dialogos.dialogo_de_archivos(None, "Paquetes recibidos", str(tmp_path), "Paquetes de envío (*.zip)")
    dialogo.setOption(dialogo.Option.DontUseNativeDialog)  # el de Qt, el que se ve en Linux sin escritorio
    textos = {}

    def mirar_y_cancelar():
        textos["etiquetas"] = [e.text() for e in dialogo.findChildren(QLabel) if e.isVisible()]
        textos["botones"] = [b.text() for b in dialogo.findChild(QDialogButtonBox).buttons()]
        QTest.keyClick(QApplication.activeModalWidget() or dialogo, Qt.Key.Key_Escape)

    QTimer.singleShot(50, mirar_y_cancelar)
    dialogo.exec()
    assert sorted(textos["botones"]) == ["&Abrir", "Cancelar"]
    assert {"&Buscar en:", "&Nombre del archivo:", "&Tipo de archivo:"} <= set(textos["etiquetas"])
    assert not any(t in " ".join(textos["etiquetas"]) for t in ("Look in", "File name", "Files of type"))
    guardar = dialogos.dialogo_de_archivos(None, "Guardar", str(tmp_path / "ficha.json"), "Ficha (*.json)", guardar=True)
    guardar.setOption(guardar.Option.DontUseNativeDialog)
    assert sorted(b.text() for b in guardar.findChild(QDialogButtonBox).buttons()) == ["&Guardar", "Cancelar"]


def test_plurales():
    assert dialogos.plural(1, "acción", "acciones") == "1 acción"
    assert dialogos.plural(2, "acción", "acciones") == "2 acciones"
    assert dialogos.plural(1234, "registro listo", "registros listos") == "1,234 registros listos"
    assert dialogos.plural(1, "registro listo", "registros listos") == "1 registro listo"
