"""Lo que comparten las páginas: la carpeta de datos, la base abierta, la forma de pedir la frase y el aviso de que
la base cambió (para que cada página y la barra de estado digan lo que hay, sin salir de la página)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from base_local.oficinas import DatosOficina, oficina_local
from base_local.rutas import Rutas
from base_local.sesion import Base
from escritorio.dialogos import pedir_frase as pedir_frase_dialogo

if TYPE_CHECKING:
    from empaquetado import llaves


class Avisos(QObject):
    """Señales de la aplicación: `datos_cambiados` tras importar, exportar, aplicar un acuse o una actualización de
    catálogos, aprobar, restaurar o guardar."""

    datos_cambiados = Signal()


@dataclass
class ContextoApp:
    rutas: Rutas
    base: Base
    pedir_frase: Callable[[QWidget | None, str], str | None] = field(default=pedir_frase_dialogo)
    avisos: Avisos = field(default_factory=Avisos)

    @property
    def datos_cambiados(self) -> SignalInstance:
        return self.avisos.datos_cambiados

    def abrir_llaves(self, padre: QWidget | None, motivo: str) -> llaves.LlavesAbiertas | None:
        """Pide la frase y abre las llaves de la oficina; si la frase no es la correcta, la vuelve a pedir (solo la
        frase: lo ya elegido, como la carpeta, se conserva). None si la persona canceló; LlaveDanada si el archivo no sirve."""
        # la criptografía se carga al usarse, no al arrancar
        from empaquetado import llaves

        while True:
            frase = self.pedir_frase(padre, motivo)
            if frase is None:
                return None
            try:
                return llaves.abrir_llaves(self.rutas.llave_privada, frase)
            except llaves.FraseIncorrecta:
                motivo = f"La frase no es la correcta (distingue mayúsculas); escríbala otra vez.\n{motivo.splitlines()[-1]}"

    def oficina(self) -> DatosOficina | None:
        with self.base.transaccion() as s:
            return oficina_local(s)
