"""Las firmas Authenticode del CPython embebido, comprobadas con signify sobre lo que de verdad lleva el instalador."""

from __future__ import annotations

import shutil
import subprocess

from instalador.config import RAIZ
from tests.instalador.conftest import extraer


def _comprobar(python, carpeta) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "instalador.firmas", str(carpeta)], cwd=RAIZ, capture_output=True,
                          text=True, timeout=600)


def test_firmas_del_interprete_del_instalador_verifican(instalador, python_de_construccion, tmp_path):
    carpeta = extraer(instalador, tmp_path, "Python/*") / "Python"
    hecho = _comprobar(python_de_construccion, carpeta)
    assert hecho.returncode == 0, hecho.stderr
    assert "python.exe: firma válida de Python Software Foundation" in hecho.stdout
    assert "pythonw.exe: firma válida de Python Software Foundation" in hecho.stdout
    assert "python312.dll: firma válida de Python Software Foundation" in hecho.stdout


def test_un_python_exe_alterado_no_pasa(instalador, python_de_construccion, tmp_path):
    """Un byte cambiado en el código de python.exe (no en la firma): la huella Authenticode ya no coincide."""
    carpeta = extraer(instalador, tmp_path, "Python/*") / "Python"
    for sobra in carpeta.iterdir():
        if sobra.suffix in (".dll", ".pyd") and sobra.name != "python312.dll":
            sobra.unlink()
    exe = carpeta / "python.exe"
    datos = bytearray(exe.read_bytes())
    datos[0x1000] ^= 0xFF
    exe.write_bytes(bytes(datos))
    hecho = _comprobar(python_de_construccion, carpeta)
    assert hecho.returncode == 1
    assert "python.exe:" in hecho.stderr and "Firmas que no verifican" in hecho.stderr
    shutil.rmtree(tmp_path)
