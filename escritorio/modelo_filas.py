"""Modelo de tabla alimentado con filas planas (tuplas), nunca con objetos ORM vivos."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

ROL_FILA = Qt.ItemDataRole.UserRole + 1  # la fila completa
ROL_ORDEN = Qt.ItemDataRole.UserRole + 2  # valor crudo para ordenar

Indice = QModelIndex | QPersistentModelIndex


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, int):
        return f"{valor:,}"
    return str(valor)


class ModeloFilas(QAbstractTableModel):
    def __init__(self, columnas: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self.columnas = list(columnas)
        self.filas: list[tuple[Any, ...]] = []

    def cargar(self, filas: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.filas = list(filas)
        self.endResetModel()

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.filas)

    def columnCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columnas)

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        valor = self.filas[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _texto(valor)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(valor, int) and not isinstance(valor, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROL_FILA:
            return self.filas[index.row()]
        if role == ROL_ORDEN:
            return valor
        return None

    def headerData(self, seccion: int, orientacion: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientacion == Qt.Orientation.Horizontal:
            return self.columnas[seccion]
        return None


def tabla(modelo: ModeloFilas, nombre: str, estirar: int | None = None) -> QTableView:
    """Una tabla de solo lectura por filas para `modelo`, con la columna `estirar` (o la última) a todo lo ancho."""
    vista = QTableView()
    vista.setObjectName(nombre)
    vista.setAccessibleName(nombre)
    vista.setModel(modelo)
    vista.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    vista.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    vista.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if estirar is None:
        vista.horizontalHeader().setStretchLastSection(True)
    else:
        vista.horizontalHeader().setSectionResizeMode(estirar, QHeaderView.ResizeMode.Stretch)
    vista.verticalHeader().setVisible(False)
    return vista
