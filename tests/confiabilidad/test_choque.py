"""Corte de luz simulado: SIGKILL a media importación y a medio guardado. La base abre íntegra, con todo o nada,
y la misma operación se completa después."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from base_local.respaldos import integridad
from tests.conftest import FRASE
from tests.empaquetado.util import cli, consultar, red_de_oficinas

RAIZ = Path(__file__).resolve().parents[2]
N = 6000


def _lanzar(carpeta: Path, *args: str) -> subprocess.Popen:
    entorno = {**os.environ, "FSUR_FRASE": FRASE}
    return subprocess.Popen([sys.executable, "main.py", "--datos", str(carpeta), *args], cwd=RAIZ, env=entorno,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _matar_cuando_escriba(proceso: subprocess.Popen, wal: Path, minimo: int) -> bool:
    """Espera a que el diario WAL crezca (ya está escribiendo) y mata el proceso sin aviso."""
    limite = time.monotonic() + 60
    while time.monotonic() < limite and proceso.poll() is None:
        if wal.exists() and wal.stat().st_size > minimo:
            os.kill(proceso.pid, signal.SIGKILL)
            proceso.wait()
            return True
        time.sleep(0.005)
    return False


def test_sigkill_a_media_importacion(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", str(N), "--lote")[0] == 0
    _, paquete = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    cli(red["est"], "estado")  # deja el WAL vacío antes de empezar
    wal = red["est"] / "registro.sqlite-wal"
    tam_inicial = wal.stat().st_size if wal.exists() else 0
    proceso = _lanzar(red["est"], "importar", paquete["archivo"])
    assert _matar_cuando_escriba(proceso, wal, tam_inicial + 256 * 1024), "la importación terminó antes de poder cortarla"
    assert integridad(red["est"] / "registro.sqlite") is None
    acciones, paquetes = consultar(red["est"], "select (select count(*) from accion), (select count(*) from paquete_entrada)")[0]
    assert (acciones, paquetes) in ((0, 0), (N, 1))  # todo o nada
    codigo, r = cli(red["est"], "importar", paquete["archivo"])
    assert codigo == 0
    assert consultar(red["est"], "select count(*), sum(total) from accion")[0] == consultar(red["mun"], "select count(*), sum(total) from accion")[0]
    assert consultar(red["est"], "select count(*) from paquete_entrada")[0][0] == 1


def test_sigkill_a_medio_guardado(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "5")[0] == 0
    wal = red["mun"] / "registro.sqlite-wal"
    tam_inicial = wal.stat().st_size if wal.exists() else 0
    proceso = _lanzar(red["mun"], "demo", "--registros", str(N), "--lote", "--semilla", "7")
    assert _matar_cuando_escriba(proceso, wal, tam_inicial + 256 * 1024), "el guardado terminó antes de poder cortarlo"
    assert integridad(red["mun"] / "registro.sqlite") is None
    assert consultar(red["mun"], "select count(*) from accion")[0][0] in (5, 5 + N)
    assert cli(red["mun"], "demo", "--registros", str(N), "--lote", "--semilla", "7")[0] == 0
    assert consultar(red["mun"], "select count(*) from accion")[0][0] in (5 + N, 5 + 2 * N)
    assert consultar(red["mun"], "select count(*) from historial")[0][0] == consultar(red["mun"], "select count(*) from accion")[0][0]
