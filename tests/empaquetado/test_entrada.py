"""T9, T10, T15 y T20 con entradas construidas como el adversario: sin firmar y a mano, o firmadas con la llave
privada real de la oficina. Cada una: su código, su frase en español y la base idéntica byte a byte; los casos de
recursos miden la memoria máxima (VmHWM) y el tiempo de un proceso aparte que corre la orden de verdad."""

from __future__ import annotations

import json
import math
import random
import shutil
import struct
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from empaquetado import formato as f
from empaquetado import llaves
from empaquetado.confianza import firmar_documento
from tests.conftest import FRASE
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    escribir_zip,
    huella_base,
    miembros,
    red_con_paquete,
    refirmar,
)

RAIZ = Path(__file__).resolve().parents[2]
MEMORIA_MAXIMA_MB = 400
TIEMPO_MAXIMO_S = 60
MEDIDOR = (
    "import json, runpy, sys, time\n"
    "sys.argv = ['main.py', *sys.argv[1:]]\n"
    "inicio, codigo = time.monotonic(), 0\n"
    "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
    "except SystemExit as e:\n    codigo = e.code or 0\n"
    "hwm = next(x for x in open('/proc/self/status') if x.startswith('VmHWM')).split()[1]\n"
    "print(json.dumps({'codigo': codigo, 'mb': int(hwm) / 1024, 's': time.monotonic() - inicio}))\n"
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("entrada")
    carpetas, valido = red_con_paquete(raiz, 4)
    return {"raiz": raiz, **carpetas, "valido": valido}


def medir(carpeta: Path, *args: str) -> tuple[int, dict, float, float]:
    """La orden en un proceso aparte: (código de salida, salida JSON, memoria máxima en MB, segundos)."""
    r = subprocess.run([sys.executable, "-c", MEDIDOR, "--json", "--datos", str(carpeta), *args], cwd=RAIZ,
                       capture_output=True, text=True, timeout=300)
    assert "Traceback" not in r.stderr, r.stderr
    *salida, cifras = r.stdout.strip().splitlines()
    medida = json.loads(cifras)
    return medida["codigo"], json.loads("\n".join(salida)), medida["mb"], medida["s"]


def rechazo(carpeta: Path, paquete: Path, codigo: str, frase: str) -> dict:
    """importar y verificar lo rechazan con `codigo` y una frase que contiene `frase`; la base queda idéntica."""
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "importar", str(paquete))
    [r] = salida["paquetes"]
    assert (salida_codigo, r["resultado"], r["codigo"]) == (2, "rechazado", codigo), r["mensaje"]
    assert frase in r["mensaje"], r["mensaje"]
    assert huella_base(carpeta) == antes
    v_codigo, v = cli(carpeta, "verificar", str(paquete))
    assert (v_codigo, v) == (2, {"valido": False, "codigo": codigo, "mensaje": r["mensaje"]})
    return r


def con_envio(lista: list[tuple[str, bytes]], envio: bytes) -> list[tuple[str, bytes]]:
    return [(n, envio if n == f.RAIZ + "envio.json" else d) for n, d in lista]


def envio_de(red) -> dict:
    return json.loads(dict(miembros(red["valido"]))[f.RAIZ + "envio.json"])


def con_linea(lista: list[tuple[str, bytes]], cambio) -> list[tuple[str, bytes]]:
    """La primera línea de acciones.jsonl cambiada como texto (lo que un dict de Python no puede expresar)."""
    salida = []
    for n, d in lista:
        if n.endswith(f.ACCIONES):
            primera, _, resto = d.partition(b"\n")
            d = cambio(primera) + b"\n" + resto
        salida.append((n, d))
    return salida


# --- T9: antes de la firma solo se leen miembros pequeños, con límites -------------------------------------------

def _json_inflable(destino: Path, megas_comprimidos: float) -> Path:
    """Un zip sin firmar cuyo envio.json se infla ~160:1 (bajo la proporción de bomba zip), como en el issue."""
    azar = random.Random(7)
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open(f.RAIZ + "envio.json", "w", force_zip64=True) as salida:
            salida.write(b'{"huella_firmante": "' + b"0" * 64 + b'", "x": [')
            while z.fp.tell() < megas_comprimidos * 1024**2:
                salida.write(b"".join(b"0," * 497 + b"%05d," % azar.randint(0, 99999) for _ in range(1000)))
            salida.write(b"0]}")
        for nombre in ("bagit.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig"):
            z.writestr(f.RAIZ + nombre, b"x")
    return destino


@pytest.mark.parametrize("megas", [0.55, 2.6])
def test_t9_envio_json_que_se_infla_sin_firmar(estatal, tmp_path, megas):
    paquete = _json_inflable(tmp_path / "inflado.zip", megas)
    with zipfile.ZipFile(paquete) as z:
        inflado = z.getinfo(f.RAIZ + "envio.json").file_size
    assert inflado > 80 * 1024**2 and paquete.stat().st_size < (megas + 0.2) * 1024**2
    rechazo(estatal, paquete, "DEMASIADO_GRANDE", "un archivo de etiqueta mide a lo más 65,536")
    codigo, salida, mb, segundos = medir(estatal, "importar", str(paquete))
    assert (codigo, salida["paquetes"][0]["codigo"]) == (2, "DEMASIADO_GRANDE")
    assert mb < MEMORIA_MAXIMA_MB and segundos < TIEMPO_MAXIMO_S, (mb, segundos)
    print(f"\n{paquete.stat().st_size / 1024**2:.2f} MiB que dicen inflarse a {inflado / 1024**2:.0f} MiB: {mb:.0f} MB, {segundos:.1f} s")


def _mentir_tamano(paquete: Path, miembro: str, tamano: int) -> None:
    """Reescribe en el índice (encabezado local y directorio central) el tamaño inflado de `miembro`."""
    datos = bytearray(paquete.read_bytes())
    nombre = miembro.encode()
    for firma, desplazamiento in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        inicio = 0
        while (inicio := datos.find(firma, inicio)) >= 0:
            largo_nombre = struct.unpack_from("<H", datos, inicio + (26 if firma == b"PK\x03\x04" else 28))[0]
            base_nombre = inicio + (30 if firma == b"PK\x03\x04" else 46)
            if datos[base_nombre:base_nombre + largo_nombre] == nombre:
                struct.pack_into("<I", datos, inicio + desplazamiento, tamano)
            inicio += 4
    paquete.write_bytes(bytes(datos))


def test_t9_indice_que_miente_sobre_el_tamano(red, estatal, tmp_path):
    """envio.json dice medir 1 KiB pero se inflaría a 90 MiB: se lee a lo más lo declarado y el zip no cuadra."""
    azar = random.Random(3)
    grande = b'{"x": [' + b"".join(b"0," * 497 + b"%05d," % azar.randint(0, 99999) for _ in range(90_000)) + b"0]}"
    paquete = escribir_zip(tmp_path / "mentiroso.zip", con_envio(miembros(red["valido"]), grande))
    _mentir_tamano(paquete, f.RAIZ + "envio.json", 1024)
    rechazo(estatal, paquete, "ZIP_INVALIDO", "envio.json")
    codigo, _, mb, segundos = medir(estatal, "verificar", str(paquete))
    assert codigo == 2 and mb < MEMORIA_MAXIMA_MB and segundos < TIEMPO_MAXIMO_S, (mb, segundos)


@pytest.mark.parametrize("contenido, frase", [
    (b"[" * 60_000, "no cierran en orden"),
    (b'{"huella_firmante": ' + b"[" * 30_000 + b"]" * 30_000 + b"}", "más de 32 niveles"),
    (b"[" * 100_000, "dice medir 100,000 bytes"),
    (b"\xff\xfe{}", "no es texto UTF-8"),
])
def test_t9_envio_json_hostil_sin_firmar(red, estatal, tmp_path, contenido, frase):
    paquete = escribir_zip(tmp_path / "hostil.zip", con_envio(miembros(red["valido"]), contenido))
    codigo = "DEMASIADO_GRANDE" if len(contenido) > f.MAX_ETIQUETA else "ESQUEMA_INVALIDO"
    rechazo(estatal, paquete, codigo, frase)


def test_t9_recursos_de_un_registro_firmado_enorme_y_anidado(red, estatal, tmp_path):
    """La oficina comprometida firma un registro de 3 MiB de cadenas cortas y otro anidado 100,000 veces.

    El primero se mide (aceptarlo o no es cosa de las reglas, T11); el segundo se rechaza con la base intacta."""
    azar = random.Random(1)

    def cambio(registros):  # cadenas cortas al azar (sin la proporción de una bomba zip): un objeto de Python por cadena
        registros[0]["retos"] = [{"texto": "ab", "categorias": [azar.randbytes(2).hex() for _ in range(450_000)]}]
    lista = refirmar(cambiar_registros(miembros(red["valido"]), cambio), red["mun"])
    paquete = escribir_zip(tmp_path / "enorme.zip", lista)
    profundo = escribir_zip(tmp_path / "profundo.zip", refirmar(
        con_linea(miembros(red["valido"]), lambda x: x[:-1] + b',"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"), red["mun"]))
    rechazo(estatal, profundo, "ESQUEMA_INVALIDO", "más de 32 niveles")
    for archivo in (profundo, paquete):
        codigo, salida, mb, segundos = medir(estatal, "importar", str(archivo))
        assert salida["paquetes"][0]["codigo"] in ("VALIDO", "ESQUEMA_INVALIDO", "REGLA_INCUMPLIDA"), salida  # T11: 450,000 categorías
        assert mb < MEMORIA_MAXIMA_MB and segundos < TIEMPO_MAXIMO_S, (mb, segundos)
        print(f"\n{archivo.name} ({archivo.stat().st_size / 1024:.0f} KiB firmado): {mb:.0f} MB, {segundos:.1f} s")


def test_t9_recursos_de_muchos_registros_firmados_enormes(red, estatal, tmp_path):
    """24 registros de 3.5 MiB de cadenas cortas cada uno (84 MiB de acciones.jsonl), firmados con la llave real: la
    memoria no crece con el paquete (las acciones se copian a un temporal y se fusionan en lotes de 4 MiB)."""
    azar = random.Random(2)
    categorias = [azar.randbytes(2).hex() for _ in range(500_000)]
    original = json.loads(dict(miembros(red["valido"]))[f.RAIZ + f.ACCIONES].splitlines()[0])
    lineas = [f.json_canonico({**original, "id": str(uuid.UUID(int=azar.getrandbits(128), version=4)),
                               "retos": [{"texto": "x", "categorias": categorias}]}) for _ in range(24)]
    lista = [(n, b"\n".join(lineas) + b"\n" if n.endswith(f.ACCIONES) else d) for n, d in miembros(red["valido"])]
    paquete = escribir_zip(tmp_path / "muchos.zip", refirmar(lista, red["mun"]))
    codigo, salida, mb, segundos = medir(estatal, "importar", str(paquete))
    assert salida["paquetes"][0]["codigo"] in ("VALIDO", "ESQUEMA_INVALIDO", "REGLA_INCUMPLIDA"), salida  # T11: límites de listas
    assert mb < MEMORIA_MAXIMA_MB and segundos < TIEMPO_MAXIMO_S, (mb, segundos)
    print(f"\n{sum(map(len, lineas)) / 1024**2:.0f} MiB de acciones firmadas ({paquete.stat().st_size / 1024**2:.0f} MiB en zip), "
          f"{salida['paquetes'][0]['codigo']}: {mb:.0f} MB, {segundos:.1f} s")


def test_t9_linea_de_registro_demasiado_larga(red, estatal, tmp_path):
    texto = random.Random(5).randbytes(5 * 1024**2 // 2).hex().encode()  # no se comprime como una bomba zip
    lista = refirmar(con_linea(miembros(red["valido"]), lambda x: x[:-1] + b',"x":"' + texto + b'"}'), red["mun"])
    rechazo(estatal, escribir_zip(tmp_path / "larga.zip", lista), "ESQUEMA_INVALIDO", "La línea 1 de acciones.jsonl mide más de 4,194,304 bytes")


# --- T10: JSON estricto en todas partes, firmado con la llave real ------------------------------------------------

@pytest.mark.parametrize("texto, frase", [
    ('"secuencia": NaN', "NaN"),
    ('"secuencia": Infinity', "Infinity"),
    ('"secuencia": 1e400', "desborda a infinito"),
    ('"oficina": "M07089", "oficina": "E07"', "repite la llave «oficina»"),
    ('"periodo": "\\ud800"', "UTF-16 suelto"),
])
def test_t10_envio_json_firmado_no_estricto(red, estatal, tmp_path, texto, frase):
    envio = envio_de(red)
    clave = texto.split('"')[1]
    cuerpo = json.dumps({k: v for k, v in envio.items() if k != clave}, ensure_ascii=False)
    hostil = (cuerpo[:-1] + ", " + texto + "}").encode()
    paquete = escribir_zip(tmp_path / "envio.zip", refirmar(con_envio(miembros(red["valido"]), hostil), red["mun"]))
    rechazo(estatal, paquete, "ESQUEMA_INVALIDO", frase)


def test_t10_envio_json_firmado_con_utf8_invalido(red, estatal, tmp_path):
    hostil = json.dumps(envio_de(red)).encode().replace(b'"periodo": "', b'"periodo": "\xc3\x28', 1)
    paquete = escribir_zip(tmp_path / "utf8.zip", refirmar(con_envio(miembros(red["valido"]), hostil), red["mun"]))
    rechazo(estatal, paquete, "ESQUEMA_INVALIDO", "no es texto UTF-8 válido")


@pytest.mark.parametrize("cambio, frase", [
    (lambda x: x.replace(b'"total":', b'"total":NaN,"x":', 1), "NaN"),
    (lambda x: x.replace(b'"mujeres":', b'"mujeres":Infinity,"y":', 1), "Infinity"),
    (lambda x: b'{"oficina_origen":"E07",' + x[1:], "repite la llave «oficina_origen»"),
    (lambda x: x.replace(b'"titulo":"', b'"titulo":"\\udc00', 1), "UTF-16 suelto"),
])
def test_t10_registro_firmado_no_estricto(red, estatal, tmp_path, cambio, frase):
    paquete = escribir_zip(tmp_path / "registro.zip", refirmar(con_linea(miembros(red["valido"]), cambio), red["mun"]))
    rechazo(estatal, paquete, "ESQUEMA_INVALIDO", frase)


@pytest.mark.parametrize("id_hostil", ["", "a\nb", "../../x", "0" * 36, "ÁÉÍÓÚ-ñ"])
def test_t10_id_de_registro_que_no_es_uuid(red, estatal, tmp_path, id_hostil):
    def cambio(registros):
        registros[0]["id"] = id_hostil
    paquete = escribir_zip(tmp_path / "id.zip", refirmar(cambiar_registros(miembros(red["valido"]), cambio), red["mun"]))
    rechazo(estatal, paquete, "ESQUEMA_INVALIDO", "no es un UUID")


@pytest.fixture(scope="module")
def acuse(red, tmp_path_factory):
    """Un acuse real: la estatal (en una copia) importa el paquete y firma su acuse para la municipal."""
    copia = tmp_path_factory.mktemp("acuse") / "est"
    shutil.copytree(red["est"], copia)
    _, importado = cli(copia, "importar", str(red["valido"]))
    destino = copia.parent / "acuse.json"
    assert cli(copia, "acuse", "--paquete", importado["paquetes"][0]["paquete"], "--salida", str(destino))[0] == 0
    return json.loads(destino.read_text())


def _acuse_rechazado(red, tmp_path, texto: bytes, codigo: str, frase: str) -> None:
    municipal = tmp_path / "mun"
    shutil.copytree(red["mun"], municipal)
    archivo = tmp_path / "acuse-hostil.json"
    archivo.write_bytes(texto)
    antes = huella_base(municipal)
    salida_codigo, salida = cli(municipal, "importar", str(archivo))
    [r] = salida["paquetes"]
    assert (salida_codigo, r["resultado"], r["codigo"]) == (2, "rechazado", codigo), r["mensaje"]
    assert frase in r["mensaje"], r["mensaje"]
    assert huella_base(municipal) == antes


def _firmado_por_estatal(red, cuerpo: dict) -> dict:
    return firmar_documento(cuerpo, llaves.abrir(red["est"] / "llave_privada.json", FRASE))


def test_t10_acuse_real_se_aplica(red, acuse, tmp_path):
    municipal = tmp_path / "mun"
    shutil.copytree(red["mun"], municipal)
    archivo = tmp_path / "acuse.json"
    archivo.write_text(json.dumps(acuse, ensure_ascii=False, indent=2))
    codigo, salida = cli(municipal, "importar", str(archivo))
    assert codigo == 0 and salida["paquetes"][0]["resultado"] == "acuse_aplicado"


def test_t10_acuse_con_nan_firmado_con_la_llave_real(red, acuse, tmp_path):
    cuerpo = {k: v for k, v in acuse.items() if k != "firma"}
    cuerpo["registros"] = [{**cuerpo["registros"][0], "revision": math.nan}, *cuerpo["registros"][1:]]
    texto = json.dumps(_firmado_por_estatal(red, cuerpo)).encode()
    _acuse_rechazado(red, tmp_path, texto, "JSON_INVALIDO", "NaN")


def test_t10_acuse_con_llave_repetida_firmado_con_la_llave_real(red, acuse, tmp_path):
    """El firmante ve «aceptada»; un lector ingenuo que toma la última llave vería otra cosa."""
    texto = json.dumps(_firmado_por_estatal(red, {k: v for k, v in acuse.items() if k != "firma"}), ensure_ascii=False)
    texto = texto.replace('"estado": "aceptada"', '"estado": "aceptada", "estado": "observada"', 1)
    _acuse_rechazado(red, tmp_path, texto.encode(), "JSON_INVALIDO", "repite la llave «estado»")


def test_t10_acuse_anidado_sin_firmar(red, tmp_path):
    _acuse_rechazado(red, tmp_path, b"[" * 100_000 + b"]" * 100_000, "JSON_INVALIDO", "más de 32 niveles")


@pytest.mark.parametrize("texto, frase", [
    (b"[" * 100_000, "mide más de 65,536 bytes"),
    (b'{"formato": "fsur-ficha/1", "x": ' + b"[" * 40 + b"]" * 40 + b"}", "más de 32 niveles"),
    (b'{"formato": "fsur-ficha/1", "formato": "fsur-rotacion/1"}', "repite la llave «formato»"),
    (b'{"formato": "fsur-ficha/1", "emitida": NaN}', "NaN"),
])
def test_t10_ficha_hostil_sin_firmar(red, estatal, tmp_path, texto, frase):
    archivo = tmp_path / "ficha.json"
    archivo.write_bytes(texto)
    antes = huella_base(estatal)
    codigo, salida = cli(estatal, "registrar-oficina", str(archivo))
    assert (codigo, salida["error"]) == (2, "JSON_INVALIDO") and frase in salida["mensaje"], salida
    assert huella_base(estatal) == antes


def test_t10_ficha_autofirmada_con_llave_repetida(red, estatal, tmp_path):
    """Una oficina firma su ficha real y agrega una segunda «clave»: el registro nunca ve una ficha ambigua."""
    ficha = json.loads((red["raiz"] / "ficha-mun.json").read_text())
    texto = json.dumps(ficha, ensure_ascii=False).replace('"clave": "M07089"', '"clave": "M07089", "clave": "E07"', 1)
    archivo = tmp_path / "ficha.json"
    archivo.write_text(texto)
    antes = huella_base(estatal)
    codigo, salida = cli(estatal, "registrar-oficina", str(archivo))
    assert (codigo, salida["error"]) == (2, "JSON_INVALIDO") and "repite la llave «clave»" in salida["mensaje"]
    assert huella_base(estatal) == antes


def test_t10_aviso_de_rotacion_con_llave_repetida(red, estatal, tmp_path):
    """Un aviso firmado por las dos llaves reales de la municipal, con una «huella_nueva» repetida."""
    municipal = tmp_path / "mun"
    shutil.copytree(red["mun"], municipal)
    aviso = tmp_path / "rotacion.json"
    assert cli(municipal, "rotar-llave", "--salida", str(aviso))[0] == 0
    documento = json.loads(aviso.read_text())
    texto = json.dumps(documento)[:-1] + ', "huella_nueva": "' + "0" * 64 + '"}'
    aviso.write_text(texto)
    antes = huella_base(estatal)
    codigo, salida = cli(estatal, "registrar-oficina", str(aviso))
    assert (codigo, salida["error"]) == (2, "JSON_INVALIDO") and "repite la llave «huella_nueva»" in salida["mensaje"]
    assert huella_base(estatal) == antes


@pytest.mark.parametrize("texto, frase", [
    (b"[" * 100_000, "mide más de 64 KiB"),
    (b'{"kdf": ' + b"[" * 40 + b"]" * 40 + b"}", "más de 32 niveles"),
    (b'{"kdf": {"n": NaN}}', "NaN"),
    (b'{"kdf": {}, "kdf": {}}', "repite la llave «kdf»"),
    (b"[]", "no es un archivo de llave de este programa"),
])
def test_t10_archivo_de_llave_hostil(tmp_path, texto, frase):
    archivo = tmp_path / "llave_privada.json"
    archivo.write_bytes(texto)
    with pytest.raises(llaves.LlaveDanada) as error:
        llaves.abrir(archivo, FRASE)
    assert error.value.codigo == "LLAVE_DANADA" and frase in str(error.value)


# --- T15 y verificar --json ---------------------------------------------------------------------------------------

def test_t15_verificar_json_en_todo_rechazo(red, estatal, tmp_path):
    sin_oficina = tmp_path / "vacia"
    sin_oficina.mkdir()
    codigo, salida = cli(sin_oficina, "verificar", str(red["valido"]))
    assert codigo == 2 and set(salida) == {"valido", "codigo", "mensaje"} and salida["valido"] is False
    for archivo in (tmp_path / "no-existe.zip", tmp_path, Path("/dev/null")):
        codigo, salida = cli(estatal, "verificar", str(archivo))
        assert (codigo, salida["valido"], salida["codigo"]) == (2, False, "ZIP_INVALIDO"), salida
    falso = tmp_path / "falso.zip"
    falso.write_text("no soy un zip")
    codigo, salida = cli(estatal, "verificar", str(red["valido"]), str(falso))
    assert codigo == 2 and [(p["archivo"], p["valido"], p["codigo"]) for p in salida["paquetes"]] == [
        (str(red["valido"]), True, "VALIDO"), (str(falso), False, "ZIP_INVALIDO")]
    texto = subprocess.run([sys.executable, "main.py", "--datos", str(estatal), "verificar", str(falso)], cwd=RAIZ,
                           capture_output=True, text=True)
    assert texto.returncode == 2 and texto.stdout.startswith("ZIP_INVALIDO: El archivo no es un paquete zip válido")
