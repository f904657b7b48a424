"""T16: SIGKILL real a media exportación (antes del commit, después, durante la copia a la memoria, durante la
carátula en PDF y a media escritura de la base). Después, o no hay paquete N en ninguna parte ni registrado, o está
registrado y sus mismos bytes se escriben de nuevo con `exportar --reenviar N`; la siguiente exportación y la
importación en la estatal siguen sin REPETIDO_DISTINTO ni huecos."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from base_local.respaldos import integridad
from empaquetado.exportar import huella_de_zip
from tests.conftest import FRASE
from tests.empaquetado.util import cli, consultar, escribir_zip, miembros, red_de_oficinas

RAIZ = Path(__file__).resolve().parents[2]

# El proceso se mata a sí mismo con SIGKILL (sin finally ni atexit) en el punto elegido de la exportación real.
CORTE = """
import os, signal, sys
import empaquetado.exportar as e

def matar(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)

punto = sys.argv.pop(1)
if punto == "antes_del_commit":
    primera_fase = e.exportar
    def exportar(*a, **k):
        primera_fase(*a, **k)
        matar()
    e.exportar = exportar
elif punto == "despues_del_commit":
    e.publicar = matar
elif punto == "durante_la_copia":
    a_disco = e._a_disco
    def a_medias(destino, contenido):
        if destino.parent.name != "enviados":
            with open(destino, "wb") as archivo:
                archivo.write(contenido[: len(contenido) // 2])
            matar()
        a_disco(destino, contenido)
    e._a_disco = a_medias
elif punto == "durante_la_caratula":
    from reportlab.pdfgen import canvas
    canvas.Canvas.showPage = matar
import main
raise SystemExit(main.principal(sys.argv[1:]))
"""


def _lanzar(carpeta: Path, punto: str, *args: str) -> subprocess.Popen:
    entorno = {**os.environ, "FSUR_FRASE": FRASE}
    return subprocess.Popen([sys.executable, "-c", CORTE, punto, "--datos", str(carpeta), *args], cwd=RAIZ, env=entorno,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _paquetes_con_nombre(carpetas: list[Path], secuencia: int) -> list[Path]:
    return [a for c in carpetas if c.exists() for a in c.glob(f"envio-M07089-{secuencia:04d}-*.zip")]


def _invariante(mun: Path, usb: Path, secuencia: int, otra_usb: Path) -> bool:
    """O el paquete no existe en ninguna parte ni está registrado, o está registrado y se reescribe idéntico."""
    assert integridad(mun / "registro.sqlite") is None
    filas = consultar(mun, "select sha256 from paquete_salida where secuencia = :p0", secuencia)
    con_nombre = _paquetes_con_nombre([usb, mun / "enviados"], secuencia)
    if not filas:
        assert con_nombre == [], "quedó un paquete con nombre final que la base no registró"
        assert consultar(mun, "select count(*) from accion where pendiente_envio")[0][0] > 0
        codigo, salida = cli(mun, "exportar", "--reenviar", str(secuencia), "--salida", str(otra_usb))
        assert (codigo, salida["error"]) == (2, "PAQUETE_NO_ENVIADO")
        return False
    codigo, salida = cli(mun, "exportar", "--reenviar", str(secuencia), "--salida", str(otra_usb))
    assert codigo == 0, salida
    reenviado = Path(salida["archivo"])
    assert huella_de_zip(reenviado) == filas[0][0]
    for archivo in con_nombre:  # lo que sí alcanzó su nombre final es byte a byte lo mismo
        assert archivo.read_bytes() == reenviado.read_bytes()
    return True


def _sigue_el_flujo(red: dict[str, Path], tmp_path: Path, registrado: bool) -> None:
    """Reexportar e importar en la estatal: todo entra, nada repetido ni distinto, sin huecos."""
    entrega = tmp_path / "otra-usb"
    codigo, salida = cli(red["mun"], "demo", "--registros", "2", "--semilla", "9")
    assert codigo == 0
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(entrega))
    assert codigo == 0 and salida["secuencia"] == (2 if registrado else 1), salida
    assert not list((red["mun"] / "enviados").glob("*.parcial"))  # el provisional se saneó
    archivos = sorted(entrega.glob("envio-*.zip"))
    assert len(archivos) == salida["secuencia"]
    codigo, importados = cli(red["est"], "importar", *map(str, archivos))
    assert codigo == 0, importados
    assert [p["resultado"] for p in importados["paquetes"]] == ["importado"] * len(archivos)
    assert all(p["faltantes"] == [] for p in importados["paquetes"])
    cifras = "select count(*), sum(total) from accion where estado <> 'borrador'"
    assert consultar(red["est"], cifras) == consultar(red["mun"], cifras)


@pytest.fixture(scope="module")
def molde(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("atomica")
    red = red_de_oficinas(raiz)
    assert cli(red["mun"], "demo", "--registros", "40")[0] == 0
    return red


@pytest.fixture
def red(molde, tmp_path):
    copia = {}
    for nombre in ("mun", "est"):
        copia[nombre] = tmp_path / nombre
        shutil.copytree(molde[nombre], copia[nombre])
    return copia


@pytest.mark.parametrize("punto,registrado", [("antes_del_commit", False), ("despues_del_commit", True),
                                              ("durante_la_copia", True), ("durante_la_caratula", True)])
def test_t16_sigkill_en_un_punto_de_la_exportacion(red, tmp_path, punto, registrado):
    usb = tmp_path / "usb"
    proceso = _lanzar(red["mun"], punto, "exportar", "--salida", str(usb))
    assert proceso.wait(timeout=120) == -signal.SIGKILL
    assert _invariante(red["mun"], usb, 1, tmp_path / "otra-usb") is registrado
    if punto == "durante_la_caratula":  # la copia en la memoria ya estaba completa y es la registrada
        assert len(_paquetes_con_nombre([usb], 1)) == 1 and not list(usb.glob("*-caratula.pdf"))
    if punto == "durante_la_copia":  # en la memoria solo quedó un provisional a medias, nunca el nombre final
        assert _paquetes_con_nombre([usb], 1) == [] and list(usb.glob("*.parcial"))
    _sigue_el_flujo(red, tmp_path, registrado)


def test_t16_sigkill_a_media_escritura_de_la_base(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "6000", "--lote")[0] == 0
    cli(red["mun"], "estado")  # deja el WAL vacío antes de empezar
    wal = red["mun"] / "registro.sqlite-wal"
    inicial = wal.stat().st_size if wal.exists() else 0
    usb = tmp_path / "usb"
    proceso = _lanzar(red["mun"], "ninguno", "exportar", "--salida", str(usb))
    limite = time.monotonic() + 120
    while time.monotonic() < limite and proceso.poll() is None:
        if wal.exists() and wal.stat().st_size > inicial + 64 * 1024:
            os.kill(proceso.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    assert proceso.wait(timeout=60) == -signal.SIGKILL, "la exportación terminó antes de poder cortarla"
    registrado = _invariante(red["mun"], usb, 1, tmp_path / "otra-usb")
    _sigue_el_flujo(red, tmp_path, registrado)


def test_t16_cada_paquete_enviado_se_guarda_y_se_reenvia_igual(red, tmp_path):
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "usb"))
    assert codigo == 0
    original = Path(salida["archivo"])
    guardado = red["mun"] / "enviados" / original.name
    assert guardado.read_bytes() == original.read_bytes()
    original.unlink()  # la memoria se perdió
    codigo, otra = cli(red["mun"], "exportar", "--reenviar", "1", "--salida", str(tmp_path / "usb-nueva"))
    assert codigo == 0 and Path(otra["archivo"]).read_bytes() == guardado.read_bytes()
    assert Path(otra["caratula"]).exists()
    for n, codigo_esperado in (("2", "PAQUETE_NO_ENVIADO"), ("-1", "PAQUETE_NO_ENVIADO")):
        codigo, error = cli(red["mun"], "exportar", "--reenviar", n, "--salida", str(tmp_path / "x"))
        assert (codigo, error["error"]) == (2, codigo_esperado)
    bytes_buenos = guardado.read_bytes()
    alterado = [(n, d.replace(b'"hombres":', b'"hombres":9', 1) if n.endswith("acciones.jsonl") else d) for n, d in miembros(guardado)]
    for dano in (lambda: guardado.write_bytes(bytes_buenos[:-10]), lambda: escribir_zip(guardado, alterado), guardado.unlink):
        dano()  # la copia guardada se dañó, se alteró o se borró: se dice y no se escribe nada
        codigo, error = cli(red["mun"], "exportar", "--reenviar", "1", "--salida", str(tmp_path / "y"))
        assert (codigo, error["error"]) == (2, "ENVIADO_PERDIDO") and not (tmp_path / "y").exists()


def test_t16_memoria_que_falla_tras_el_commit(red, tmp_path):
    """Si la copia a la memoria falla, el paquete ya registrado sigue guardado y se reenvía igual."""
    no_es_carpeta = tmp_path / "memoria"
    no_es_carpeta.write_text("un archivo donde debía ir una carpeta")
    codigo, error = cli(red["mun"], "exportar", "--salida", str(no_es_carpeta))
    assert (codigo, error["error"]) == (2, "SALIDA_FALLIDA") and "Reenviar" in error["mensaje"]
    [(sha256,)] = consultar(red["mun"], "select sha256 from paquete_salida")
    codigo, salida = cli(red["mun"], "exportar", "--reenviar", "1", "--salida", str(tmp_path / "usb"))
    assert codigo == 0 and huella_de_zip(Path(salida["archivo"])) == sha256
    codigo, importado = cli(red["est"], "importar", salida["archivo"])
    assert codigo == 0 and importado["paquetes"][0]["nuevos"] == 40


@pytest.fixture(scope="module")
def molde_cifrado(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("atomica-cifrada")
    red = red_de_oficinas(raiz, cifrado=True)
    assert cli(red["mun"], "demo", "--registros", "40")[0] == 0
    return red


@pytest.mark.parametrize("punto,registrado", [("antes_del_commit", False), ("despues_del_commit", True),
                                              ("durante_la_copia", True)])
def test_t16_sigkill_exportando_cifrado(molde_cifrado, tmp_path, punto, registrado):
    """Se cifra antes de publicar: tras el corte, o no hay ni zip ni .zip.age con nombre final, o el paquete está
    registrado y `--reenviar` escribe el mismo .zip.age; después todo entra en la estatal, descifrado."""
    red = {n: tmp_path / n for n in ("mun", "est")}
    for nombre, destino in red.items():
        shutil.copytree(molde_cifrado[nombre], destino)
    usb, enviados = tmp_path / "usb", red["mun"] / "enviados"
    assert _lanzar(red["mun"], punto, "exportar", "--salida", str(usb)).wait(timeout=120) == -signal.SIGKILL
    filas = consultar(red["mun"], "select archivo from paquete_salida where secuencia = 1")
    con_nombre = [a for c in (usb, enviados) if c.exists() for a in c.glob("envio-M07089-0001-*.zip*") if a.suffix != ".parcial"]
    if not registrado:
        assert filas == [] and con_nombre == []
    else:
        assert filas[0][0].endswith(".zip.age")
        codigo, salida = cli(red["mun"], "exportar", "--reenviar", "1", "--salida", str(tmp_path / "otra-usb"))
        assert codigo == 0, salida
        reenviado = Path(salida["archivo"]).read_bytes()
        assert reenviado.startswith(b"age-encryption.org/v1\n")
        assert all(a.read_bytes() == reenviado for a in con_nombre if a.name.endswith(".age"))
    assert cli(red["mun"], "demo", "--registros", "2", "--semilla", "9")[0] == 0
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "otra-usb"))
    assert codigo == 0 and salida["secuencia"] == (2 if registrado else 1), salida
    assert not list(enviados.glob("*.parcial"))
    archivos = sorted((tmp_path / "otra-usb").glob("envio-*.zip.age"))
    assert len(archivos) == salida["secuencia"]
    codigo, importados = cli(red["est"], "importar", *map(str, archivos))
    assert codigo == 0 and [p["resultado"] for p in importados["paquetes"]] == ["importado"] * len(archivos), importados
    cifras = "select count(*), sum(total) from accion where estado <> 'borrador'"
    assert consultar(red["est"], cifras) == consultar(red["mun"], cifras)
