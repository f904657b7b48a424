"""Lo que lleva el instalador, leído con 7z: el intérprete, cada dependencia para win_amd64 y cp312, y la aplicación."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.instalador.conftest import extraer

RAIZ = Path(__file__).resolve().parents[2]
PAQUETES = ("main.py", "escritorio", "ordenes", "formularios", "base_local", "empaquetado", "recursos", "reportes")
ETIQUETA_VALIDA = re.compile(r"^(py2|py3|py2\.py3)-none-any$|^cp312-cp312-win_amd64$|^cp3(1[0-2]|[0-9])-abi3-win_amd64$")


def _normal(nombre: str) -> str:
    return re.sub(r"[-_.]+", "_", nombre).lower()


def _bajo_instdir(contenido: list[str]) -> set[str]:
    """Rutas relativas a la carpeta de instalación (7z omite $INSTDIR; $PLUGINSDIR son piezas del propio NSIS)."""
    return {ruta for ruta in contenido if not ruta.startswith("$")}


def test_el_interprete_embebido_y_los_lanzadores(contenido):
    rutas = _bajo_instdir(contenido)
    for archivo in ("Python/python.exe", "Python/pythonw.exe", "Python/python312.dll", "Python/python312.zip",
                    "Python/python312._pth", "Python/vcruntime140.dll", "Python/_sqlite3.pyd", "Python/sqlite3.dll",
                    "bin/registro-fsur.exe", "_system_path.py", "registro-fsur.ico"):
        assert archivo in rutas, archivo


def test_cada_dependencia_del_candado_con_etiquetas_win_amd64_y_cp312(contenido, candado, instalador, tmp_path):
    rutas = _bajo_instdir(contenido)
    distinfo = {_normal(r.split("/")[1].removesuffix(".dist-info")) for r in rutas
                if r.startswith("pkgs/") and r.split("/")[1].endswith(".dist-info")}
    faltan = [f"{n}=={v}" for n, v in candado if f"{_normal(n)}_{_normal(v)}" not in distinfo]
    assert not faltan, f"dependencias del candado que no están en el instalador: {faltan}"

    extraer(instalador, tmp_path, "pkgs/*.dist-info/WHEEL", "-r")
    etiquetas = {}
    for wheel in tmp_path.rglob("WHEEL"):
        etiquetas[wheel.parent.name] = re.findall(r"^Tag: (.+)$", wheel.read_text(), re.M)
    assert len(etiquetas) >= len(candado)
    malas = {d: t for d, t in etiquetas.items() if not t or not all(ETIQUETA_VALIDA.match(e) for e in t)}
    assert not malas, f"ruedas que no son para win_amd64/cp312: {malas}"

    binarios = [r for r in rutas if r.startswith("pkgs/") and r.endswith((".so", ".pyd", ".dylib"))]
    assert binarios and not [b for b in binarios if not b.endswith(".pyd")], "binarios que no son de Windows"
    con_etiqueta = [b for b in binarios if re.search(r"\.cp\d+-", b)]
    assert all(".cp312-win_amd64.pyd" in b for b in con_etiqueta), [b for b in con_etiqueta if "cp312-win_amd64" not in b]


def test_la_aplicacion_completa_con_sus_datos(contenido):
    """Cada archivo de los paquetes del programa (código, catálogos, estilo, fuentes, traducciones, migraciones)."""
    rutas = _bajo_instdir(contenido)
    versionados = subprocess.run(["git", "ls-files", *PAQUETES], cwd=RAIZ, capture_output=True, text=True,
                                 check=True).stdout.split()
    assert len(versionados) > 50
    faltan = [f for f in versionados if f"pkgs/{f}" not in rutas]
    assert not faltan, f"archivos del programa que no viajan en el instalador: {faltan}"
    assert any(r.startswith("pkgs/recursos/catalogos/") and r.endswith(".csv") for r in rutas)
    assert "pkgs/recursos/estilo.qss" in rutas
