"""Mapa por municipio dibujado con QPainter desde los polígonos de reportes.mapa: leyenda a la derecha,
fronterizos con contorno rojo y la descripción del municipio bajo el puntero."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reportes.mapa import COLOR_FRONTERA, COLOR_LINEA, Dibujo

ANCHO_LEYENDA = 250


class MapaMunicipios(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mapaMunicipios")
        self.setAccessibleName("Mapa de acciones por municipio")
        self.setMouseTracking(True)
        self.setMinimumSize(560, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.dibujo: Dibujo | None = None
        self.trazos: list[tuple[QPainterPath, int]] = []  # en el orden de dibujo; el índice va a dibujo.municipios
        self.senalado: int | None = None
        self.aviso = "Calculando el mapa…"
        self.leyenda_visible: list[str] = []  # las entradas que quedaron dibujadas

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 520)

    def poner(self, dibujo: Dibujo) -> None:
        self.dibujo, self.senalado = dibujo, None
        orden = {id(m): i for i, m in enumerate(dibujo.municipios)}
        self.trazos = []
        for m in dibujo.en_orden():
            trazo = QPainterPath()
            for anillo in m.anillos:
                trazo.addPolygon(QPolygonF([QPointF(x, y) for x, y in anillo]))
                trazo.closeSubpath()
            self.trazos.append((trazo, orden[id(m)]))
        self.setAccessibleDescription(f"{dibujo.titulo}. {dibujo.resumen()}")
        self.update()

    def mostrar_aviso(self, texto: str) -> None:
        self.dibujo, self.trazos, self.aviso = None, [], texto
        self.update()

    def _transformacion(self) -> QTransform:
        """Del dibujo al área del mapa (a la izquierda de la leyenda), sin deformarlo."""
        assert self.dibujo is not None
        ancho, alto = max(self.width() - ANCHO_LEYENDA - 16, 50), max(self.height() - 16, 50)
        escala = min(ancho / self.dibujo.ancho, alto / self.dibujo.alto)
        x0 = 8 + (ancho - self.dibujo.ancho * escala) / 2
        y0 = 8 + (alto - self.dibujo.alto * escala) / 2
        return QTransform(escala, 0, 0, escala, x0, y0)

    def municipio_en(self, punto: QPointF) -> int | None:
        """Índice en dibujo.municipios del municipio bajo `punto` (coordenadas del widget)."""
        if self.dibujo is None:
            return None
        invertida, _ = self._transformacion().inverted()
        lugar = invertida.map(punto)
        for trazo, i in reversed(self.trazos):
            if trazo.contains(lugar):
                return i
        return None

    def punto_de(self, cvegeo: str) -> QPointF:
        """Un punto del widget dentro del municipio (para señalarlo)."""
        assert self.dibujo is not None
        i = next(i for i, m in enumerate(self.dibujo.municipios) if m.cvegeo == cvegeo)
        trazo = next(t for t, j in self.trazos if j == i)
        caja = trazo.boundingRect()
        candidatos = [caja.center()] + [QPointF(caja.left() + caja.width() * a / 8, caja.top() + caja.height() * b / 8)
                                        for a in range(1, 8) for b in range(1, 8)]
        dentro = next(c for c in candidatos if trazo.contains(c))
        return self._transformacion().map(dentro)

    def event(self, evento: QEvent) -> bool:
        if evento.type() == QEvent.Type.ToolTip:
            i = self.municipio_en(QPointF(evento.pos()))
            if i is None or self.dibujo is None:
                QToolTip.hideText()
            else:
                # Texto escapado dentro de <p>: un nombre del catálogo nunca se lee como marcado de Qt.
                QToolTip.showText(evento.globalPos(), f"<p>{escape(self.dibujo.municipios[i].descripcion())}</p>", self)
            return True
        return super().event(evento)

    def mouseMoveEvent(self, evento) -> None:  # noqa: N802
        senalado = self.municipio_en(evento.position())
        if senalado != self.senalado:
            self.senalado = senalado
            self.update()
        super().mouseMoveEvent(evento)

    def paintEvent(self, _evento) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if self.dibujo is None or not self.trazos:
            p.setPen(QColor("#333"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.aviso if self.dibujo is None else "Sin municipios que mostrar")
            return
        d = self.dibujo
        p.save()
        p.setTransform(self._transformacion())
        linea = QPen(QColor(COLOR_LINEA), 0.8)
        linea.setCosmetic(True)
        frontera = QPen(QColor(COLOR_FRONTERA), 2.2)
        frontera.setCosmetic(True)
        for trazo, i in self.trazos:
            m = d.municipios[i]
            p.setPen(frontera if m.fronterizo else linea)
            p.setBrush(QColor(d.leyenda[m.clase].color))
            p.drawPath(trazo)
        if self.senalado is not None:
            resalte = QPen(QColor("#111111"), 2.5)
            resalte.setCosmetic(True)
            p.setPen(resalte)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(next(t for t, j in self.trazos if j == self.senalado))
        p.restore()
        self._etiquetas(p)
        self._leyenda(p)
        p.end()

    def _etiquetas(self, p: QPainter) -> None:
        assert self.dibujo is not None
        fuente = QFont(self.font())
        fuente.setBold(True)
        fuente.setPointSizeF(self.font().pointSizeF() * 0.95)
        p.setFont(fuente)
        transformacion = self._transformacion()
        for texto, x, y in self.dibujo.etiquetas:
            centro = transformacion.map(QPointF(x, y))
            caja = QRectF(centro.x() - 80, centro.y() - 10, 160, 20)
            p.setPen(QColor("white"))
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                p.drawText(caja.translated(dx, dy), Qt.AlignmentFlag.AlignCenter, texto)
            p.setPen(QColor("#1F2A33"))
            p.drawText(caja, Qt.AlignmentFlag.AlignCenter, texto)

    def _leyenda(self, p: QPainter) -> None:
        assert self.dibujo is not None
        x = self.width() - ANCHO_LEYENDA
        y = 12.0
        negrita = QFont(self.font())
        negrita.setBold(True)
        p.setFont(negrita)
        p.setPen(QColor("#1F3B57"))
        p.drawText(QRectF(x, y, ANCHO_LEYENDA - 10, 22), Qt.AlignmentFlag.AlignLeft, self.dibujo.titulo)
        p.setFont(self.font())
        y += 28
        entradas = [(c.color, c.etiqueta, False) for c in self.dibujo.leyenda] + [("#FFFFFF", "Municipio fronterizo", True)]
        for color, etiqueta, es_frontera in entradas:
            p.setPen(QPen(QColor(COLOR_FRONTERA), 2.2) if es_frontera else QPen(QColor("#9AA5B1"), 1))
            p.setBrush(QColor(color))
            p.drawRect(QRectF(x, y + 3, 22, 13))
            p.setPen(QColor("#222"))
            p.drawText(QRectF(x + 30, y, ANCHO_LEYENDA - 40, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, etiqueta)
            y += 22
        y += 8
        p.setPen(QColor("#444"))
        caja = p.boundingRect(QRectF(x, y, ANCHO_LEYENDA - 12, self.height() - y - 8), Qt.TextFlag.TextWordWrap, self.dibujo.resumen())
        p.drawText(caja, Qt.TextFlag.TextWordWrap, self.dibujo.resumen())
        if self.senalado is not None:  # lo mismo que dice la ayuda emergente, a la vista
            y = caja.bottom() + 14
            p.setPen(QColor("#111"))
            p.setFont(negrita)
            p.drawText(QRectF(x, y, ANCHO_LEYENDA - 12, self.height() - y - 8), Qt.TextFlag.TextWordWrap,
                       self.dibujo.municipios[self.senalado].descripcion())
            p.setFont(self.font())
        self.leyenda_visible = [e for _, e, _ in entradas]
