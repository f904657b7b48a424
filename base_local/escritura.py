"""Escritura atómica de documentos JSON (acuses, fichas, actualizaciones) en carpetas que no controlamos."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def escribir_json(ruta: Path, documento: dict[str, Any]) -> None:
    """Escribe de forma atómica. El temporal se crea nuevo (O_EXCL, sin seguir enlaces): un enlace que alguien dejó con
    su nombre en una memoria USB no lleva la escritura a otro archivo de la máquina; el final reemplaza al enlace."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    temporal = ruta.with_name(ruta.name + ".parcial")
    temporal.unlink(missing_ok=True)
    descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(descriptor, "w", encoding="utf-8") as archivo:
        archivo.write(json.dumps(documento, ensure_ascii=False, indent=2))
    temporal.replace(ruta)
