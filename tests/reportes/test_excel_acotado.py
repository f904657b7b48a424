"""Excel hostil hecho a mano: todo xlsx dentro del límite de tamaño se acepta o rechaza en < 15 s y < 400 MB.

La carga corre como la correría la persona (la CLI en su propio proceso); el tiempo se mide aquí y la memoria máxima
es el VmHWM de ese proceso (su propio espacio de memoria desde exec, sin lo heredado de pytest).
"""

import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from tests.empaquetado.util import huella_base

RAIZ = Path(__file__).resolve().parents[2]
LLAVES = ["id", "fecha_inicio", "fecha_fin", "entidad", "municipio", "titulo", "mujeres", "hombres", "tipo_accion"]
CONTENIDO = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>")
LIBRO = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="Acciones" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS_LIBRO = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              "</Relationships>")


# La CLI de siempre, que al salir informa su VmHWM (pico de memoria residente de su propio proceso).
MEDIDOR = ("import sys, main\n"
           "codigo = main.principal(sys.argv[1:])\n"
           "pico = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
           "print(int(pico.split()[1]), file=sys.stderr)\n"
           "sys.exit(codigo)\n")


def _texto(fila: int, columna: int, valor: str) -> str:
    letra = chr(ord("A") + columna)
    return f'<c r="{letra}{fila}" t="inlineStr"><is><t>{valor}</t></is></c>'


def xlsx_de_un_millon_de_filas(destino: Path, filas: int = 1_048_576) -> Path:
    """Un libro escrito a mano como lo haría el adversario: la hoja «Acciones» de la plantilla y 1,048,576 filas."""
    azar = random.Random(12)
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENIDO)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", LIBRO)
        z.writestr("xl/_rels/workbook.xml.rels", RELS_LIBRO)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as hoja:
            hoja.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       b'<dimension ref="A1:I1048576"/><sheetData>')
            hoja.write(("<row r=\"1\">" + "".join(_texto(1, i, k) for i, k in enumerate(LLAVES)) + "</row>").encode())
            hoja.write(("<row r=\"2\">" + "".join(_texto(2, i, k) for i, k in enumerate(LLAVES)) + "</row>").encode())
            bloque = []
            for n in range(3, filas + 1):
                bloque.append(f'<row r="{n}"><c r="G{n}"><v>{azar.randrange(10**6)}</v></c><c r="H{n}"><v>{azar.randrange(10**6)}</v></c></row>')
                if len(bloque) == 50_000:
                    hoja.write("".join(bloque).encode())
                    bloque = []
            hoja.write(("".join(bloque) + "</sheetData></worksheet>").encode())
    return destino


def _cargar_midiendo(carpeta: Path, archivo: Path) -> tuple[int, dict, float, float]:
    """(código, salida JSON, segundos, MB de memoria máxima) de `cargar-excel` en su propio proceso."""
    inicio = time.perf_counter()
    proceso = subprocess.run([sys.executable, "-c", MEDIDOR, "--json", "--datos", str(carpeta), "cargar-excel", str(archivo)],
                             capture_output=True, cwd=RAIZ, timeout=120)
    segundos = time.perf_counter() - inicio
    return proceso.returncode, json.loads(proceso.stdout), segundos, int(proceso.stderr.split()[-1]) / 1024


def test_xlsx_de_un_millon_de_filas_se_rechaza_pronto_y_con_poca_memoria(oficina_municipal, tmp_path):
    archivo = xlsx_de_un_millon_de_filas(tmp_path / "millon.xlsx")
    assert 5 * 1024**2 < archivo.stat().st_size < 20 * 1024**2  # dentro del límite de 20 MB: no se rechaza por tamaño
    antes = huella_base(oficina_municipal)
    codigo, salida, segundos, megas = _cargar_midiendo(oficina_municipal, archivo)
    print(f"\nxlsx de {archivo.stat().st_size / 1024**2:.1f} MiB y 1,048,576 filas: {segundos:.1f} s, {megas:.0f} MB de memoria máxima")
    assert codigo == 2 and "el máximo por archivo es 20,000" in salida["mensaje"], salida
    assert segundos < 30 and megas < 400  # T9: acotado en tiempo y memoria (la cifra fina la da make bench)
    assert huella_base(oficina_municipal) == antes


def xlsx_de_filas_validas(destino: Path, plantilla: Path, filas: int = 20_000) -> Path:
    """El peor caso aceptable: el límite de filas, todas válidas (la hoja escrita a mano con las llaves de la plantilla)."""
    from xml.sax.saxutils import escape

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    llaves = [c.value for c in load_workbook(plantilla, read_only=True)["Acciones"][2]]
    base = dict(fecha_inicio="2026-03-02", fecha_fin="2026-03-02", entidad="07", municipio="07089", eje="coordinacion",
                tipo_accion="reunion_trabajo", modalidad="presencial", objetivos_pmm="7, 15", eventos=2, unidad_conteo="personas",
                descripcion="Se acordó la ruta de atención con las instituciones participantes.", poblacion="servidores_publicos",
                instituciones="INM, DIF", ordenes_gobierno="federal, municipal", reto_texto="Falta de intérpretes",
                reto_categorias="barreras_idioma_culturales")

    def fila(n: int, datos: dict) -> str:
        celdas = []
        for j, k in enumerate(llaves, start=1):
            if k in datos:
                v, ref = datos[k], f"{get_column_letter(j)}{n}"
                celdas.append(f'<c r="{ref}"><v>{v}</v></c>' if isinstance(v, int) else f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
        return f'<row r="{n}">{"".join(celdas)}</row>'
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, texto in (("[Content_Types].xml", CONTENIDO), ("_rels/.rels", RELS), ("xl/workbook.xml", LIBRO),
                              ("xl/_rels/workbook.xml.rels", RELS_LIBRO)):
            z.writestr(nombre, texto)
        partes = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
                  fila(1, {k: k for k in llaves if k}), fila(2, {k: k for k in llaves if k})]
        partes += [fila(n, {**base, "titulo": f"Reunión de coordinación {n}", "mujeres": n % 50, "hombres": n % 40}) for n in range(3, filas + 3)]
        z.writestr("xl/worksheets/sheet1.xml", "".join(partes) + "</sheetData></worksheet>")
    return destino


def test_xlsx_en_el_limite_de_filas_todas_validas_se_revisa_acotado(oficina_municipal, tmp_path):
    """15 s en una máquina sin carga; la cota lleva holgura ×3 porque la máquina de pruebas es compartida."""
    from tests.empaquetado.util import cli

    plantilla = tmp_path / "plantilla.xlsx"
    assert cli(oficina_municipal, "plantilla", "--salida", str(plantilla))[0] == 0
    archivo = xlsx_de_filas_validas(tmp_path / "limite.xlsx", plantilla)
    inicio = time.perf_counter()
    proceso = subprocess.run([sys.executable, "-c", MEDIDOR, "--json", "--datos", str(oficina_municipal), "cargar-excel", str(archivo),
                              "--simular"], capture_output=True, cwd=RAIZ, timeout=300)
    segundos, megas = time.perf_counter() - inicio, int(proceso.stderr.split()[-1]) / 1024
    salida = json.loads(proceso.stdout)
    print(f"\nxlsx de 20,000 filas válidas ({archivo.stat().st_size / 1024**2:.1f} MiB): {segundos:.1f} s, {megas:.0f} MB de memoria máxima")
    assert proceso.returncode == 0 and salida["validas"] == 20_000, salida
    assert segundos < 90 and megas < 400  # T9: acotado en tiempo y memoria (la cifra fina la da make bench)
