"""Pestaña del mapa en el tablero: periodo (los del tablero), cifra a colorear y el mapa por municipio; el cálculo
corre fuera del hilo de la interfaz."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from base_local.consultas_catalogo import leer_catalogos
from base_local.periodos import anterior, periodo_de
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo
from escritorio.mapa import MapaMunicipios
from escritorio.trabajos import correr
from reportes.datos import Seleccion
from reportes.mapa import INDICADORES, Dibujo, cifras_de_base, dibujar


class PanelMapa(QWidget):
    def __init__(self, ctx: ContextoApp, hoy: date) -> None:
        super().__init__()
        self.setObjectName("panelMapa")
        self.ctx = ctx
        oficina = ctx.oficina()
        self.entidad = None if oficina.tipo == "central" else oficina.entidad  # una estatal o municipal ve su estado
        trimestres = [periodo_de(hoy)]
        for _ in range(3):
            trimestres.append(anterior(trimestres[-1]))
        self.periodo = Combo("periodoMapa", [(str(hoy.year), f"Año {hoy.year}")] + [(t, f"Trimestre {t}") for t in trimestres],
                             vacio="Todos los periodos")
        self.periodo.poner(str(hoy.year))
        self.indicador = Combo("indicadorMapa", INDICADORES.items())
        self.periodo.setAccessibleName("Periodo del mapa")
        self.indicador.setAccessibleName("Cifra que colorea el mapa")
        self.mapa = MapaMunicipios()
        self.nota = QLabel("Pase el puntero sobre un municipio para ver sus acciones y sus personas atendidas por sexo.")
        self.nota.setObjectName("notaMapa")
        self.nota.setWordWrap(True)
        controles = QHBoxLayout()
        for texto, control in (("&Periodo:", self.periodo), ("C&ifra:", self.indicador)):
            etiqueta = QLabel(texto)
            etiqueta.setBuddy(control)
            controles.addWidget(etiqueta)
            controles.addWidget(control)
        controles.addWidget(self.nota, 1)
        capa = QVBoxLayout(self)
        capa.addLayout(controles)
        capa.addWidget(self.mapa, 1)
        self.periodo.currentIndexChanged.connect(self.actualizar)
        self.indicador.currentIndexChanged.connect(self.actualizar)
        self.cargado = self.calculando = self.repetir = False

    def showEvent(self, evento) -> None:  # noqa: N802
        if not self.cargado:
            self.actualizar()
        super().showEvent(evento)

    def volver_a_calcular(self) -> None:
        """Cambiaron los datos (una importación, un acuse): se recalcula ahora si está a la vista, o al mostrarse."""
        if self.isVisible():
            self.actualizar()
        else:
            self.cargado = False

    def actualizar(self) -> None:
        self.cargado = True
        if self.calculando:
            self.repetir = True
            return
        self.calculando, self.repetir = True, False
        sel, indicador = Seleccion(self.periodo.valor(), self.entidad), self.indicador.valor() or "acciones"

        def calcular() -> Dibujo:
            with self.ctx.base.transaccion() as s:
                return dibujar(cifras_de_base(s, sel), leer_catalogos(s), indicador, entidad=self.entidad)

        correr(calcular, self._mostrar, self._fallo)

    def _mostrar(self, dibujo: Dibujo) -> None:
        if not shiboken6.isValid(self.mapa):
            return  # la ventana se cerró mientras se calculaba
        self.calculando = False
        self.mapa.poner(dibujo)
        if self.repetir:
            self.actualizar()

    def _fallo(self, error: Exception) -> None:
        if not shiboken6.isValid(self.mapa):
            return
        self.calculando = False
        self.mapa.mostrar_aviso(f"No se pudo calcular el mapa: {error}")
