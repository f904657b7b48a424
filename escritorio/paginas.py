"""Páginas de la ventana principal: Inicio con el resumen de la oficina y paneles honestos de lo que falta."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


def _titulo(texto: str) -> QLabel:
    etiqueta = QLabel(texto)
    etiqueta.setObjectName("tituloPagina")
    etiqueta.setAccessibleName(texto)
    return etiqueta


class PaginaPendiente(QWidget):
    """Panel que dice con claridad que esa parte aún no está disponible en esta versión."""

    def __init__(self, titulo: str, explicacion: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"pagina_{titulo.lower()}")
        capa = QVBoxLayout(self)
        capa.addWidget(_titulo(titulo))
        aviso = QLabel(f"<b>Aún no disponible en esta versión.</b><br>{explicacion}")
        aviso.setObjectName("avisoPendiente")
        aviso.setWordWrap(True)
        aviso.setTextFormat(Qt.TextFormat.RichText)
        capa.addWidget(aviso)
        capa.addStretch(1)


class PaginaInicio(QWidget):
    """Resumen de la oficina: quién es, su llave y sus cifras."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagina_inicio")
        capa = QVBoxLayout(self)
        capa.addWidget(_titulo("Inicio"))
        self.encabezado = QLabel()
        self.encabezado.setObjectName("encabezadoOficina")
        self.encabezado.setWordWrap(True)
        capa.addWidget(self.encabezado)
        marco = QFrame()
        marco.setObjectName("tarjetas")
        self.rejilla = QGridLayout(marco)
        capa.addWidget(marco)
        capa.addStretch(1)
        self.cifras: dict[str, QLabel] = {}

    def mostrar(self, resumen: dict[str, Any]) -> None:
        if not resumen.get("oficina"):
            self.encabezado.setText(
                "Esta carpeta de datos aún no tiene una oficina. Inicialícela con la orden "
                "<code>inicializar</code> (el asistente de primer uso llega con la pantalla de captura)."
            )
            return
        huella = resumen.get("huella") or ""
        legible = " ".join(huella.upper()[i : i + 4] for i in range(0, len(huella), 4))
        self.encabezado.setText(
            f"<h2>{resumen['nombre']}</h2>Oficina <b>{resumen['oficina']}</b> ({resumen['tipo']}) · "
            f"Responsable: {resumen['responsable']}<br>Huella de la llave: <code>{legible}</code>"
        )
        totales = resumen["totales"]
        tarjetas = [
            ("acciones", "Acciones registradas", sum(resumen["acciones_por_estado"].values())),
            ("pendientes", "Pendientes de envío", resumen["pendientes_de_envio"]),
            ("mujeres", "Mujeres", totales["mujeres"]),
            ("hombres", "Hombres", totales["hombres"]),
            ("otra_identidad", "Otra identidad", totales["otra_identidad"]),
            ("sin_dato", "Sin dato de sexo", totales["sin_dato"]),
            ("total", "Total de asistentes", totales["total"]),
        ]
        for i, (clave, texto, valor) in enumerate(tarjetas):
            if clave not in self.cifras:
                self.cifras[clave] = QLabel()
                self.cifras[clave].setObjectName(f"cifra_{clave}")
                self.cifras[clave].setAccessibleName(texto)
                self.rejilla.addWidget(self.cifras[clave], i // 4, i % 4)
            self.cifras[clave].setText(f"<span style='font-size:20pt'><b>{valor:,}</b></span><br>{texto}")
