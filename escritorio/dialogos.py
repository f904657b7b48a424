"""Diálogos de la aplicación, todos en español: confirmar (la opción segura por omisión), avisar, pedir texto o frase
y elegir archivos. Las páginas los usan en vez de QMessageBox, QInputDialog y QFileDialog directamente."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from formularios.legible import plural

__all__ = ["avisar", "confirmar", "elegir_archivo", "elegir_archivos", "elegir_carpeta", "elegir_de_lista", "elegir_destino", "pedir_frase",
           "pedir_texto", "plural"]

Boton = QMessageBox.ButtonRole


def confirmar(padre: QWidget | None, titulo: str, texto: str, si: str, no: str = "&No, cancelar",
              detalle: str = "", peligro: bool = True) -> bool:
    """Pregunta antes de actuar. `texto` nombra la consecuencia; `si` dice lo que hará el botón. Intro y Esc eligen «no»."""
    caja = QMessageBox(QMessageBox.Icon.Warning if peligro else QMessageBox.Icon.Question, titulo, texto, parent=padre)
    caja.setObjectName("confirmacion")
    if detalle:
        caja.setInformativeText(detalle)
    boton_si = caja.addButton(si, Boton.AcceptRole)
    boton_si.setObjectName("confirmar_si")
    boton_no = caja.addButton(no, Boton.RejectRole)
    boton_no.setObjectName("confirmar_no")
    caja.setDefaultButton(boton_no)
    caja.setEscapeButton(boton_no)
    caja.exec()
    return caja.clickedButton() is boton_si


def avisar(padre: QWidget | None, titulo: str, texto: str, error: bool = False) -> None:
    caja = QMessageBox(QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information, titulo, texto, parent=padre)
    caja.setObjectName("aviso")
    caja.setDefaultButton(caja.addButton("&Aceptar", Boton.AcceptRole))
    caja.exec()


def pedir_texto(padre: QWidget | None, titulo: str, etiqueta: str, aceptar: str = "&Aceptar",
                eco: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> str | None:
    """Texto escrito por la persona, o None si canceló."""
    dialogo = QInputDialog(padre)
    dialogo.setObjectName("pedirTexto")
    dialogo.setWindowTitle(titulo)
    dialogo.setLabelText(etiqueta)
    dialogo.setTextEchoMode(eco)
    dialogo.setOkButtonText(aceptar)
    dialogo.setCancelButtonText("&Cancelar")
    return dialogo.textValue() if dialogo.exec() == QInputDialog.DialogCode.Accepted else None


def elegir_de_lista(padre: QWidget | None, titulo: str, etiqueta: str, opciones: list[str], aceptar: str = "&Aceptar") -> str | None:
    """Una de las opciones (no se teclea), o None si canceló."""
    dialogo = QInputDialog(padre)
    dialogo.setObjectName("elegirDeLista")
    dialogo.setWindowTitle(titulo)
    dialogo.setLabelText(etiqueta)
    dialogo.setComboBoxItems(opciones)
    dialogo.setComboBoxEditable(False)
    dialogo.setOkButtonText(aceptar)
    dialogo.setCancelButtonText("&Cancelar")
    return dialogo.textValue() if dialogo.exec() == QInputDialog.DialogCode.Accepted else None


def pedir_frase(padre: QWidget | None, motivo: str) -> str | None:
    return pedir_texto(padre, "Frase de acceso", f"{motivo}\nEscriba la frase de acceso de la oficina:",
                       aceptar="&Usar la frase", eco=QLineEdit.EchoMode.Password)


def dialogo_de_archivos(padre: QWidget | None, titulo: str, carpeta: str = "", filtro: str = "",
                        modo: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile, guardar: bool = False) -> QFileDialog:
    """Selector de archivos con todos sus textos en español (qtbase_es deja «Look in» y «Files of type» en inglés)."""
    dialogo = QFileDialog(padre, titulo, carpeta, filtro)
    dialogo.setObjectName("dialogoArchivos")
    dialogo.setFileMode(modo)
    dialogo.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if guardar else QFileDialog.AcceptMode.AcceptOpen)
    if modo == QFileDialog.FileMode.Directory:
        dialogo.setOption(QFileDialog.Option.ShowDirsOnly)
    for etiqueta, texto in ((QFileDialog.DialogLabel.LookIn, "&Buscar en:"), (QFileDialog.DialogLabel.FileName, "&Nombre del archivo:"),
                            (QFileDialog.DialogLabel.FileType, "&Tipo de archivo:"), (QFileDialog.DialogLabel.Reject, "Cancelar"),
                            (QFileDialog.DialogLabel.Accept, "&Guardar" if guardar else ("&Elegir" if modo == QFileDialog.FileMode.Directory else "&Abrir"))):
        dialogo.setLabelText(etiqueta, texto)
    return dialogo


def _elegidos(dialogo: QFileDialog) -> list[str]:
    return dialogo.selectedFiles() if dialogo.exec() == QFileDialog.DialogCode.Accepted else []


def elegir_archivo(padre: QWidget | None, titulo: str, carpeta: str = "", filtro: str = "") -> str:
    """Ruta elegida, o «» si canceló."""
    return next(iter(_elegidos(dialogo_de_archivos(padre, titulo, carpeta, filtro))), "")


def elegir_archivos(padre: QWidget | None, titulo: str, carpeta: str = "", filtro: str = "") -> list[str]:
    return _elegidos(dialogo_de_archivos(padre, titulo, carpeta, filtro, QFileDialog.FileMode.ExistingFiles))


def elegir_destino(padre: QWidget | None, titulo: str, sugerido: str = "", filtro: str = "") -> str:
    return next(iter(_elegidos(dialogo_de_archivos(padre, titulo, sugerido, filtro, QFileDialog.FileMode.AnyFile, guardar=True))), "")


def elegir_carpeta(padre: QWidget | None, titulo: str, carpeta: str = "") -> str:
    return next(iter(_elegidos(dialogo_de_archivos(padre, titulo, carpeta, "", QFileDialog.FileMode.Directory))), "")
