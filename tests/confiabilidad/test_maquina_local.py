"""La máquina local (T17, T18, T19): un escritor por archivo de base, llaves privadas de verdad privadas y
cualquier nombre de carpeta. Cada entrada mala: código estable, mensaje en español, nada cambia (T15, T20)."""

from __future__ import annotations

import base64
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

import main
from base_local.rutas import Rutas, archivo_sqlite, url_sqlite
from empaquetado import llaves
from tests.conftest import FRASE, crear_oficina
from tests.empaquetado.util import cli, red_con_paquete

RAIZ = Path(__file__).resolve().parents[2]


def _url(carpeta: Path) -> str:
    """--base escrito como lo escribiría una persona que apunta al SQLite de otra carpeta."""
    return url_sqlite(Rutas(carpeta).base).render_as_string()


def _filas(archivo: Path, sql: str) -> list[tuple]:
    import sqlite3

    con = sqlite3.connect(f"{archivo.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _foto(carpeta: Path) -> dict[str, bytes]:
    """Todo lo que hay en una carpeta, byte a byte (salvo los archivos de candado)."""
    return {str(p.relative_to(carpeta)): p.read_bytes() for p in sorted(carpeta.rglob("*"))
            if p.is_file() and not p.name.endswith(".en-uso")}


def _rechazo(codigo: int, salida: dict, esperado: str) -> str:
    assert codigo == 2, salida
    assert salida["error"] == esperado, salida
    assert "ERROR_INTERNO" not in json.dumps(salida) and "Traceback" not in salida["mensaje"]
    return salida["mensaje"]


def _retener(argv: list[str]) -> subprocess.Popen:
    """Otro proceso con los candados que `main` tomaría para `argv`, hasta que se le mate."""
    guion = ("import sys, time\nfrom ordenes.entrada import candado, construir_analizador\n"
             "args = construir_analizador().parse_args(sys.argv[1:])\n"
             "with candado(args):\n    print('listo', flush=True); time.sleep(120)")
    proceso = subprocess.Popen([sys.executable, "-c", guion, *argv], cwd=RAIZ, stdout=subprocess.PIPE, text=True)
    assert proceso.stdout.readline().strip() == "listo"
    return proceso


def _soltar(proceso: subprocess.Popen) -> None:
    os.kill(proceso.pid, signal.SIGKILL)  # aun muerto de golpe, el sistema libera los candados
    proceso.wait()
    time.sleep(0.1)


# --- T17: un escritor por archivo de base; los respaldos copian ese archivo ---

def test_t17_dos_carpetas_que_comparten_la_base_no_importan_a_la_vez(tmp_path):
    """El caso del issue: una segunda carpeta de datos usa por --base el SQLite de la estatal (aquí «central»)."""
    carpetas, paquete = red_con_paquete(tmp_path, 3)
    central = carpetas["est"]  # la que registró a la municipal que firmó el paquete
    otra = tmp_path / "otra-carpeta"
    crear_oficina(otra, "estatal")  # con su propia base, que NO es la que se usa
    base_central = Rutas(central).base
    antes, antes_otra = base_central.read_bytes(), Rutas(otra).base.read_bytes()

    # 1) la central trabaja sobre su carpeta; la otra carpeta intenta importar en la MISMA base
    retenedor = _retener(["--datos", str(central), "importar", str(paquete)])
    try:
        mensaje = _rechazo(*cli(otra, "--base", _url(central), "importar", str(paquete)), "BASE_EN_USO")
        assert f"proceso {retenedor.pid}" in mensaje and str(base_central) in mensaje and "Nada cambió" in mensaje
        # la misma base escrita de otra forma (enlace simbólico a la carpeta) sigue siendo la misma base
        enlace = tmp_path / "enlace"
        enlace.symlink_to(central)
        _rechazo(*cli(otra, "--base", url_sqlite(enlace / "registro.sqlite").render_as_string(), "estado"), "BASE_EN_USO")
    finally:
        _soltar(retenedor)
    assert base_central.read_bytes() == antes and Rutas(otra).base.read_bytes() == antes_otra

    # 2) al revés: la otra carpeta trabaja con --base sobre la central; la central no entra
    retenedor = _retener(["--datos", str(otra), "--base", _url(central), "importar", str(paquete)])
    try:
        _rechazo(*cli(central, "importar", str(paquete)), "BASE_EN_USO")
    finally:
        _soltar(retenedor)
    assert base_central.read_bytes() == antes

    # 3) ya sin nadie más: importa, y el respaldo automático previo es de la base central, no de la otra carpeta
    codigo, salida = cli(otra, "--base", _url(central), "importar", str(paquete))
    assert codigo == 0, salida
    assert _filas(base_central, "select count(*) from accion")[0][0] == 3
    assert Rutas(otra).base.read_bytes() == antes_otra
    (previo,) = (Rutas(otra).respaldos).glob("antes-de-importar-*.sqlite")
    registradas = {f[0] for f in _filas(previo, "select clave from oficina")}
    assert "M07089" in registradas  # la municipal que registró la estatal: no es la base propia de la otra carpeta
    assert "M07089" not in {f[0] for f in _filas(Rutas(otra).base, "select clave from oficina")}


def test_t17_respaldo_y_restaurar_usan_la_base_de_base(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    crear_oficina(a, "municipal")
    crear_oficina(b, "estatal")
    assert cli(a, "demo", "--registros", "5")[0] == 0
    base_a, base_b = Rutas(a).base, Rutas(b).base
    intacta_b = base_b.read_bytes()

    codigo, salida = cli(b, "--base", _url(a), "respaldo")
    assert codigo == 0, salida
    copia = Path(salida["copia"])
    assert copia.parent == Rutas(b).respaldos
    assert _filas(copia, "select count(*) from accion")[0][0] == 5
    assert _filas(copia, "select valor from ajuste where clave = 'oficina_local'")[0][0] == "M07089"

    assert cli(b, "--base", _url(a), "demo", "--registros", "3", "--semilla", "7")[0] == 0
    assert _filas(base_a, "select count(*) from accion")[0][0] == 8
    intacta_a = base_a.read_bytes()
    codigo, salida = cli(b, "--base", _url(a), "restaurar", "--copia", str(copia))
    assert (codigo, salida["error"]) == (2, "RESPALDO_DE_OTRA_OFICINA"), salida  # T21: la llave de la carpeta b es de E07
    assert base_a.read_bytes() == intacta_a
    Rutas(b).llave_privada.write_bytes(Rutas(a).llave_privada.read_bytes())  # la carpeta con la llave de la base usada
    codigo, salida = cli(b, "--base", _url(a), "restaurar", "--copia", str(copia))
    assert codigo == 0, salida
    assert _filas(base_a, "select count(*) from accion")[0][0] == 5
    assert base_b.read_bytes() == intacta_b  # la base de la carpeta b nunca se tocó


# --- T18: llaves privadas de verdad privadas; una llave dañada no es una falla interna ---

def _modo(ruta: Path) -> int:
    return stat.S_IMODE(ruta.stat().st_mode)


@pytest.mark.skipif(os.name == "nt", reason="permisos POSIX")
def test_t18_llave_0600_y_carpeta_0700_al_crear_y_al_rotar(tmp_path):
    carpeta = tmp_path / "ofi"
    anterior = os.umask(0o022)  # la de casi todo sistema: sin cuidado, la llave quedaría -rw-r--r--
    try:
        crear_oficina(carpeta)
    finally:
        os.umask(anterior)
    llave = Rutas(carpeta).llave_privada
    assert _modo(carpeta) == 0o700 and _modo(llave) == 0o600
    codigo, salida = cli(carpeta, "rotar-llave", "--salida", str(tmp_path / "aviso.json"))
    assert codigo == 0, salida
    assert _modo(llave) == 0o600 and not list(carpeta.glob("*.nueva"))
    llaves.abrir(llave, FRASE)


@pytest.mark.skipif(os.name == "nt", reason="permisos POSIX")
def test_t18_llave_de_version_anterior_se_corrige_al_abrir(tmp_path):
    carpeta = tmp_path / "vieja"
    crear_oficina(carpeta)
    llave = Rutas(carpeta).llave_privada
    carpeta.chmod(0o755)
    llave.chmod(0o644)  # como la dejaban las versiones anteriores
    assert cli(carpeta, "estado")[0] == 0
    assert _modo(carpeta) == 0o700 and _modo(llave) == 0o600
    llave.chmod(0o644)
    llaves.abrir(llave, FRASE)  # también quien abre la llave directamente la corrige
    assert _modo(llave) == 0o600


def _sellada(carpeta: Path) -> dict:
    return json.loads(Rutas(carpeta).llave_privada.read_text(encoding="utf-8"))


def _b64(n: int) -> str:
    return base64.b64encode(b"\x01" * n).decode()


def _con(ruta: tuple[str, ...], valor):
    def cambiar(d: dict) -> dict:
        destino = d
        for parte in ruta[:-1]:
            destino = destino[parte]
        if valor is _QUITAR:
            del destino[ruta[-1]]
        else:
            destino[ruta[-1]] = valor
        return d
    return cambiar


_QUITAR = object()
_OTRA_PUBLICA = base64.b64encode(llaves.generar().publica).decode()

# Archivos de llave hechos a mano como los dejaría un disco que falla, una copia a medias o alguien que los altera.
LLAVES_DANADAS = {
    "truncada": lambda crudo: crudo[: len(crudo) // 2],
    "vacia": lambda crudo: b"",
    "no_utf8": lambda crudo: b"\xff\xfe" + crudo,
    "lista": lambda crudo: b"[1, 2, 3]",
    "anidada": lambda crudo: b"[" * 30_000 + b"]" * 30_000,
    "enorme": lambda crudo: b" " * (2 * 1024 * 1024) + crudo,
    "otro_formato": _con(("formato",), "fsur-llave-privada/9"),
    "sin_kdf": _con(("kdf",), _QUITAR),
    "kdf_argon": _con(("kdf", "nombre"), "argon2id"),
    "n_enorme": _con(("kdf", "n"), 2**40),
    "n_un_giga": _con(("kdf", "n"), 2**20),
    "n_no_potencia": _con(("kdf", "n"), 131071),
    "n_texto": _con(("kdf", "n"), "131072"),
    "n_booleano": _con(("kdf", "n"), True),
    "n_fraccion": _con(("kdf", "n"), 131072.5),
    "n_negativo": _con(("kdf", "n"), -(2**17)),
    "r_cero": _con(("kdf", "r"), 0),
    "r_enorme": _con(("kdf", "r"), 10**9),
    "p_cero": _con(("kdf", "p"), 0),
    "p_enorme": _con(("kdf", "p"), 2**30),
    "sal_no_base64": _con(("kdf", "sal"), "¿esto?"),
    "sal_corta": _con(("kdf", "sal"), _b64(4)),
    "sal_nula": _con(("kdf", "sal"), None),
    "nonce_largo": _con(("cifrado", "nonce"), _b64(16)),
    "datos_truncados": _con(("cifrado", "datos"), _b64(20)),
    "sin_publica": _con(("publica",), _QUITAR),
    "publica_corta": _con(("publica",), _b64(31)),
    "otra_publica": _con(("publica",), _OTRA_PUBLICA),
    "huella_alterada": _con(("huella",), "0" * 64),
}


@pytest.fixture(scope="module")
def oficina_con_llave(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("llaves") / "ofi"
    crear_oficina(carpeta)
    return carpeta


@pytest.mark.parametrize("caso", LLAVES_DANADAS)
def test_t18_llave_danada_da_un_mensaje_claro(oficina_con_llave, tmp_path, caso):
    llave = Rutas(oficina_con_llave).llave_privada
    original = llave.read_bytes()
    alterar = LLAVES_DANADAS[caso]
    try:
        alterada = alterar(original) if caso in ("truncada", "vacia", "no_utf8", "lista", "anidada", "enorme") else \
            json.dumps(alterar(json.loads(original))).encode()
        llave.write_bytes(alterada)
        antes = _foto(oficina_con_llave)
        inicio = time.perf_counter()
        codigo, salida = cli(oficina_con_llave, "ficha", "--salida", str(tmp_path / "ficha.json"))
        mensaje = _rechazo(codigo, salida, "LLAVE_DANADA")
        assert time.perf_counter() - inicio < 10  # nada se derivó con parámetros absurdos
        assert str(llave) in mensaje and "dañado o fue alterado" in mensaje and "copia de seguridad" in mensaje
        assert _foto(oficina_con_llave) == antes and not (tmp_path / "ficha.json").exists()
    finally:
        llave.write_bytes(original)


def test_t18_publica_cambiada_con_su_huella_no_abre(oficina_con_llave, tmp_path):
    """Quien cambia la pública y recalcula la huella no logra otra cosa que una llave que no abre (va en el AAD)."""
    llave = Rutas(oficina_con_llave).llave_privada
    original = llave.read_bytes()
    otra = llaves.generar().publica
    datos = json.loads(original)
    datos["publica"], datos["huella"] = base64.b64encode(otra).decode(), llaves.huella(otra)
    try:
        llave.write_bytes(json.dumps(datos).encode())
        mensaje = _rechazo(*cli(oficina_con_llave, "ficha", "--salida", str(tmp_path / "f.json")), "FRASE_INCORRECTA")
        assert "fue alterado" in mensaje
    finally:
        llave.write_bytes(original)


def test_t18_scrypt_absurdo_no_cuesta_memoria_ni_tiempo(oficina_con_llave, tmp_path):
    """N = 2^30 (128 GiB si se derivara): memoria pico y tiempo medidos en el proceso que abre la llave."""
    copia = tmp_path / "ofi"
    copia.mkdir(mode=0o700)
    datos = _sellada(oficina_con_llave)
    datos["kdf"]["n"] = 2**30
    (copia / "llave_privada.json").write_text(json.dumps(datos), encoding="utf-8")
    guion = ("import sys, time, main\n"
             "inicio = time.perf_counter()\n"
             "from empaquetado import llaves\n"
             "try:\n    llaves.abrir(__import__('pathlib').Path(sys.argv[1]), 'frase de prueba suficientemente larga')\n"
             "except llaves.LlaveDanada as e:\n    print(e.codigo)\n"
             "print(time.perf_counter() - inicio)\n"
             "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])")
    salida = subprocess.run([sys.executable, "-c", guion, str(copia / "llave_privada.json")], cwd=RAIZ,
                            capture_output=True, text=True, check=True).stdout.split()
    codigo, segundos, pico_kib = salida[0], float(salida[1]), int(salida[2])
    assert codigo == "LLAVE_DANADA"
    assert segundos < 5 and pico_kib < 300 * 1024, (segundos, pico_kib)


def test_t18_parametros_en_cota_siguen_abriendo(tmp_path):
    """Las cotas no rechazan llaves buenas: una sellada con N = 2^14 abre con su frase."""
    nueva = llaves.generar()
    archivo = tmp_path / "llave_privada.json"
    llaves.guardar(archivo, llaves.sellar(nueva.privada, FRASE, "M07089", n=2**14))
    assert llaves.publica_cruda(llaves.abrir(archivo, FRASE)) == nueva.publica


# --- T19: cualquier nombre de carpeta; las URL de base son objetos URL ---

NOMBRES = ["con espacios", "pregunta?x=1", "por%ciento", "barra%2Fcodificada", "gato#1", "acentuación ñandú",
           "todo junto ?#%20 é"]


@pytest.mark.parametrize("nombre", NOMBRES)
def test_t19_cualquier_nombre_de_carpeta_funciona(tmp_path, nombre):
    padre = tmp_path / "padre"
    padre.mkdir()
    carpeta = padre / nombre
    codigo, salida = cli(carpeta, "inicializar", "--tipo", "municipal", "--entidad", "07", "--municipio", "07089",
                         "--nombre", "Oficina Municipal de Tapachula", "--responsable", "Ana López")
    assert codigo == 0, salida
    assert [p.name for p in padre.iterdir()] == [nombre]  # nada se escribió fuera de la carpeta pedida
    assert Rutas(carpeta).base.is_file()
    assert cli(carpeta, "demo", "--registros", "4")[0] == 0
    codigo, salida = cli(carpeta, "respaldo")
    assert codigo == 0 and Path(salida["copia"]).parent == carpeta / "respaldos", salida
    assert cli(carpeta, "demo", "--registros", "2", "--semilla", "3")[0] == 0
    assert cli(carpeta, "restaurar", "--copia", salida["copia"])[0] == 0
    codigo, salida = cli(carpeta, "estado")
    assert codigo == 0 and salida["carpeta"] == str(carpeta.resolve()), salida
    assert _filas(Rutas(carpeta).base, "select count(*) from accion")[0][0] == 4
    # también como --base, escrito con la ruta codificada (%3F, %23, %25…)
    codigo, salida = cli(tmp_path / "otra", "--base", _url(carpeta), "estado")
    assert codigo == 0, salida
    assert [p.name for p in padre.iterdir()] == [nombre]


def test_t19_url_de_la_carpeta_es_un_objeto_url(tmp_path):
    rutas = Rutas(tmp_path / "a?b#c%2Fd ñ")
    assert isinstance(rutas.url_base, URL)
    assert rutas.url_base.database == str(rutas.base)
    assert archivo_sqlite(rutas.url_base) == rutas.base.resolve()
    assert archivo_sqlite(rutas.url_base.render_as_string()) == rutas.base.resolve()  # ida y vuelta por texto


def _malas(tmp_path: Path) -> list[tuple[list[str], str, str]]:
    archivo = tmp_path / "soy-un-archivo"
    archivo.write_text("no soy carpeta", encoding="utf-8")
    buena = tmp_path / "buena"
    return [
        (["--datos", str(archivo), "estado"], "DATOS_NO_ES_CARPETA", "es un archivo"),
        (["--datos", str(archivo), "inicializar", "--tipo", "central", "--nombre", "x", "--responsable", "y"],
         "DATOS_NO_ES_CARPETA", "es un archivo"),
        (["--datos", str(archivo / "sub"), "estado"], "DATOS_NO_ES_CARPETA", "que es un archivo"),
        (["--datos", str(buena), "--base", "sqlite:///:memory:", "estado"], "BASE_INVALIDA", "en memoria"),
        (["--datos", str(buena), "--base", "sqlite://", "demo"], "BASE_INVALIDA", "en memoria"),
        (["--datos", str(buena), "--base", f"sqlite:///{buena}?x/registro.sqlite", "estado"], "BASE_INVALIDA", "%3F"),
        (["--datos", str(buena), "--base", f"sqlite:///{tmp_path}/a#b/registro.sqlite", "estado"], "BASE_INVALIDA", "%23"),
        (["--datos", str(buena), "--base", "esto no es una url", "estado"], "BASE_INVALIDA", "no es una URL"),
        (["--datos", str(buena), "--base", "mysql://u@h/b", "estado"], "BASE_INVALIDA", "controlador"),
        (["--datos", str(buena), "--base", f"sqlite:///{tmp_path}", "estado"], "BASE_INVALIDA", "es una carpeta"),
        (["--datos", str(buena), "--base", f"sqlite:///{tmp_path}/no/existe.sqlite", "estado"], "BASE_INVALIDA", "no existe"),
        (["--datos", "~usuario-que-no-existe-fsur/x", "--base", "sqlite:///:memory:", "estado"], "BASE_INVALIDA", "memoria"),
        (["--datos", str(tmp_path / ("n" * 300)), "estado"], "DATOS_NO_ES_CARPETA", "no se puede usar"),
        (["--datos", str(buena), "--base", f"sqlite:///{tmp_path}/{'n' * 300}/r.sqlite", "estado"], "BASE_INVALIDA",
         "no se puede usar"),
    ]


def test_t19_carpetas_y_bases_malas_dan_salida_2_con_mensaje(tmp_path, capsys):
    buena = tmp_path / "buena"
    crear_oficina(buena)
    for argv, codigo, fragmento in _malas(tmp_path):
        antes = _foto(tmp_path)
        assert main.principal(["--json", *argv]) == 2, argv
        salida = json.loads(capsys.readouterr().out)
        mensaje = _rechazo(2, salida, codigo)
        assert fragmento in mensaje and "Nada cambió" in mensaje, (argv, mensaje)
        assert _foto(tmp_path) == antes, argv  # T20: ni la base ni nada más cambió
        assert sorted(p.name for p in tmp_path.iterdir()) == ["buena", "soy-un-archivo"]


def test_t17_configuracion_respalda_y_restaura_la_base_de_base(qtbot, tmp_path):
    """En la ventana abierta con --base: Respaldar y Restaurar usan esa base, no el SQLite de la carpeta."""
    from base_local.apertura import abrir_base
    from escritorio.contexto import ContextoApp
    from escritorio.pagina_configuracion import PaginaConfiguracion

    a, b = tmp_path / "a", tmp_path / "b"
    crear_oficina(a, "municipal")
    crear_oficina(b, "estatal")
    assert cli(a, "demo", "--registros", "4")[0] == 0
    intacta_b = Rutas(b).base.read_bytes()
    Rutas(b).llave_privada.write_bytes(Rutas(a).llave_privada.read_bytes())  # T21: la llave de la oficina de la base usada
    ctx = ContextoApp(Rutas(b), abrir_base(Rutas(a).url_base), pedir_frase=lambda padre, motivo: FRASE)
    pagina = PaginaConfiguracion(ctx)
    qtbot.addWidget(pagina)
    pagina.findChildren(object, "respaldar")[0].click()
    assert "Copia de seguridad guardada" in pagina.mensaje.text()
    (copia,) = Rutas(b).respaldos.glob("manual-*.sqlite")
    assert _filas(copia, "select count(*) from accion")[0][0] == 4
    assert cli(a, "demo", "--registros", "2", "--semilla", "5")[0] == 0
    pagina.elegir_respaldo = lambda: str(copia)
    from PySide6.QtCore import Qt

    from tests.escritorio.conftest import contestar

    contestar(Qt.Key.Key_R)  # «Restaurar y reemplazar»: restaurar pregunta primero
    pagina.findChildren(object, "restaurar")[0].click()
    assert "Base restaurada" in pagina.mensaje.text()
    with ctx.base.motor.connect() as con:
        assert con.exec_driver_sql("select count(*) from accion").scalar() == 4
    ctx.base.cerrar()
    assert _filas(Rutas(a).base, "select count(*) from accion")[0][0] == 4
    assert Rutas(b).base.read_bytes() == intacta_b
