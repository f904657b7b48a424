"""Respaldos rotados, restauración, base dañada con salida clara, y un solo programa por carpeta."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import main
from base_local.respaldos import copias, respaldar
from tests.empaquetado.util import cli, consultar

RAIZ = Path(__file__).resolve().parents[2]


def _danar(archivo: Path) -> None:
    import sqlite3

    con = sqlite3.connect(archivo)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    datos = bytearray(archivo.read_bytes())
    for i in range(4096 * 3, 4096 * 6):
        datos[i] = 0xA5
    archivo.write_bytes(bytes(datos))


def test_respaldo_restaurar_y_base_danada(oficina_municipal, capsys):
    assert cli(oficina_municipal, "demo", "--registros", "5")[0] == 0
    codigo, r = cli(oficina_municipal, "respaldo")
    assert codigo == 0 and Path(r["copia"]).exists()
    assert cli(oficina_municipal, "demo", "--registros", "3", "--semilla", "9")[0] == 0
    assert consultar(oficina_municipal, "select count(*) from accion")[0][0] == 8
    _danar(oficina_municipal / "registro.sqlite")
    assert main.principal(["--datos", str(oficina_municipal), "estado"]) == 2
    error = capsys.readouterr().err
    assert "está dañada" in error and "restaurar --copia" in error and "manual-" in error
    codigo, r = cli(oficina_municipal, "restaurar")
    assert codigo == 0, r
    assert consultar(oficina_municipal, "select count(*) from accion")[0][0] == 5
    assert cli(oficina_municipal, "estado")[0] == 0


def test_copia_danada_no_se_restaura(oficina_municipal):
    _, r = cli(oficina_municipal, "respaldo")
    _danar(Path(r["copia"]))
    antes = (oficina_municipal / "registro.sqlite").read_bytes()
    codigo, salida = cli(oficina_municipal, "restaurar", "--copia", r["copia"])
    assert codigo == 2 and salida["error"] == "COPIA_DANADA"
    assert (oficina_municipal / "registro.sqlite").read_bytes() == antes


def test_los_respaldos_rotan(tmp_path, oficina_municipal):
    for _ in range(13):
        respaldar(oficina_municipal / "registro.sqlite", tmp_path / "r", "prueba", conservar=10)
    assert len(copias(tmp_path / "r")) == 10


def test_segundo_programa_en_la_misma_carpeta(oficina_municipal):
    retenedor = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; from pathlib import Path; from base_local.candado import candado\n"
         "with candado(Path(sys.argv[1])):\n    print('listo', flush=True); time.sleep(60)", str(oficina_municipal)],
        cwd=RAIZ, stdout=subprocess.PIPE, text=True)
    try:
        assert retenedor.stdout.readline().strip() == "listo"
        codigo, salida = cli(oficina_municipal, "demo", "--registros", "2")
        assert codigo == 2 and salida["error"] == "CARPETA_EN_USO" and f"proceso {retenedor.pid}" in salida["mensaje"]
        assert consultar(oficina_municipal, "select count(*) from accion")[0][0] == 0
    finally:
        os.kill(retenedor.pid, signal.SIGKILL)  # aun muerto de golpe, el sistema libera el candado
        retenedor.wait()
    time.sleep(0.1)
    assert cli(oficina_municipal, "demo", "--registros", "2")[0] == 0
