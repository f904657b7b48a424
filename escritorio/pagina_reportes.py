"""Página Reportes: tipo, periodo y entidad; el trabajo corre fuera de la interfaz con un diálogo de progreso."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from base_local.periodos import anterior, periodo_de
from escritorio import archivos
from escritorio.contexto import ContextoApp
from escritorio.controles import Combo
from escritorio.trabajos import DialogoProgreso, correr
from reportes.datos import Seleccion
from reportes.tipos import TIPOS

NOMBRES = {"consolidado": "Libro consolidado (Excel)", "trimestral": "Reporte trimestral (PDF)",
           "compendio": "Compendio por objetivo del PMM (PDF)", "html": "Reporte para autoridades (HTML, un solo archivo)"}


class PaginaReportes(QWidget):
    def __init__(self, ctx: ContextoApp) -> None:
        super().__init__()
        self.setObjectName("pagina_reportes")
        self.ctx = ctx
        self.abrir_al_terminar = True
        self.elegir_destino = lambda sugerido, filtro: archivos.elegir_para_guardar(self, ctx, "Guardar reporte", sugerido, filtro)
        capa = QVBoxLayout(self)
        titulo = QLabel("Reportes")
        titulo.setObjectName("tituloPagina")
        capa.addWidget(titulo)
        forma = QFormLayout()
        self.tipo = Combo("tipo_reporte", NOMBRES.items())
        actual = periodo_de(date.today())
        periodos = [actual, anterior(actual), anterior(anterior(actual)), anterior(anterior(anterior(actual)))]
        self.periodo = Combo("periodo_reporte", [(p, f"Trimestre {p}") for p in periodos] + [(str(date.today().year), f"Año {date.today().year}")],
                             vacio="Todos los periodos")
        oficina = ctx.oficina()
        entidades = [("04", "Campeche"), ("07", "Chiapas"), ("23", "Quintana Roo"), ("27", "Tabasco")]
        self.entidad = Combo("entidad_reporte", [(c, n) for c, n in entidades if oficina.jurisdiccion.admite(c, None) or oficina.entidad == c],
                             vacio="Las cuatro entidades" if oficina.tipo == "central" else None)
        forma.addRow("&Reporte:", self.tipo)
        forma.addRow("&Periodo:", self.periodo)
        forma.addRow("&Entidad:", self.entidad)
        capa.addLayout(forma)
        self.boton = QPushButton("&Generar…")
        self.boton.setObjectName("generar_reporte")
        self.boton.clicked.connect(self.generar)
        self.boton_html = QPushButton("Reporte &HTML para enviar por correo…")
        self.boton_html.setObjectName("generar_html")
        self.boton_html.setToolTip("Un solo archivo que se abre en cualquier navegador sin conexión: indicadores contra metas, "
                                   "el mapa por municipio, gráficas con sus números y tablas por entidad y objetivo.")
        self.boton_html.clicked.connect(self.generar_html)
        botones = QHBoxLayout()
        botones.addWidget(self.boton)
        botones.addWidget(self.boton_html)
        botones.addStretch(1)
        capa.addLayout(botones)
        self.estado = QLabel("Elija el reporte y su periodo. El libro consolidado trae una fila por acción y los resúmenes por sexo.")
        self.estado.setObjectName("estado_reporte")
        self.estado.setWordWrap(True)
        capa.addWidget(self.estado)
        capa.addStretch(1)
        self.ultimo: Path | None = None

    def generar_html(self) -> None:
        """El reporte HTML del periodo y la entidad elegidos."""
        self.tipo.poner("html")
        self.generar()

    def generar(self) -> None:
        tipo = self.tipo.valor()
        formato = TIPOS[tipo][0]
        sel = Seleccion(self.periodo.valor(), self.entidad.valor())
        sugerido = f"{tipo}-{sel.periodo or 'todo'}{'-' + sel.entidad if sel.entidad else ''}.{formato}"
        destino = self.elegir_destino(sugerido, f"{formato.upper()} (*.{formato})")
        if not destino:
            return
        self.dialogo = DialogoProgreso(self, "Reportes", f"Generando {NOMBRES[tipo].split(' (')[0].lower()}: filas")
        self.boton.setEnabled(False)
        self.boton_html.setEnabled(False)

        from reportes.generar import generar  # openpyxl y reportlab se cargan al generar

        def trabajo(progreso):
            with self.ctx.base.transaccion() as s:
                return generar(s, tipo, formato, sel, Path(destino), progreso)

        correr(trabajo, self._listo, self._fallo, progreso=self.dialogo.avance)

    def _listo(self, archivo: Path) -> None:
        self.dialogo.cerrar()
        self.boton.setEnabled(True)
        self.boton_html.setEnabled(True)
        self.ultimo = archivo
        self.estado.setText(f"Listo: {archivo}")
        if self.abrir_al_terminar and (problema := archivos.abrir(archivo)):
            self.estado.setText(f"Reporte escrito. {problema}")

    def _fallo(self, error: Exception) -> None:
        self.dialogo.cerrar()
        self.boton.setEnabled(True)
        self.boton_html.setEnabled(True)
        self.estado.setText(f"No se generó el reporte: {error}")
