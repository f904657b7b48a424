"""Evidencias guardadas por su SHA-256 en la carpeta de datos: una sola copia por contenido."""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
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
