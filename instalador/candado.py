"""Regenera los candados del instalador: las ruedas de Windows (win_amd64, cp312) con sus hashes.

Uso: python -m instalador.candado   (resuelve las dependencias de pyproject.toml con pip para Windows y reescribe
instalador/requisitos-windows.txt). `make instalador` nunca resuelve: descarga exactamente lo que dice el candado.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from instalador.config import OPCIONES_WINDOWS, RAIZ, REQUISITOS_WINDOWS


def dependencias() -> list[str]:
    """Las dependencias de ejecución declaradas en pyproject.toml."""
    return tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def nombre_y_version(rueda: Path) -> tuple[str, str]:
    nombre, version = rueda.name.split("-")[:2]
    return nombre.replace("_", "-").lower(), version


def escribir_candado(ruedas: list[Path], destino: Path) -> None:
    lineas = ["# Candado de las ruedas de Windows (win_amd64, CPython 3.12). Generado por: python -m instalador.candado",
              "# make instalador descarga exactamente esto con pip --require-hashes."]
    for rueda in sorted(ruedas, key=lambda r: nombre_y_version(r)[0]):
        nombre, version = nombre_y_version(rueda)
        lineas.append(f"{nombre}=={version} --hash=sha256:{hashlib.sha256(rueda.read_bytes()).hexdigest()}")
    destino.write_text("\n".join(lineas) + "\n", encoding="utf-8")


def principal() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", *OPCIONES_WINDOWS, "-d", tmp, *dependencias()],
                       check=True)
        ruedas = sorted(Path(tmp).glob("*.whl"))
        escribir_candado(ruedas, REQUISITOS_WINDOWS)
    print(f"{REQUISITOS_WINDOWS.relative_to(RAIZ)}: {len(ruedas)} ruedas")
    return 0


if __name__ == "__main__":
    sys.exit(principal())
