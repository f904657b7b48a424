"""Gráfica de barras dibujada con QPainter (QtCharts no está en PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

COLORES = [QColor("#7B3F99"), QColor("#2E7D32"), QColor("#F9A825"), QColor("#9E9E9E"), QColor("#1F5F8B")]


class Barras(QWidget):
    """Barras agrupadas: una categoría por grupo y una serie por color, con leyenda y valores."""

    def __init__(self, titulo: str, nombre: str) -> None:
        super().__init__()
        self.setObjectName(nombre)
        self.setAccessibleName(titulo)
        self.titulo = titulo
        self.categorias: list[str] = []
        self.series: dict[str, list[int]] = {}
        self.rotulos: list[str] = []  # los números que quedaron dibujados sobre las barras
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 240)

    def poner(self, categorias: list[str], series: dict[str, list[int]]) -> None:
        self.categorias, self.series = categorias, series
        self.setAccessibleDescription("; ".join(f"{c}: " + ", ".join(f"{s} {v[i]:,}" for s, v in series.items())
                                                for i, c in enumerate(categorias)))
        self.update()

    def paintEvent(self, _evento) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QColor("#1F3B57"))
        p.drawText(QRectF(8, 4, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft, self.titulo)
        if not self.categorias:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Sin datos todavía")
            return
        maximo = max([max(v) for v in self.series.values() if v] + [1])
        izquierda, arriba, abajo = 10, 58, self.height() - 28
        pequena = QFont(self.font())
        pequena.setPointSizeF(max(6.5, self.font().pointSizeF() - 2))
        medidas = QFontMetrics(pequena)
        rotulos: list[tuple[QRectF, str]] = []
        ancho_grupo = (self.width() - izquierda - 10) / len(self.categorias)
        ancho_barra = max(3.0, (ancho_grupo - 10) / max(len(self.series), 1))
        x_leyenda = 10
        for i, (nombre, valores) in enumerate(self.series.items()):
            p.fillRect(QRectF(x_leyenda, 24, 10, 10), COLORES[i % len(COLORES)])
            p.setPen(QColor("#333"))
            ancho_nombre = self.fontMetrics().horizontalAdvance(nombre)
            p.drawText(QRectF(x_leyenda + 14, 20, ancho_nombre + 2, 16), Qt.AlignmentFlag.AlignLeft, nombre)
            x_leyenda += ancho_nombre + 30
            for j, valor in enumerate(valores):
                alto = (abajo - arriba) * valor / maximo
                x = izquierda + j * ancho_grupo + 5 + i * ancho_barra
                p.fillRect(QRectF(x, abajo - alto, ancho_barra - 1, alto), COLORES[i % len(COLORES)])
                texto = f"{valor:,}"
                ancho_texto = medidas.horizontalAdvance(texto)
                if valor and ancho_texto <= ancho_barra + 6:  # solo si cabe sin encimarse con la barra vecina
                    centro = x + (ancho_barra - 1) / 2
                    rotulos.append((QRectF(centro - ancho_texto / 2 - 2, abajo - alto - medidas.height() - 1,
                                           ancho_texto + 4, medidas.height()), texto))
        p.setPen(QColor("#333"))
        p.setFont(pequena)
        for caja, texto in rotulos:
            p.drawText(caja, Qt.AlignmentFlag.AlignCenter, texto)
        self.rotulos = [t for _, t in rotulos]
        p.setFont(self.font())
        for j, categoria in enumerate(self.categorias):
            p.drawText(QRectF(izquierda + j * ancho_grupo, abajo + 2, ancho_grupo, 22), Qt.AlignmentFlag.AlignHCenter, categoria)
        p.end()
