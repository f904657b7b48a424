"""Punto de entrada: con una orden, la línea de comandos (ordenes/); sin ella, la aplicación de escritorio (escritorio/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ordenes.comun import SALIDA_FALLA, SALIDA_OK, SALIDA_RECHAZO, carpeta, url_base
from ordenes.entrada import ORDENES, construir_analizador
from ordenes.entrada import principal as linea_de_ordenes

__all__ = ["ORDENES", "SALIDA_FALLA", "SALIDA_OK", "SALIDA_RECHAZO", "construir_analizador", "principal"]


def _ventana(args: argparse.Namespace) -> int:
    """La aplicación de escritorio; si ni siquiera arranca, la persona ve un aviso que dice dónde está la bitácora."""
    from base_local.bitacora import configurar, registrar_falla

    configurar()
    try:
        from escritorio.aplicacion import ejecutar
        from escritorio.falla import instalar_aviso_de_fallas

        instalar_aviso_de_fallas()
        return ejecutar(carpeta(args), url_base(args) if args.base else None)
    except Exception as e:  # noqa: BLE001 — se avisa con una ventana, no con una traza en la consola
        bitacora = registrar_falla(e, "El programa no pudo arrancar")
        texto = (f"El programa no pudo arrancar ({type(e).__name__}: {e}).\n\n"
                 f"El detalle quedó en la bitácora:\n{bitacora}\n\nEnvíe ese archivo a soporte.")
        if sys.platform == "win32":
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, texto, "Registro de Acciones — Frontera Sur", 0x10)
        else:
            print(texto, file=sys.stderr)
        return SALIDA_FALLA


def _probar_ventana(carpeta_oficina: Path) -> str:
    """Paso de la autoprueba: abre y cierra la ventana principal sobre la oficina de prueba."""
    from escritorio.prueba_ventana import abrir_y_cerrar

    return abrir_y_cerrar(carpeta_oficina)


def principal(argv: list[str] | None = None) -> int:
    return linea_de_ordenes(argv, ventana=_ventana, probar_ventana=_probar_ventana)


if __name__ == "__main__":
    sys.exit(principal())
