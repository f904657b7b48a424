"""Controles del formulario con nombre de campo (objectName = accessibleName = llave del contrato)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

LOCAL = QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)
SIN_FECHA = date(2000, 1, 1)


def nombrar(widget: QWidget, clave: str, ayuda: str = "") -> QWidget:
    widget.setObjectName(clave)
    widget.setAccessibleName(clave)
    if ayuda:
        widget.setAccessibleDescription(ayuda)
        widget.setToolTip(ayuda)
    return widget


class Combo(QComboBox):
    """Lista de opciones (clave, texto); con `buscable`, se escribe el nombre o la clave y se completa."""

    def __init__(self, clave: str, opciones: Iterable[tuple[str, str]] = (), vacio: str | None = None,
                 buscable: bool = False) -> None:
        super().__init__()
        nombrar(self, clave)
        self.vacio = vacio
        self.buscable = buscable
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        if buscable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.poner_opciones(opciones)

    def poner_opciones(self, opciones: Iterable[tuple[str, str]]) -> None:
        actual = self.valor()
        self.blockSignals(True)
        self.clear()
        if self.vacio is not None:
            self.addItem(self.vacio, None)
        for clave, texto in opciones:
            self.addItem(texto, clave)
        if self.buscable:
            completador = QCompleter([self.itemText(i) for i in range(self.count())], self)
            completador.setFilterMode(Qt.MatchFlag.MatchContains)
            completador.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completador.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completador)
        self.blockSignals(False)
        self.poner(actual)

    def valor(self) -> str | None:
        if self.buscable:
            texto = self.currentText().strip()
            indice = self.findText(texto)
            if indice < 0:
                clave = texto.split(" ")[0]
                indice = self.findData(clave)
            return self.itemData(indice) if indice >= 0 else (texto or None)
        return self.currentData()

    def poner(self, clave: str | None) -> None:
        indice = self.findData(clave) if clave is not None else (0 if self.vacio is not None else -1)
        self.setCurrentIndex(max(indice, 0) if self.count() else -1)


class ListaMarcable(QListWidget):
    """Opciones con casilla; `valores()` da las claves marcadas."""

    def __init__(self, clave: str, opciones: Iterable[tuple[object, str]], alto: int = 110) -> None:
        super().__init__()
        nombrar(self, clave)
        for valor, texto in opciones:
            item = QListWidgetItem(texto)
            item.setData(Qt.ItemDataRole.UserRole, valor)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(alto)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._alternar)

    def _alternar(self, item: QListWidgetItem) -> None:
        marcado = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if marcado else Qt.CheckState.Checked)

    def valores(self) -> list:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def poner(self, valores: Iterable[object]) -> None:
        elegidos = set(valores or [])
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in elegidos else Qt.CheckState.Unchecked)


class Fecha(QDateEdit):
    """Fecha en formato dd/mm/aaaa; con `opcional`, el mínimo se muestra como «sin fecha» y vale None."""

    def __init__(self, clave: str, opcional: bool = False) -> None:
        super().__init__()
        nombrar(self, clave)
        self.setLocale(LOCAL)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.opcional = opcional
        if opcional:
            self.setMinimumDate(QDate(SIN_FECHA.year, SIN_FECHA.month, SIN_FECHA.day))
            self.setSpecialValueText("sin fecha")
        self.poner(None if opcional else date.today())

    def focusNextPrevChild(self, siguiente: bool) -> bool:  # noqa: N802
        """Tab pasa al siguiente campo (no a la siguiente sección día/mes/año): el orden que espera quien captura."""
        return QWidget.focusNextPrevChild(self, siguiente)

    def valor(self) -> date | None:
        d = self.date().toPython()
        return None if self.opcional and d == SIN_FECHA else d

    def poner(self, valor: date | str | None) -> None:
        if isinstance(valor, str):
            valor = date.fromisoformat(valor)
        valor = valor or (SIN_FECHA if self.opcional else date.today())
        self.setDate(QDate(valor.year, valor.month, valor.day))


class CompletadorLista(QCompleter):
    """Completa el último elemento de una lista separada por comas (catálogo más texto libre)."""

    def pathFromIndex(self, indice) -> str:  # noqa: N802
        texto = self.widget().text()
        previos = [p.strip() for p in texto.split(",")[:-1] if p.strip()]
        return ", ".join([*previos, super().pathFromIndex(indice).split(" — ")[0]])

    def splitPath(self, ruta: str) -> list[str]:  # noqa: N802
        return [ruta.split(",")[-1].strip()]


class Entero(QSpinBox):
    def __init__(self, clave: str, minimo: int = 0, maximo: int = 10_000_000) -> None:
        super().__init__()
        nombrar(self, clave)
        self.setLocale(LOCAL)
        self.setRange(minimo, maximo)
        self.setGroupSeparatorShown(True)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(72)
