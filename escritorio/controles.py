"""Controles del formulario con nombre de campo (objectName = accessibleName = llave del contrato)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QIntValidator, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemDelegate,
    QAbstractSpinBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
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
            clave = texto.split(" ")[0]
            if indice < 0:
                indice = self.findData(clave)
            if indice >= 0:
                return self.itemData(indice)
            # «27004 Centro» fuera de la lista vale su clave: la regla dirá por qué no se admite, no que no existe
            return clave if clave.isdigit() else (texto or None)
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
        self.por_raton = False
        self.al_entrar = self.valor()
        self.lineEdit().installEventFilter(self)

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:  # noqa: N802
        """Tras un clic la sección queda elegida (el día, si el clic trajo el foco): lo que se teclea la reemplaza.
        Sin esto el clic deja solo el cursor y los dígitos tecleados no caben en la fecha y se pierden."""
        if objeto is self.lineEdit() and evento.type() == QEvent.Type.MouseButtonRelease and not self.lineEdit().hasSelectedText():
            seccion = QDateEdit.Section.DaySection if self.por_raton else self.currentSection()
            self.por_raton = False
            self.setSelectedSection(seccion)
        return super().eventFilter(objeto, evento)

    def focusNextPrevChild(self, siguiente: bool) -> bool:  # noqa: N802
        """Tab pasa al siguiente campo (no a la siguiente sección día/mes/año): el orden que espera quien captura."""
        return QWidget.focusNextPrevChild(self, siguiente)

    def focusInEvent(self, evento: QFocusEvent) -> None:  # noqa: N802
        """Se llegue como se llegue (también con Mayús+Tab), queda elegido el día: dd/mm/aaaa se teclea de corrido."""
        super().focusInEvent(evento)
        self.por_raton = evento.reason() == Qt.FocusReason.MouseFocusReason
        self.al_entrar = self.valor()  # lo que Ctrl+Z devuelve
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def keyPressEvent(self, evento: QKeyEvent) -> None:  # noqa: N802
        """En «sin fecha» un dígito empieza la fecha (desde el día); Supr o Retroceso en el día la vuelven a quitar;
        Ctrl+Z devuelve la fecha que tenía al llegar al campo (como deshacer en los demás campos)."""
        if evento.matches(QKeySequence.StandardKey.Undo):
            if self.valor() != self.al_entrar:
                self.poner(self.al_entrar)
                self.setSelectedSection(QDateEdit.Section.DaySection)
            return
        if self.opcional and self.valor() is None and evento.text().isdigit():
            self.poner(date.today())
            self.setSelectedSection(QDateEdit.Section.DaySection)
        elif (self.opcional and evento.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
              and self.lineEdit().selectedText() == self.text()):
            self.poner(None)
            return
        super().keyPressEvent(evento)

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
        """Lo tecleado después de la última coma; si aún no se teclea nada, nada coincide y la lista no se abre
        (ni al llegar al campo, ni con ↓, ni tras «INM, »: la flecha y el espacio siguen siendo del campo)."""
        fragmento = ruta.split(",")[-1].strip()
        return [fragmento or "\0"]


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

    def poner(self, valor: int) -> None:
        """Muestra exactamente la cifra guardada, sin texto a medio escribir ni desplazamiento que la oculte."""
        self.setValue(valor)
        self.lineEdit().setText(self.textFromValue(self.value()))
        self.lineEdit().setCursorPosition(0)

    def focusInEvent(self, evento: QFocusEvent) -> None:  # noqa: N802
        """Al entrar (con Tab o con el ratón) se elige la cifra entera: lo que se teclea la reemplaza, no se le pega."""
        super().focusInEvent(evento)
        QTimer.singleShot(0, self.selectAll)


def mnemonicos_unicos(raiz: QWidget, reservadas: set[str] | None = None) -> set[str]:
    """Reparte las teclas Alt+letra de etiquetas, botones y casillas de `raiz` para que ninguna se repita.

    Lo que ya tiene una letra libre la conserva; lo demás toma la primera letra libre de su texto, o se queda sin
    atajo. Devuelve las letras usadas (para repartir las de otras páginas que se ven a la vez).
    """
    usadas = set(reservadas or ())
    widgets = [w for w in raiz.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton, QGroupBox))]
    widgets.sort(key=lambda w: not isinstance(w, QAbstractButton))  # los botones conservan su letra elegida
    pendientes = []
    for w in widgets:
        texto = w.title() if isinstance(w, QGroupBox) else w.text()
        if isinstance(w, QLabel) and w.buddy() is None:
            continue
        letra = QKeySequence.mnemonic(texto).toString().split("+")[-1].lower()
        if not letra:
            continue
        if letra in usadas:
            pendientes.append((w, texto))
        else:
            usadas.add(letra)
    for w, texto in pendientes:
        limpio = texto.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        libre = next((i for i, c in enumerate(limpio) if c.isalpha() and c.lower() not in usadas), None)
        nuevo = limpio if libre is None else limpio[:libre] + "&" + limpio[libre:]
        if libre is not None:
            usadas.add(limpio[libre].lower())
        (w.setTitle if isinstance(w, QGroupBox) else w.setText)(nuevo)
    return usadas



class _DelegadoCifra(QStyledItemDelegate):
    """Editor de cifras de la rejilla: Tab sale de la tabla y las flechas o Intro pasan de celda, como en DHIS2."""

    MOVIMIENTOS = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Return: (1, 0), Qt.Key.Key_Enter: (1, 0)}

    def createEditor(self, padre: QWidget, opcion, indice) -> QWidget:  # noqa: N802
        editor = QLineEdit(padre)
        editor.setValidator(QIntValidator(0, 10_000_000, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def eventFilter(self, editor: QObject, evento: QEvent) -> bool:  # noqa: N802
        if evento.type() != QEvent.Type.KeyPress or not isinstance(editor, QLineEdit):
            return super().eventFilter(editor, evento)
        tabla: TablaCifras = self.parent()
        tecla = evento.key()
        fila, col = tabla.currentRow(), tabla.currentColumn()
        if tecla in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            tabla.focusNextPrevChild(tecla == Qt.Key.Key_Tab and not evento.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return True
        movimiento = self.MOVIMIENTOS.get(tecla)
        if tecla == Qt.Key.Key_Left and editor.cursorPosition() == 0:
            movimiento = (0, -1)
        elif tecla == Qt.Key.Key_Right and editor.cursorPosition() == len(editor.text()):
            movimiento = (0, 1)
        if movimiento is None:
            return super().eventFilter(editor, evento)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        destino = (min(max(fila + movimiento[0], 0), tabla.rowCount() - 1), min(max(col + movimiento[1], 0), tabla.columnCount() - 1))
        tabla.setCurrentCell(*destino)
        return True


class TablaCifras(QTableWidget):
    """Rejilla de cifras (grupo de edad × sexo): se ve entera, las flechas recorren las celdas y Tab sale de ella."""

    def __init__(self, clave: str, filas: list[str], columnas: list[str]) -> None:
        super().__init__(len(filas), len(columnas))
        nombrar(self, clave)
        self.setVerticalHeaderLabels(filas)
        self.setHorizontalHeaderLabels(columnas)
        self.setTabKeyNavigation(False)
        self.setItemDelegate(_DelegadoCifra(self))
        self.setEditTriggers(QTableWidget.EditTrigger.AnyKeyPressed | QTableWidget.EditTrigger.DoubleClicked
                             | QTableWidget.EditTrigger.EditKeyPressed | QTableWidget.EditTrigger.SelectedClicked)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _alto(self) -> int:
        cabecera = self.horizontalHeader()
        return max(cabecera.sizeHint().height(), cabecera.height()) + self.verticalHeader().length() + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._alto())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._alto())

    def keyPressEvent(self, evento: QKeyEvent) -> None:  # noqa: N802
        """Supr o Retroceso vacían la celda; Intro pasa a la de abajo; Ctrl+Tab sale como Tab."""
        if evento.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.focusNextPrevChild(evento.key() == Qt.Key.Key_Tab and not evento.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        if evento.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QTableWidget.State.EditingState:
            for item in self.selectedItems():
                item.setText("")
            return
        if evento.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QTableWidget.State.EditingState:
            self.setCurrentCell(min(self.currentRow() + 1, self.rowCount() - 1), self.currentColumn())
            return
        super().keyPressEvent(evento)
