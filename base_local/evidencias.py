"""Evidencias guardadas por su SHA-256 en la carpeta de datos: una sola copia por contenido."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

MAX_EVIDENCIA = 200 * 1024 * 1024


def guardar_evidencia(carpeta: Path, archivo: Path) -> dict[str, Any]:
    """Copia `archivo` a `carpeta/<sha256>` si no estaba y devuelve su descripción."""
    tamano = archivo.stat().st_size
    if tamano > MAX_EVIDENCIA:
        raise ValueError(f"{archivo.name} pesa {tamano / 1024**2:,.0f} MB; el máximo por evidencia es 200 MB. Redúzcalo o divídalo.")
    h = hashlib.sha256()
    with archivo.open("rb") as f:
        for bloque in iter(lambda: f.read(1024 * 1024), b""):
            h.update(bloque)
    sha = h.hexdigest()
    carpeta.mkdir(parents=True, exist_ok=True)
    destino = carpeta / sha
    if not destino.exists():
        temporal = destino.with_suffix(".parcial")
        shutil.copyfile(archivo, temporal)
        temporal.replace(destino)
    tipo = mimetypes.guess_type(archivo.name)[0] or "application/octet-stream"
    return {"sha256": sha, "nombre": archivo.name, "tipo": tipo, "tamano": tamano}


HUELLA = re.compile(r"[0-9a-f]{64}")
# Tipo verificado por sus primeros bytes → extensión segura para abrir la copia (nunca ejecutables ni enlaces).
FIRMAS_DE_TIPO: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
)


class EvidenciaNoDisponible(ValueError):
    """La evidencia no está en la carpeta de datos como un archivo normal con el contenido de su huella."""


def ruta_de(carpeta: Path, sha256: str) -> Path:
    """Ruta de una evidencia, construida solo desde una huella validada y dentro de `carpeta`."""
    if not isinstance(sha256, str) or not HUELLA.fullmatch(sha256):
        raise EvidenciaNoDisponible(f"«{str(sha256)[:70]}» no es la huella SHA-256 de una evidencia (64 hexadecimales en minúscula).")
    return carpeta / sha256


def leer_evidencia(carpeta: Path, sha256: str, tamano: int | None = None) -> bytes:
    """Bytes de una evidencia guardada: archivo normal (nunca enlace, directorio ni dispositivo), dentro del
    límite, del tamaño descrito y con el contenido de su huella."""
    ruta = ruta_de(carpeta, sha256)
    banderas = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(ruta, banderas)  # sin seguir enlaces y sin esperar a una tubería
    except OSError:
        raise EvidenciaNoDisponible(f"La evidencia {sha256[:12]}… no está en la carpeta de datos.") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_EVIDENCIA or (tamano is not None and info.st_size != tamano):
        os.close(fd)
        raise EvidenciaNoDisponible(f"La evidencia {sha256[:12]}… no es un archivo normal del tamaño descrito.")
    with os.fdopen(fd, "rb") as f:
        datos = f.read(MAX_EVIDENCIA + 1)
    if len(datos) != info.st_size or hashlib.sha256(datos).hexdigest() != sha256:
        raise EvidenciaNoDisponible(f"La evidencia {sha256[:12]}… cambió en el disco: su contenido ya no coincide con su huella.")
    return datos


def extension_segura(datos: bytes) -> str:
    """Extensión derivada del contenido verificado: pdf, png, jpg, gif, o «bin» si no se reconoce."""
    return next((ext for firma, ext in FIRMAS_DE_TIPO if datos.startswith(firma)), "bin")


def copia_para_abrir(carpeta: Path, sha256: str, destino: Path) -> Path:
    """Copia de solo lectura de la evidencia en `destino`, con la extensión de su tipo verificado."""
    datos = leer_evidencia(carpeta, sha256)
    destino.mkdir(parents=True, exist_ok=True)
    copia = destino / f"evidencia-{sha256[:16]}.{extension_segura(datos)}"
    copia.unlink(missing_ok=True)
    copia.write_bytes(datos)
    copia.chmod(0o400)
    return copia
