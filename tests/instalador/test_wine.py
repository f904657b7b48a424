"""El instalador bajo el Wine de Debian: instalación silenciosa por usuario, el Python embebido con las partes de
Python puro del programa, y un desinstalador que deja la carpeta de datos de la oficina.

El Wine 8.0 de Debian no carga cryptography, pyrage ni PySide6 actuales: eso (y la ventana) lo comprueba el flujo de Windows.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from formularios.reglas import HUELLA_REGLAS
from instalador.config import CONSTRUCCION
from tests.instalador.conftest import hay

NOMBRE = "Registro de Acciones — Frontera Sur"

PROGRAMA = r"""
import sys, pathlib
sys.modules["_wmi"] = None  # Wine 8.0 no implementa propsys.VariantToString, que usa platform.machine() en 3.12
import sqlalchemy, openpyxl, reportlab, alembic, platformdirs
import formularios.reglas, formularios.campos, base_local.modelos, reportes.generar
from base_local.apertura import abrir_base
from base_local.rutas import Rutas, carpeta_predeterminada, carpeta_bitacoras
from reportes.datos import Seleccion
from reportes.generar import generar
assert "cryptography" not in sys.modules and "pyrage" not in sys.modules and "PySide6" not in sys.modules
datos = carpeta_predeterminada()
datos.mkdir(parents=True, exist_ok=True)
rutas = Rutas(datos)
base = abrir_base(rutas.url_base, rutas.respaldos)
with base.transaccion() as s:
    libro = generar(s, "consolidado", "xlsx", Seleccion(None, None), datos / "consolidado.xlsx")
    pdf = generar(s, "compendio", "pdf", Seleccion(None, None), datos / "compendio.pdf")
base.cerrar()
hojas = openpyxl.load_workbook(libro).sheetnames
assert pathlib.Path(pdf).read_bytes().startswith(b"%PDF")
print("PYTHON", sys.version.split()[0], sys.platform)
print("HUELLA", formularios.reglas.HUELLA_REGLAS)
print("DATOS", datos)
print("BITACORAS", carpeta_bitacoras())
print("HOJAS", len(hojas))
"""


def wine(prefijo: Path, *argumentos: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Corre un programa de Windows en el prefijo y espera a que Wine termine de escribir (wineserver -w)."""
    entorno = {**os.environ, "WINEPREFIX": str(prefijo), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml=",
               "DISPLAY": ""}
    hecho = subprocess.run(["wine", *argumentos], env=entorno, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout, encoding="utf-8", errors="replace")
    subprocess.run(["wineserver", "-w"], env=entorno, timeout=timeout)
    return hecho


@pytest.fixture(scope="module")
def instalado(instalador):
    if not hay("wine"):
        pytest.fail("Falta wine: corra make comprobar-instalador (lo instala de Debian)")
    # Fuera de /tmp/pytest-of-*: otras corridas de pytest en la máquina rotan esas carpetas.
    prefijo = CONSTRUCCION / "prefijo-wine"
    shutil.rmtree(prefijo, ignore_errors=True)
    for _ in range(3):  # con la máquina cargada, el primer wineboot a veces no termina de crear el prefijo
        wine(prefijo, "wineboot", "-i")
        if (prefijo / "drive_c" / "windows" / "system32" / "kernel32.dll").exists():
            break
    hecho = wine(prefijo, str(instalador), "/S")
    assert hecho.returncode == 0, hecho.stdout + hecho.stderr
    usuario = prefijo / "drive_c" / "users" / getpass.getuser()
    return prefijo, usuario, usuario / "AppData" / "Local" / "Programs" / "RegistroFSur"


def test_instalacion_silenciosa_por_usuario_con_accesos_en_espanol(instalado):
    prefijo, usuario, carpeta = instalado
    for archivo in ("Python/python.exe", "Python/pythonw.exe", "bin/registro-fsur.exe", "desinstalar.exe",
                    "pkgs/main.py", "pkgs/recursos/catalogos/municipios.csv"):
        assert (carpeta / archivo).is_file(), archivo
    assert list((carpeta / "pkgs" / "formularios" / "__pycache__").glob("reglas.cpython-312.pyc"))  # compileall corrió
    accesos = [usuario / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs" / f"{NOMBRE}.lnk",
               usuario / "Desktop" / f"{NOMBRE}.lnk"]
    for acceso in accesos:
        assert acceso.is_file(), acceso
        assert "pythonw.exe".encode("utf-16-le") in acceso.read_bytes() or b"pythonw.exe" in acceso.read_bytes()
    registro = wine(prefijo, "reg", "query", r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\RegistroFSur")
    # (la consola de `reg` de Wine muestra la raya como guion; en el registro es U+2014)
    assert "Registro de Acciones" in registro.stdout and "desinstalar.exe" in registro.stdout
    entorno = wine(prefijo, "reg", "query", r"HKCU\Environment", "/v", "PATH")
    assert r"RegistroFSur\bin" in entorno.stdout  # la orden registro-fsur queda en el PATH del usuario


def test_python_embebido_importa_y_usa_las_partes_de_python_puro(instalado):
    prefijo, usuario, carpeta = instalado
    hecho = wine(prefijo, str(carpeta / "Python" / "python.exe"), "-c", PROGRAMA)
    assert hecho.returncode == 0, hecho.stdout + hecho.stderr
    salida = dict(linea.split(" ", 1) for linea in hecho.stdout.splitlines() if " " in linea)
    assert salida["PYTHON"] == "3.12.9 win32"
    assert salida["HUELLA"] == HUELLA_REGLAS  # la misma huella de reglas que en Linux: no depende del checkout
    assert salida["DATOS"].endswith(r"AppData\Local\registro-acciones-fsur")
    assert salida["BITACORAS"].endswith(r"AppData\Local\registro-acciones-fsur\Logs")
    assert (usuario / "AppData/Local/registro-acciones-fsur/registro.sqlite").is_file()


def test_desinstalar_quita_el_programa_y_deja_la_carpeta_de_datos(instalado):
    prefijo, usuario, carpeta = instalado
    datos = usuario / "AppData" / "Local" / "registro-acciones-fsur"
    if not (datos / "registro.sqlite").exists():  # si la prueba anterior no corrió, una oficina mínima a mano
        datos.mkdir(parents=True, exist_ok=True)
        (datos / "registro.sqlite").write_bytes(b"SQLite format 3\x00")
    (datos / "llave_privada.json").write_text('{"llave": "de la oficina"}', encoding="utf-8")
    antes = {p.relative_to(datos): p.read_bytes() for p in datos.rglob("*") if p.is_file()}

    en_windows = "C:\\" + str(carpeta.relative_to(prefijo / "drive_c")).replace("/", "\\")
    hecho = wine(prefijo, str(carpeta / "desinstalar.exe"), "/S", f"_?={en_windows}")
    assert hecho.returncode == 0, hecho.stdout + hecho.stderr
    for quitado in ("pkgs", "Python", "bin", "_system_path.py", "registro-fsur.ico"):
        assert not (carpeta / quitado).exists(), quitado
    assert not (usuario / "Desktop" / f"{NOMBRE}.lnk").exists()
    reg = wine(prefijo, "reg", "query", r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\RegistroFSur")
    assert reg.returncode != 0
    assert r"RegistroFSur\bin" not in wine(prefijo, "reg", "query", r"HKCU\Environment", "/v", "PATH").stdout
    despues = {p.relative_to(datos): p.read_bytes() for p in datos.rglob("*") if p.is_file()}
    assert despues == antes  # la carpeta de datos de la oficina, byte a byte igual
