"""Lo que comparten las páginas: la carpeta de datos, la base abierta y la forma de pedir la frase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from base_local.oficinas import DatosOficina, oficina_local
from base_local.rutas import Rutas
from base_local.sesion import Base
from escritorio.dialogos import pedir_frase as pedir_frase_dialogo


@dataclass
class ContextoApp:
    rutas: Rutas
    base: Base
    pedir_frase: Callable[[QWidget | None, str], str | None] = field(default=pedir_frase_dialogo)

    def oficina(self) -> DatosOficina | None:
        with self.base.transaccion() as s:
            return oficina_local(s)
