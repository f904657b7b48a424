"""Reporte HTML: un solo archivo sin red, leído en Chromium sin pantalla como lo abre una autoridad; cada municipio
está en el mapa y el texto guardado hostil se ve como texto."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import main
from recursos import leer_catalogo

RAIZ = Path(__file__).resolve().parents[2]
BANDERAS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--hide-scrollbars"]
PERMITIDAS = {"html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "h3", "dl", "dt", "dd", "section",
              "p", "b", "span", "i", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "svg", "path", "text", "rect",
              "line", "ul", "li", "footer"}


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium de Debian; se instala con apt-get donde falte y se pueda (root o sudo)."""
    if shutil.which("chromium") is None and (os.geteuid() == 0 or shutil.which("sudo")):
        subprocess.run([str(RAIZ / "instalador" / "apt.sh"), "chromium"], capture_output=True, timeout=1200)
    ruta = shutil.which("chromium")
    if ruta is None:
        pytest.skip("Chromium no está instalado y no se pudo instalar (apt-get install chromium necesita root o sudo y red "
                    "a los espejos de Debian): no se puede abrir el reporte HTML como lo abre una persona.")
    return ruta


def _chromium(ruta: str, perfil: Path, *argumentos: str) -> str:
    hecho = subprocess.run([ruta, *BANDERAS, f"--user-data-dir={perfil}", *argumentos], capture_output=True, text=True, timeout=180)
    assert hecho.returncode == 0, hecho.stderr[-2000:]
    return hecho.stdout


@pytest.fixture(scope="module")
def reporte(oficina_mapa, tmp_path_factory) -> Path:
    carpeta, _ = oficina_mapa
    destino = tmp_path_factory.mktemp("html") / "reporte-2026T2.html"
    assert main.principal(["--datos", str(carpeta), "reporte", "--tipo", "html", "--periodo", "2026T2", "--salida", str(destino)]) == 0
    return destino


def test_un_solo_archivo_sin_red_ni_scripts(reporte):
    texto = reporte.read_text(encoding="utf-8")
    assert not re.search(r"https?://", texto)
    etiquetas = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", texto))
    assert etiquetas <= PERMITIDAS, etiquetas - PERMITIDAS  # ni script, ni link, ni img, ni iframe, ni object
    assert "@import" not in texto and "url(" not in texto
    assert "default-src 'none'" in texto  # aun si algo escapara del escape, el navegador no carga ni ejecuta nada
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texto and "&lt;img src=x onerror=alert(2)&gt;" in texto and "F-&lt;b&gt;1" in texto
    assert "Coordinación &lt;script&gt;alert(3)&lt;/script&gt; &amp; «CAIMFS»" in texto


def test_chromium_muestra_cada_municipio_y_el_texto_hostil_como_texto(reporte, chromium, tmp_path):
    dom = _chromium(chromium, tmp_path / "perfil", "--dump-dom", reporte.as_uri())
    claves = re.findall(r'<path data-cvegeo="(\d{5})" data-clase="(\d+)" class="municipio( fronterizo)?"', dom)
    catalogo = {f["cvegeo"]: f["fronterizo"] == "1" for f in leer_catalogo("municipios")}
    assert len(claves) == 2 * 165  # dos mapas: acciones y personas atendidas
    assert {c for c, _, _ in claves} == set(catalogo)
    assert all(bool(f) == catalogo[c] for c, _, f in claves) and sum(1 for _, _, f in claves if f) == 2 * 23
    clase = {c: int(k) for c, k, _ in claves[:165]}
    assert clase["07089"] > 0 and clase["04002"] > 0 and clase["27004"] > 0
    assert {k for c, k in clase.items() if c not in ("07089", "04002", "27004")} == {0}
    for texto in ("Sin acciones", "Municipio fronterizo (23)", "Indicadores contra metas", "Por entidad", "Por objetivo del Pacto",
                  "Tapachula, Chiapas (fronterizo): 4 acciones", "de los 23 fronterizos, 1 con acciones y 22 sin acciones"):
        assert texto in dom, texto
    assert "<script" not in dom and "<img" not in dom  # lo hostil quedó como texto, no como elementos
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


def test_chromium_lo_dibuja(reporte, chromium, tmp_path):
    imagen = tmp_path / "reporte.png"
    _chromium(chromium, tmp_path / "perfil", "--window-size=1100,1600", f"--screenshot={imagen}", reporte.as_uri())
    assert imagen.stat().st_size > 50_000  # una página con mapa y tablas, no una en blanco


def test_se_imprime_desde_el_navegador_en_carta(reporte, chromium, tmp_path):
    """Imprimir → PDF de Chromium: hojas carta, cada sección en su hoja, el mapa y las tablas completas."""
    from pypdf import PdfReader

    pdf = tmp_path / "impreso.pdf"
    _chromium(chromium, tmp_path / "perfil", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", reporte.as_uri())
    paginas = PdfReader(str(pdf)).pages
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in paginas} == {(612, 792)}
    textos = [p.extract_text() for p in paginas]
    [mapa] = [i for i, t in enumerate(textos) if "¿Dónde se trabajó?" in t]
    assert "Por entidad" not in textos[mapa] and any("Por entidad" in t for t in textos[mapa + 1:])  # salto de página
    assert any("Unión Juárez" in t for t in textos) and any("Retos por categoría" in t for t in textos)
    assert len(paginas) <= 12
