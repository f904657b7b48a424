"""Recuperar una oficina desde su respaldo en la ventana: la oficina y la huella en grande, luego la frase de su llave
(el asistente de primer uso y Configuración usan este mismo paso; la línea de órdenes, `recuperar-oficina`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from base_local.errores import EntradaRechazada
from empaquetado.llaves import huella_legible
from empaquetado.recuperacion import OficinaARecuperar, recuperar_oficina
from escritorio import dialogos


def confirmar_y_pedir_frase(padre: QWidget, oficina: OficinaARecuperar,
                            pedir_frase: Callable[[QWidget | None, str], str | None]) -> str | None:
    """Solo si la persona confirma que la oficina y la huella son las suyas se pide la frase; None si no."""
    grupos = huella_legible(oficina.huella).split(" ")
    lineas = "<br>".join(" ".join(grupos[i : i + 4]) for i in range(0, 16, 4))
    if not dialogos.confirmar(
            padre, "Recuperar la oficina",
            f"El respaldo y la llave son de la oficina <b>{oficina.clave}</b> — {oficina.nombre}.<br>Huella de su llave:<br>"
            f"<span style='font-size:15pt; font-family:monospace'>{lineas}</span>",
            "&Sí, es mi oficina: recuperarla", "&No, cancelar",
            detalle="Compárela con la ficha impresa de la oficina. Para seguir hace falta la frase de acceso de esa "
                    "llave: sin ella nadie puede hacerse pasar por la oficina.", peligro=False):
        return None
    return pedir_frase(padre, f"Para recuperar la oficina {oficina.clave}")


def recuperar(padre: QWidget, carpeta: Path, copia: Path, llave: Path,
              pedir_frase: Callable[[QWidget | None, str], str | None]) -> dict[str, Any] | None:
    """La oficina recuperada en `carpeta`, o None (con el motivo ya avisado, o porque la persona dijo que no)."""
    try:
        return recuperar_oficina(carpeta, copia, llave, lambda oficina: confirmar_y_pedir_frase(padre, oficina, pedir_frase))
    except EntradaRechazada as e:
        if e.codigo != "RECUPERACION_CANCELADA":  # «No»: la persona ya sabe que no se hizo nada
            dialogos.avisar(padre, "No se recuperó la oficina", str(e), error=True)
        return None
