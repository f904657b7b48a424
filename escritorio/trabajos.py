"""Único ayudante para trabajar fuera del hilo de la interfaz: éxito, falla y progreso vuelven al hilo principal."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Senales(QObject):
    exito = Signal(object)
    falla = Signal(object)
    progreso = Signal(int, int)


class _Trabajo(QRunnable):
    def __init__(self, funcion: Callable[..., Any], con_progreso: bool) -> None:
        super().__init__()
        self.funcion = funcion
        self.con_progreso = con_progreso
        self.senales = _Senales()

    def run(self) -> None:
        try:
            if self.con_progreso:
                resultado = self.funcion(lambda hechos, total: self.senales.progreso.emit(hechos, total))
            else:
                resultado = self.funcion()
        except Exception as e:  # noqa: BLE001 — la falla se muestra a la persona en el hilo principal
            e.detalle = traceback.format_exc()  # type: ignore[attr-defined]
            self.senales.falla.emit(e)
        else:
            self.senales.exito.emit(resultado)


_en_curso: set[_Trabajo] = set()


def correr(
    funcion: Callable[..., Any],
    exito: Callable[[Any], None],
    falla: Callable[[Exception], None],
    progreso: Callable[[int, int], None] | None = None,
) -> None:
    """Ejecuta `funcion` en el grupo de hilos. Si hay `progreso`, la función recibe un `progreso(hechos, total)`."""
    trabajo = _Trabajo(funcion, progreso is not None)
    _en_curso.add(trabajo)

    def terminar(callback, valor) -> None:
        _en_curso.discard(trabajo)
        callback(valor)

    trabajo.senales.exito.connect(lambda r: terminar(exito, r))
    trabajo.senales.falla.connect(lambda e: terminar(falla, e))
    if progreso:
        trabajo.senales.progreso.connect(progreso)
    trabajo.setAutoDelete(False)
    QThreadPool.globalInstance().start(trabajo)


def hay_trabajos() -> bool:
    return bool(_en_curso)


class DialogoProgreso(QProgressDialog):
    """Barra de avance de un trabajo largo (exportar, importar, reportes): se alimenta con `avance(hechos, total)`."""

    def __init__(self, padre: QWidget, titulo: str, texto: str) -> None:
        super().__init__(texto, "", 0, 0, padre)
        self.setObjectName("dialogoProgreso")
        self.setWindowTitle(titulo)
        self.setCancelButton(None)  # los trabajos escriben en una transacción: no se interrumpen a la mitad
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.texto = texto
        self.show()

    def avance(self, hechos: int, total: int) -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(hechos, total))
            self.setLabelText(f"{self.texto} {hechos:,} de {total:,}")

    def cerrar(self) -> None:
        self.close()
        self.deleteLater()
