"""Paquetes del adversario: firmados con la llave privada real de la oficina, con la secuencia, la huella anterior
y los registros que el atacante quiera."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from empaquetado import formato as f
from empaquetado.exportar import huella_de_zip
from tests.empaquetado.util import cambiar_registros, escribir_zip, miembros, refirmar

IGUAL = object()


def forjar(modelo: Path, firmante: Path, destino: Path, *, secuencia: Any = IGUAL, anterior: Any = IGUAL,
           cambio: Callable[[list[dict]], None] | None = None) -> Path:
    """Toma un paquete real como molde, le pone un id nuevo, la secuencia y la huella anterior dadas y los
    registros que deje `cambio`, y lo firma con la llave real de la oficina de `firmante`."""
    lista = cambiar_registros(miembros(modelo), cambio) if cambio else miembros(modelo)
    salida = []
    for nombre, datos in lista:
        if nombre == f.RAIZ + "envio.json":
            envio = json.loads(datos)
            envio["id"] = str(uuid.uuid4())
            if secuencia is not IGUAL:
                envio["secuencia"] = secuencia
            if anterior is not IGUAL:
                envio["sha256_anterior"] = anterior
            datos = f.json_canonico(envio)
        salida.append((nombre, datos))
    return escribir_zip(destino, refirmar(salida, firmante))


def huella(paquete: Path) -> str:
    resultado = huella_de_zip(paquete)
    assert resultado is not None
    return resultado
