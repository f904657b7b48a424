"""El proceso de ayuda de empaquetado/revision_paralela.py: recibe trozos de líneas de un paquete y devuelve el
primer registro que no pasa las reglas del formulario. Solo habla con el programa que lo arrancó, por sus tuberías."""

from __future__ import annotations

import sys

from empaquetado.revision_paralela import escribir, leer, reglas_de_trozo
from empaquetado.revision_registros import ReglasDelFormulario


def principal() -> None:
    entrada, salida = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # la salida estándar es el canal de respuestas: nada más se escribe ahí
    reglas: dict[str, ReglasDelFormulario] = {}
    while True:
        try:
            clave, contexto, inicio, lineas = leer(entrada)
        except EOFError:
            return
        if contexto is not None:
            reglas = {clave: ReglasDelFormulario(*contexto)}
        try:
            respuesta = (inicio, reglas_de_trozo(reglas[clave], inicio, lineas))
        except Exception as e:  # noqa: BLE001 — el programa revisa este trozo por sí mismo y ve la misma falla
            respuesta = ("falla", repr(e)[:200])
        escribir(salida, respuesta)


if __name__ == "__main__":
    principal()
