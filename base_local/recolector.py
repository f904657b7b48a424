"""El recolector de ciclos de Python, apagado mientras se importa o se exporta un paquete.

Los registros de un paquete son árboles de diccionarios y listas, sin ciclos: el recolector solo recorrería una y
otra vez los cientos de miles de objetos vivos (a 100,000 acciones, cuatro de cada diez microsegundos de leer una
línea). La memoria que se libera no cambia: sin ciclos, cada objeto se libera en cuanto nadie lo usa; lo poco que
sí forme ciclos se recoge al volver a encenderlo.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_candado = threading.Lock()
_activos = 0  # trabajos en curso con el recolector apagado (la ventana puede importar y exportar a la vez)
_estaba_encendido = True


@contextmanager
def sin_recolector() -> Iterator[None]:
    global _activos, _estaba_encendido
    with _candado:
        if _activos == 0:
            _estaba_encendido = gc.isenabled()
            gc.disable()
        _activos += 1
    try:
        yield
    finally:
        with _candado:
            _activos -= 1
            if _activos == 0 and _estaba_encendido:
                gc.enable()
