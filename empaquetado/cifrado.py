"""Cifrado age (X25519) de los paquetes: identidades, destinatarios, su huella y el descifrado en flujo, acotado.

Es el único módulo que importa pyrage: reportes/, formularios/ y base_local/ nunca lo cargan (bajo Wine el Python
embebido no carga extensiones compiladas). El formato es el de la herramienta estándar `age`
(https://age-encryption.org/v1): un tercero descifra con `age -d -i identidad.txt envio.zip.age > envio.zip`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyrage
from pyrage import x25519

from empaquetado import formato as f
from empaquetado.codigos import Rechazo

MAGIA = b"age-encryption.org/v1\n"
EXTENSION = ".age"
# age cifra por trozos de 64 KiB con 16 bytes de etiqueta cada uno, más un encabezado de a lo más unos KiB.
MAX_ARCHIVO_CIFRADO = f.MAX_ARCHIVO_ZIP + (f.MAX_ARCHIVO_ZIP // (64 * 1024) + 1) * 16 + 64 * 1024
_DESTINATARIO = re.compile(r"age1[02-9ac-hj-np-z]{58}")
# Encabezado age: líneas de texto hasta la línea «--- MAC». Los de este programa miden unos cientos de bytes; se leen
# línea por línea bajo esta cota ANTES de entregar el archivo a pyrage, que acumularía en memoria un encabezado sin fin.
ENCABEZADO_MAXIMO = 64 * 1024


def nueva_identidad() -> str:
    """Identidad X25519 nueva, en texto age («AGE-SECRET-KEY-1…»)."""
    return str(x25519.Identity.generate())


def identidad(texto: str) -> x25519.Identity:
    return x25519.Identity.from_str(texto)


def destinatario_de(texto_identidad: str) -> str:
    """El destinatario público («age1…») de una identidad."""
    return str(identidad(texto_identidad).to_public())


def es_destinatario(valor: object) -> bool:
    """True si es un destinatario X25519 de age bien formado (bech32 con su suma de control)."""
    if not isinstance(valor, str) or not _DESTINATARIO.fullmatch(valor):
        return False
    try:
        x25519.Recipient.from_str(valor)
    except Exception:  # noqa: BLE001 — pyrage lanza RecipientError o ValueError según la versión
        return False
    return True


def huella(destinatario: str) -> str:
    """Huella de un destinatario: SHA-256 del texto «age1…» en ASCII, en hexadecimal (se imprime en la carátula)."""
    return hashlib.sha256(destinatario.encode("ascii")).hexdigest()


def es_cifrado(archivo: Path) -> bool:
    """True si el archivo empieza como un archivo age (no se confía en la extensión)."""
    try:
        with open(archivo, "rb") as entrada:
            return entrada.read(len(MAGIA)) == MAGIA
    except OSError:
        return False


def cifrar_a_archivo(origen: Path, destino: Path, destinatarios: list[str]) -> None:
    """Cifra `origen` para los destinatarios, en flujo, y fuerza el resultado a disco."""
    receptores = [x25519.Recipient.from_str(d) for d in destinatarios]
    with open(origen, "rb") as entrada, open(destino, "wb") as salida:
        pyrage.encrypt_io(entrada, salida, receptores)
        salida.flush()
        os.fsync(salida.fileno())


def revisar_encabezado(entrada: BinaryIO) -> None:
    """Lee el encabezado age línea por línea sin pasar de ENCABEZADO_MAXIMO bytes; CIFRADO_DANADO si no termina antes
    (sin salto de línea, o sin la línea «--- » que lo cierra)."""
    leidos = 0
    while leidos < ENCABEZADO_MAXIMO:
        linea = entrada.readline(ENCABEZADO_MAXIMO - leidos)
        if not linea.endswith(b"\n"):
            break
        leidos += len(linea)
        if linea.startswith(b"--- "):
            return
    raise Rechazo("CIFRADO_DANADO", f"Su encabezado no termina en los primeros {ENCABEZADO_MAXIMO // 1024} KiB.")


@contextmanager
def en_claro(archivo: Path, identidad_de: Callable[[], str] | None, carpeta: Path | None = None) -> Iterator[tuple[Path, str | None]]:
    """(zip en claro, huella del destinatario de esta oficina) de un archivo recibido.

    Un zip sin cifrar se devuelve tal cual con huella None. Un archivo age se descifra en flujo (memoria constante)
    a un temporal de `carpeta` (la carpeta de datos, privada), que se borra al salir; su tamaño ya se acotó por el
    del cifrado, y luego el Contenedor lo revisa como a cualquier zip. `identidad_de` se llama solo si hace falta.
    """
    if not es_cifrado(archivo):
        yield archivo, None
        return
    if archivo.stat().st_size > MAX_ARCHIVO_CIFRADO:
        raise Rechazo("DEMASIADO_GRANDE", "El archivo cifrado excede el tamaño máximo de un paquete: no se descifró.")
    with open(archivo, "rb") as entrada:
        revisar_encabezado(entrada)  # antes de pedir la frase: un encabezado sin fin no llega a pyrage
    if identidad_de is None:
        raise Rechazo("IDENTIDAD_REQUERIDA")
    propia = identidad(identidad_de())
    if carpeta is not None:
        carpeta.mkdir(parents=True, exist_ok=True)
    descriptor, nombre = tempfile.mkstemp(prefix=".descifrado-", suffix=".zip", dir=carpeta)
    temporal = Path(nombre)
    try:
        with open(archivo, "rb") as entrada, os.fdopen(descriptor, "wb") as salida:
            try:
                pyrage.decrypt_io(entrada, salida, [propia])
            except pyrage.DecryptError as e:
                if "No matching keys" in str(e):
                    raise Rechazo("NO_ES_PARA_ESTA_OFICINA", "Ninguna de sus llaves de cifrado lo abre: no se cifró para esta oficina.") from None
                raise Rechazo("CIFRADO_DANADO") from None
            except Exception:  # noqa: BLE001 — un encabezado hostil nunca produce una falla interna
                raise Rechazo("CIFRADO_DANADO") from None
        yield temporal, huella(str(propia.to_public()))
    finally:
        temporal.unlink(missing_ok=True)
