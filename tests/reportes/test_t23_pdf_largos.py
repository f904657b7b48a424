"""T23: todo PDF imprime el texto más largo que admiten los límites. El acuse de un paquete observado con 19,900
caracteres se escribía con ERROR_INTERNO (LayoutError de reportlab) y bloqueaba la cadena; ahora un acuse de 500
registros con 20,000 caracteres en cada observación se escribe en tiempo y memoria acotados."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from formularios.limites import LIBRES, OBSERVACION
from reportes import hojas
from tests.empaquetado.util import cli, consultar, red_con_paquete

RAIZ = Path(__file__).resolve().parents[2]
PALABRAS = ["migración", "frontera", "atención", "coordinación", "registro", "observación", "municipio", "revisión"]


def texto_ordinario(largo: int, semilla: int = 0) -> str:
    """Texto de palabras comunes (el caso del issue: nada raro, solo largo)."""
    palabras = [PALABRAS[(i * 7 + semilla) % len(PALABRAS)] for i in range(largo // 5)]
    return " ".join(palabras)[:largo]


def test_t23_acuse_con_observacion_de_19900_caracteres_se_escribe_y_la_cadena_sigue(tmp_path):
    red, paquete = red_con_paquete(tmp_path, 3)
    assert cli(red["est"], "importar", str(paquete))[0] == 0
    ids = [i for (i,) in consultar(red["est"], "select id from accion order by id")]
    assert cli(red["est"], "observar", ids[0], "--texto", texto_ordinario(19_900))[0] == 0
    assert cli(red["est"], "observar", ids[1], "--texto", texto_ordinario(OBSERVACION, 3))[0] == 0
    [(id_paquete,)] = consultar(red["est"], "select id from paquete_entrada")
    codigo, res = cli(red["est"], "acuse", "--paquete", id_paquete, "--salida", str(tmp_path / "acuse.json"))
    assert codigo == 0, res
    assert len(PdfReader(tmp_path / "acuse.pdf").pages) >= 5
    codigo, res = cli(red["mun"], "importar", str(tmp_path / "acuse.json"))
    assert codigo == 0 and res["paquetes"][0]["resultado"] == "acuse_aplicado", res


MEDIDOR = """
import sys, time
from pathlib import Path
from reportes import hojas
from tests.reportes.test_t23_pdf_largos import documento_grande
documento, nombres = documento_grande(int(sys.argv[2]), int(sys.argv[3]))
inicio = time.perf_counter()
hojas.acuse(Path(sys.argv[1]), documento, nombres)
# VmHWM y no ru_maxrss: este cuenta también la copia de pytest que hizo fork antes del exec.
pico = next(linea for linea in open("/proc/self/status") if linea.startswith("VmHWM"))
print(time.perf_counter() - inicio, pico.split()[1])
"""


def documento_grande(registros: int, largo: int) -> tuple[dict, dict]:
    documento = {"emisor": "CAIMFS", "oficina_destino": "E07", "secuencia": 3, "emitido_en": "2026-03-01T10:00:00Z",
                 "huella_paquete": "a" * 64, "huella_firmante": "b" * 64, "autor": "Coordinación",
                 "registros": [{"id": f"id-{i:04d}", "revision": 1, "estado": "observada", "observacion": texto_ordinario(largo, i)}
                               for i in range(registros)]}
    return documento, {f"id-{i:04d}": (f"Reunión de coordinación número {i}", None) for i in range(registros)}


def test_t23_acuse_de_500_registros_con_20000_caracteres_cada_uno(tmp_path):
    """≈40 s y ≈115 MB en la máquina de desarrollo; las cotas llevan holgura porque la máquina es compartida."""
    destino = tmp_path / "acuse-500.pdf"
    inicio = time.perf_counter()
    proceso = subprocess.run([sys.executable, "-c", MEDIDOR, str(destino), "500", str(OBSERVACION)], capture_output=True,
                             text=True, cwd=RAIZ, timeout=600)
    assert proceso.returncode == 0, proceso.stderr[-2000:]
    segundos, kib = proceso.stdout.split()
    paginas = len(PdfReader(destino).pages)
    print(f"\nacuse de 500 registros × {OBSERVACION:,} caracteres: {paginas:,} páginas, {float(segundos):.1f} s "
          f"({time.perf_counter() - inicio:.1f} s con el arranque), {int(kib) / 1024:.0f} MB de memoria máxima")
    assert paginas > 1_000 and float(segundos) < 240 and int(kib) / 1024 < 400


def test_t23_ficha_y_textos_del_limite_en_sus_pdf(tmp_path):
    """Nombre y responsable de 200 caracteres en la ficha impresa; una observación del tamaño exacto del límite."""
    nombre, responsable = "N" * LIBRES["nombre_oficina"], "R" * LIBRES["responsable"]
    ficha = {"oficina": {"clave": "M07089", "tipo": "municipal", "nombre": nombre, "responsable": responsable,
                         "entidad": "07", "municipio": "07089", "superior": "E07"}, "emitida": "2026-03-01", "huella": "c" * 64}
    assert len(PdfReader(hojas.ficha(tmp_path / "ficha.pdf", ficha)).pages) >= 1
    documento, nombres = documento_grande(1, OBSERVACION)
    documento["registros"][0]["observacion"] = "x" * OBSERVACION  # una sola «palabra» de 20,000 caracteres
    assert len(PdfReader(hojas.acuse(tmp_path / "acuse.pdf", documento, nombres)).pages) >= 3


def test_t23_tablas_y_bloques_del_limite_en_trimestral_y_compendio(tmp_path):
    """Los campos del convenio de 1,000 caracteres en sus columnas angostas (trimestral) y una acción con descripción
    y resultados de 20,000 y 20 retos de 5,000 en un bloque que no cabe en una página (compendio)."""
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether

    from formularios.limites import CONVENIO_TEXTO, LISTAS, TEXTOS
    from reportes.pdf_base import construir, p, tabla

    fila = ["F" * CONVENIO_TEXTO, texto_ordinario(CONVENIO_TEXTO), texto_ordinario(CONVENIO_TEXTO, 2), "firmado", "01/01/2026", "Chiapas"]
    convenios = tabla([["Folio", "Instrumento", "Contrapartes", "Estado", "Firma", "Entidad"]] + [fila] * 20,
                      [2.6 * cm, 3.4 * cm, 5 * cm, 2 * cm, 2 * cm, 2 * cm])
    maximo, largo = LISTAS["retos"]

    def accion() -> KeepTogether:
        return KeepTogether([p("T" * TEXTOS["titulo"]), p(texto_ordinario(TEXTOS["descripcion"])),
                             p(texto_ordinario(TEXTOS["resultados"], 1))] + [p(texto_ordinario(largo, i)) for i in range(maximo)])

    destino = construir(tmp_path / "largos.pdf", "Textos del límite", [convenios, accion(), accion()])
    assert len(PdfReader(destino).pages) > 40
