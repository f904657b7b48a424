"""Salidas en UTF-8 aunque la consola no lo sea (Windows: cp1252; aquí, un locale C sin modo UTF-8) y el título de
bienvenida del instalador en renglones que caben."""

import os
import re
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def _sin_utf8() -> dict[str, str]:
    entorno = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL", "LC_CTYPE")}
    return entorno | {"LC_ALL": "C", "PYTHONUTF8": "0"}  # sin esto, la salida a un archivo sería ASCII


def test_la_salida_a_un_archivo_y_a_una_tuberia_es_utf8(tmp_path):
    vacia = tmp_path / "sin oficina"
    vacia.mkdir()
    salida = tmp_path / "salida.json"
    with salida.open("wb") as archivo:  # como `registro-fsur --json estado > salida.json`
        r = subprocess.run([sys.executable, "main.py", "--datos", str(vacia), "--json", "estado"], cwd=RAIZ,
                           env=_sin_utf8(), stdout=archivo, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "«inicializar»" in salida.read_bytes().decode("utf-8")
    r = subprocess.run([sys.executable, "main.py", "--datos", str(vacia), "estado"], cwd=RAIZ, env=_sin_utf8(),
                       capture_output=True, timeout=120)  # sin --json: el error va a la salida de errores
    assert r.returncode == 2 and "«inicializar»" in r.stderr.decode("utf-8")
    r = subprocess.run([sys.executable, "main.py", "--help"], cwd=RAIZ, env=_sin_utf8(), capture_output=True, timeout=120)
    assert r.returncode == 0 and "Registro de Acciones — Frontera Sur" in r.stdout.decode("utf-8")


def test_el_titulo_de_bienvenida_del_instalador_cabe():
    plantilla = (RAIZ / "instalador" / "plantilla.nsi").read_text(encoding="utf-8")
    for pagina in ("WELCOMEPAGE", "FINISHPAGE"):
        assert f"!define MUI_{pagina}_TITLE_3LINES" in plantilla
        titulo = re.search(rf'^!define MUI_{pagina}_TITLE "(.+)"$', plantilla, re.MULTILINE)[1]
        renglones = titulo.replace("${PRODUCT_VERSION}", "0.1.0").split("$\\r$\\n")
        assert len(renglones) <= 3 and all(len(r) <= 26 for r in renglones), renglones
        assert plantilla.index(f"MUI_{pagina}_TITLE ") < plantilla.index(f"!insertmacro MUI_PAGE_{pagina.removesuffix('PAGE')}")
