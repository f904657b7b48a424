"""Ayudas para mirar el papel como lo ve una persona: LibreOffice (instalado aquí si falta) convierte los libros a
PDF y poppler da cada palabra impresa con su caja; pypdf da el texto de los PDF del programa."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader

PAQUETES = ("libreoffice-calc", "poppler-utils", "fonts-crosextra-carlito")  # Carlito mide como Calibri, la letra del libro
_PALABRA = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGINA = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def texto_pdf(ruta: Path) -> list[str]:
    """El texto de cada página de un PDF del programa."""
    return [pagina.extract_text() for pagina in PdfReader(str(ruta)).pages]


def _faltan() -> bool:
    return not (shutil.which("soffice") and shutil.which("pdftotext") and Path("/usr/share/fonts/truetype/crosextra").is_dir())


def asegurar_libreoffice() -> str:
    """Ruta de soffice; si falta, lo instala con apt-get (una vez por máquina). Salta la prueba con el motivo solo si
    no se puede instalar."""
    if _faltan():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip("LibreOffice o poppler no están instalados y esta prueba no corre como root para instalarlos: "
                        f"apt-get install -y {' '.join(PAQUETES)}")
        comando = ["apt-get", "install", "-y", "--no-install-recommends", *PAQUETES]
        entorno = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(comando, capture_output=True, env=entorno, timeout=1200).returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True, env=entorno, timeout=600)
            hecho = subprocess.run(comando, capture_output=True, text=True, env=entorno, timeout=1200)
            if hecho.returncode != 0:
                pytest.skip(f"No se pudo instalar {' '.join(PAQUETES)}: {hecho.stderr.strip()[-300:]}")
    if _faltan():
        pytest.skip(f"Faltan programas tras instalar {' '.join(PAQUETES)}")
    return str(shutil.which("soffice"))


def a_pdf(libros: list[Path], carpeta: Path) -> list[Path]:
    """Convierte los libros a PDF en una sola llamada a LibreOffice (con su propio perfil: no choca con otra)."""
    soffice = asegurar_libreoffice()
    perfil = (carpeta / "perfil-libreoffice").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={perfil}", "--headless", "--convert-to", "pdf", "--outdir", str(carpeta),
                    *map(str, libros)], check=True, capture_output=True, timeout=600)
    salida = [carpeta / f"{libro.stem}.pdf" for libro in libros]
    assert all(p.exists() for p in salida), salida
    return salida


@dataclass
class Pagina:
    ancho: float
    alto: float
    palabras: list[tuple[float, float, float, float, str]] = field(default_factory=list)

    @property
    def texto(self) -> str:
        return " ".join(p[4] for p in self.palabras)

    @property
    def hoja(self) -> str:
        """El nombre de la hoja, del pie izquierdo («&A»), en la franja de abajo de la página."""
        abajo = max((p[1] for p in self.palabras), default=0)
        pie = [p for p in self.palabras if p[1] > abajo - 3 and p[0] < self.ancho / 2]
        return " ".join(p[4] for p in sorted(pie))

    def fuera_de_margen(self, margen: float = 18) -> list[str]:
        """Palabras que se salen de la hoja o tocan el borde (menos de `margen` puntos)."""
        return [p[4] for p in self.palabras if p[0] < margen or p[2] > self.ancho - margen]


def paginas(pdf: Path) -> list[Pagina]:
    """Cada página impresa con sus palabras y cajas (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    salida: list[Pagina] = []
    for linea in html.splitlines():
        if m := _PAGINA.search(linea):
            salida.append(Pagina(float(m[1]), float(m[2])))
        elif m := _PALABRA.search(linea):
            texto = m[5].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            salida[-1].palabras.append((float(m[1]), float(m[2]), float(m[3]), float(m[4]), texto))
    return salida


def por_hoja(pdf: Path) -> dict[str, list[Pagina]]:
    grupos: dict[str, list[Pagina]] = {}
    for pagina in paginas(pdf):
        grupos.setdefault(pagina.hoja, []).append(pagina)
    return grupos
