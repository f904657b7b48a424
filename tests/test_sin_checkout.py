"""El programa no depende del checkout: la huella de reglas y los recursos salen de lo que viaja con la instalación."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from pathlib import Path

from formularios.reglas import HUELLA_REGLAS, huella_reglas
from recursos import VERSION, version_catalogos

RAIZ = Path(__file__).resolve().parent.parent


def test_huella_de_reglas_cambia_con_la_version_del_programa_o_de_los_catalogos():
    assert huella_reglas(VERSION, version_catalogos()) == HUELLA_REGLAS
    assert len({huella_reglas("0.1.0", "2026.1"), huella_reglas("0.1.1", "2026.1"), huella_reglas("0.1.0", "2026.2")}) == 3


def test_sin_archivos_py_la_huella_y_los_catalogos_son_los_mismos(tmp_path):
    """Paquetes compilados sin un solo .py (como en una instalación que solo guardara .pyc): nada lee su código."""
    for paquete in ("recursos", "base_local", "formularios"):
        shutil.copytree(RAIZ / paquete, tmp_path / paquete, ignore=shutil.ignore_patterns("__pycache__"))
    assert compileall.compile_dir(tmp_path, legacy=True, quiet=1)
    for fuente in tmp_path.rglob("*.py"):
        fuente.unlink()
    programa = ("import formularios.reglas as r, recursos\n"
                "assert r.__file__.endswith('.pyc'), r.__file__\n"
                "print(r.HUELLA_REGLAS, len(recursos.leer_catalogo('municipios')))")
    hecho = subprocess.run([sys.executable, "-c", programa], cwd=tmp_path, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=120)
    assert hecho.returncode == 0, hecho.stderr
    huella, municipios = hecho.stdout.split()
    from recursos import leer_catalogo

    assert (huella, int(municipios)) == (HUELLA_REGLAS, len(leer_catalogo("municipios")))


def test_base_en_una_ruta_que_la_url_escapa_como_las_de_windows(tmp_path):
    """En Windows la URL de la base lleva C%3A%5C...: Alembic (configparser) no debe leer esos % como interpolación."""
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas

    rutas = Rutas(tmp_path / "C:\\oficina 100%")
    rutas.raiz.mkdir()
    base = abrir_base(rutas.url_base, rutas.respaldos)
    base.cerrar()
    assert rutas.base.is_file()
