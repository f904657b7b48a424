"""Ayuda sin conexión: la guía de captura (docs/guia-captura.md) en una ventana, abierta en la sección de la página."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from recursos import CARPETA

GUIA = "guia-captura.md"
ANCHO_IMAGEN = 640
# Dónde se busca: la copia que va en el programa instalado (la pone instalador/construir.py) y la de docs/.
UBICACIONES = (Path(str(CARPETA)) / "ayuda" / GUIA, Path(__file__).resolve().parent.parent / "docs" / GUIA)

# Página (objectName) → texto que lleva el título de su sección en la guía.
SECCIONES = {
    "pagina_inicio": "ventana principal", "pagina_captura": "(Captura)", "pagina_acciones": "lista de acciones",
    "pagina_envios": "(Envíos)", "pagina_recepcion": "(Recepción)", "pagina_conflictos": "(Recepción)",
    "pagina_duplicados": "(Recepción)", "pagina_reportes": "ventana principal", "pagina_configuracion": "Configuración",
}


def ruta_guia() -> Path | None:
    return next((r for r in UBICACIONES if r.is_file()), None)


def texto_guia() -> tuple[str, Path | None]:
    """El Markdown de la guía; las imágenes que no vienen con el programa quedan como su texto alternativo."""
    ruta = ruta_guia()
    if ruta is None:
        return ("# Guía de captura\n\nLa guía no está en esta instalación. Reinstale el programa o consulte "
                "docs/guia-captura.md en el código fuente."), None
    texto = ruta.read_text(encoding="utf-8")
    return re.sub(r"!\[([^\]]*)\]\(([^)]+)\)",
                  lambda m: m[0] if (ruta.parent / m[2]).is_file() else f"*(imagen: {m[1]})*", texto), ruta.parent


def titulo_de_seccion(texto: str, pagina: str) -> str | None:
    """El título (sin los «#») de la sección de la guía que explica esa página."""
    clave = SECCIONES.get(pagina)
    if clave is None:
        return None
    return next((t for t in re.findall(r"^#{1,3} (.+)$", texto, re.MULTILINE) if clave in t), None)


class VentanaAyuda(QDialog):
    """La guía con sus títulos, listas e imágenes; se mueve a la sección pedida."""

    def __init__(self, padre: QWidget | None = None) -> None:
        super().__init__(padre)
        self.setObjectName("ventanaAyuda")
        self.setWindowTitle("Ayuda — Guía de captura")
        capa = QVBoxLayout(self)
        self.navegador = QTextBrowser()
        self.navegador.setObjectName("textoAyuda")
        self.navegador.setAccessibleName("Guía de captura")
        self.navegador.setOpenExternalLinks(False)
        self.texto, carpeta = texto_guia()
        if carpeta is not None:
            self.navegador.setSearchPaths([str(carpeta)])
        self.navegador.setMarkdown(self.texto)
        if carpeta is not None:
            self._achicar_imagenes(carpeta)
        capa.addWidget(self.navegador)
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.button(QDialogButtonBox.StandardButton.Close).setText("&Cerrar")
        botones.rejected.connect(self.reject)
        capa.addWidget(botones)
        self.resize(900, 620)
        self.seccion: str | None = None

    def _achicar_imagenes(self, carpeta: Path) -> None:
        """Las capturas de la guía miden 1280 de ancho: aquí se muestran a lo más de ANCHO_IMAGEN, sin barra horizontal."""
        documento = self.navegador.document()
        bloque = documento.begin()
        while bloque.isValid():
            iterador = bloque.begin()
            while not iterador.atEnd():
                fragmento = iterador.fragment()
                formato = fragmento.charFormat()
                if formato.isImageFormat():
                    imagen = formato.toImageFormat()
                    tamano = QImage(str(carpeta / imagen.name())).size()
                    if tamano.width() > ANCHO_IMAGEN:
                        imagen.setWidth(ANCHO_IMAGEN)
                        imagen.setHeight(tamano.height() * ANCHO_IMAGEN / tamano.width())
                        cursor = QTextCursor(documento)
                        cursor.setPosition(fragmento.position())
                        cursor.setPosition(fragmento.position() + fragmento.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(imagen)
                iterador += 1
            bloque = bloque.next()

    def ir_a(self, pagina: str) -> None:
        """Muestra arriba el título de la sección de `pagina` (si la guía la tiene; si no, el principio)."""
        self.seccion = titulo_de_seccion(self.texto, pagina)
        documento: QTextDocument = self.navegador.document()
        cursor = documento.find(self.seccion) if self.seccion else QTextCursor(documento)
        cursor.clearSelection()
        self.navegador.setTextCursor(cursor)
        self._arriba()
        QTimer.singleShot(0, self._arriba)  # otra vez, cuando la ventana ya tiene su ancho y el texto su trazado

    def _arriba(self) -> None:
        bloque = self.navegador.textCursor().block()
        arriba = self.navegador.document().documentLayout().blockBoundingRect(bloque).top()
        self.navegador.verticalScrollBar().setValue(int(arriba))
