"""Carpeta de datos llena o de solo lectura: mensaje claro y nada perdido (sobre un tmpfs real)."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from base_local.respaldos import integridad
from tests.conftest import crear_oficina
from tests.empaquetado.util import cli, consultar


@pytest.fixture
def disco_pequeno():
    punto = Path(f"/tmp/fsur-disco-{uuid.uuid4().hex[:8]}")
    punto.mkdir()
    montaje = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(punto)], capture_output=True)
    if montaje.returncode != 0:
        punto.rmdir()
        pytest.skip("montar un tmpfs requiere root (como en CI)")
    yield punto
    subprocess.run(["umount", "-l", str(punto)], capture_output=True)
    punto.rmdir()


def test_disco_lleno_revierte_y_avisa(disco_pequeno):
    carpeta = disco_pequeno / "oficina"
    crear_oficina(carpeta, "central")
    assert cli(carpeta, "demo", "--registros", "50", "--lote")[0] == 0
    codigo, salida = cli(carpeta, "demo", "--registros", "40000", "--lote")
    assert codigo == 2 and salida["error"] == "DISCO_LLENO" and "no se perdió nada" in salida["mensaje"]
    assert integridad(carpeta / "registro.sqlite") is None
    assert consultar(carpeta, "select count(*) from accion")[0][0] == 50


def test_carpeta_de_solo_lectura(disco_pequeno):
    carpeta = disco_pequeno / "oficina"
    crear_oficina(carpeta, "municipal")
    assert cli(carpeta, "demo", "--registros", "3")[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disco_pequeno)], check=True)
    assert not os.access(carpeta, os.W_OK)
    codigo, salida = cli(carpeta, "demo", "--registros", "3")
    assert codigo == 2 and salida["error"] == "CARPETA_SOLO_LECTURA"
    subprocess.run(["mount", "-o", "remount,rw", str(disco_pequeno)], check=True)
    assert consultar(carpeta, "select count(*) from accion")[0][0] == 3
