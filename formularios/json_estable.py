"""Huella estable del contenido de una fila: la misma fila da el mismo identificador en cada carga."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any


def huella_fila(valores: dict[str, Any]) -> str:
    limpio = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(valores.items()) if k not in ("id", "errores")}
    return hashlib.sha256(json.dumps(limpio, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()
