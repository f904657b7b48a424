"""El adversario 2 contra la verificación rápida de hoy: camino rápido de orjson, reglas abreviadas y reparto de las
reglas con el proceso de ayuda (T9, T10, T11, T13, T20).

Cada paquete hostil lo firma la municipal con su llave real. Lo que se rechaza, se rechaza con su código y la base
queda byte por byte igual; revisado uno por uno o repartido (trozos de dos registros), el mismo resultado.
"""

from __future__ import annotations

import json
import math
import random
import struct
import threading
import time
import tracemalloc

import orjson
import pytest

from base_local.apertura import abrir_base
from empaquetado import json_estricto
from empaquetado import revision_paralela as paralela
from empaquetado.json_estricto import JsonInvalido, cargar, cargar_lento
from empaquetado.verificar import peso, verificar
from tests.empaquetado.util import (
    consultar,
    fecha_futura,
    firmado,
    huella_base,
    importar_en_copia,
    red_atacable,
    url_de,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    return red_atacable(tmp_path_factory.mktemp("ataque_rapida"), 8)


def _anulada(r, **cambios):
    r.update(estado="anulada", **cambios)


def _hilos_del_reparto():
    return [t for t in threading.enumerate() if t.name == "reparto-de-reglas"]


# --- T13/T11: el texto tal como llegó -------------------------------------------------------------------------------
# Un DEL o un control C1 no necesitan escape en JSON; «\f» (y el NEL U+0085) son espacio para str.strip(), que la
# normalización aplica antes de las reglas; un registro anulado no pasa por los errores de las reglas. Antes, una línea
# sin «\u» ni «\r» se saltaba la forma del texto tal como llegó: todos estos entraban a la base.
HOSTILES = {
    "NEL al final del título": (lambda r: r.update(titulo=r["titulo"] + "\x85"), "U+0085"),
    "NEL al inicio de la descripción": (lambda r: r.update(descripcion="\x85" + r["descripcion"]), "U+0085"),
    "\\f escapado al final del título": (lambda r: r.update(titulo=r["titulo"] + "\x0c"), "U+000C"),
    "NEL en una institución": (lambda r: r.update(instituciones=["SEP\x85"]), "U+0085"),
    "DEL en el título de un anulado": (lambda r: _anulada(r, titulo="Ta\x7fller"), "U+007F"),
    "C1 en la descripción de un anulado": (lambda r: _anulada(r, descripcion="hola \x9b mundo"), "U+009B"),
    "\\b en el título de un anulado": (lambda r: _anulada(r, titulo="Ta\x08ller"), "U+0008"),
    "descripción de 30,000 en un anulado": (lambda r: _anulada(r, descripcion="x" * 30_000), "30,000 caracteres"),
    "descripción de 20,000 más espacios": (lambda r: r.update(descripcion="x" * 20_000 + " " * 500), "20,500 caracteres"),
    "60 instituciones vacías": (lambda r: r.update(instituciones=[""] * 60), "60 elementos"),
}


@pytest.mark.parametrize("caso", list(HOSTILES))
def test_t13_t11_texto_crudo_sin_escapes_se_rechaza(red, tmp_path, caso):
    cambio, motivo = HOSTILES[caso]
    paquete = firmado(red, tmp_path, lambda rs: cambio(rs[3]))
    copia, antes, (codigo, resultado, clave, mensaje) = importar_en_copia(red, tmp_path, paquete, "receptor")
    assert (codigo, resultado, clave) == (2, "rechazado", "REGLA_INCUMPLIDA"), mensaje
    assert motivo in mensaje
    assert huella_base(copia) == antes


def test_texto_limpio_con_acentos_y_espacios_no_se_rechaza(red, tmp_path):
    """Un NBSP (U+00A0), U+2028 y acentos no son controles: el paquete entra (sin falsos positivos)."""
    paquete = firmado(red, tmp_path, lambda rs: rs[3].update(titulo="Taller\u00a0de café", descripcion="uno\u2028dos ñ"))
    _, _, (codigo, resultado, _, mensaje) = importar_en_copia(red, tmp_path, paquete, "receptor")
    assert (codigo, resultado) == (0, "importado"), mensaje


# --- Reparto: el mismo resultado que uno por uno --------------------------------------------------------------------


def _linea_enorme(r):
    """Más de 4 MiB que no se comprimen (una bomba zip se rechazaría antes, por otra razón)."""
    r["descripcion"] = random.Random(1).randbytes(3_300_000).hex()[:4_300_000]


REPARTIDOS = {
    "reglas en el 1 y línea de más de 4 MiB en el 4": lambda rs: (fecha_futura(rs[1]), _linea_enorme(rs[4])),
    "línea de más de 4 MiB en el 2 y reglas en el 5": lambda rs: (_linea_enorme(rs[2]), fecha_futura(rs[5])),
    "reglas justo al inicio de un trozo (2) y al final de otro (5)": lambda rs: (fecha_futura(rs[5]), fecha_futura(rs[2])),
    "id repetido entre trozos y reglas en el mismo registro": lambda rs: (fecha_futura(rs[6]), rs[6].update(id=rs[0]["id"])),
    "control crudo en un anulado y reglas después": lambda rs: (_anulada(rs[2], titulo="Ta\x85"), fecha_futura(rs[4])),
}


@pytest.mark.parametrize("caso", list(REPARTIDOS))
def test_repartido_rechaza_igual_que_uno_por_uno(red, tmp_path, monkeypatch, repartir, caso):
    paquete = firmado(red, tmp_path, REPARTIDOS[caso])
    monkeypatch.setenv("FSUR_UN_PROCESO", "1")
    _, _, esperado = importar_en_copia(red, tmp_path, paquete, "uno")
    monkeypatch.delenv("FSUR_UN_PROCESO")
    dos, antes, obtenido = importar_en_copia(red, tmp_path, paquete, "dos")
    assert esperado[:2] == (2, "rechazado") and esperado[2] != "ERROR_INTERNO", esperado
    assert obtenido == esperado
    assert huella_base(dos) == antes
    time.sleep(0.2)
    assert not _hilos_del_reparto(), "el hilo del reparto quedó esperando trozos"


def test_si_la_revision_se_corta_el_hilo_del_reparto_termina(red, tmp_path, monkeypatch, repartir):
    """Una falla interna a media lectura (una fuente de fallas, no una entrada) no deja el hilo del reparto vivo."""
    from empaquetado.revision_registros import RevisorDeRegistros

    original, vistos = RevisorDeRegistros.revisar_sin_reglas, []

    def fallar(self, r):
        vistos.append(1)
        if len(vistos) == 5:
            raise RuntimeError("falla simulada")
        original(self, r)
    monkeypatch.setattr(RevisorDeRegistros, "revisar_sin_reglas", fallar)
    base = abrir_base(url_de(red["est"]))
    try:
        with base.transaccion() as s, pytest.raises(RuntimeError):
            verificar(s, red["valido"])
    finally:
        base.cerrar()
    time.sleep(0.2)
    assert not _hilos_del_reparto()


def test_dos_verificaciones_a_la_vez_comparten_el_proceso_de_ayuda(red, tmp_path, monkeypatch, repartir):
    """Dos hilos verifican a la vez (uno válido, otro con una regla rota en el último registro): cada uno obtiene lo
    mismo que solo, aunque el proceso de ayuda atienda a los dos."""
    hostil = firmado(red, tmp_path, lambda rs: fecha_futura(rs[7]))
    bases = [abrir_base(url_de(red["est"])) for _ in range(2)]
    resultados: dict[str, list] = {"valido": [], "hostil": []}

    def revisar(base, nombre, paquete):
        for _ in range(4):
            with base.transaccion() as s:
                v = verificar(s, paquete)
                resultados[nombre].append((v.codigo, v.mensaje, v.total))
                s.rollback()
    try:
        hilos = [threading.Thread(target=revisar, args=(bases[0], "valido", red["valido"])),
                 threading.Thread(target=revisar, args=(bases[1], "hostil", hostil))]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join(60)
    finally:
        for b in bases:
            b.cerrar()
    assert {x[0] for x in resultados["valido"]} == {"VALIDO"} and len(resultados["valido"]) == 4
    assert {x[0] for x in resultados["hostil"]} == {"REGLA_INCUMPLIDA"} and len(resultados["hostil"]) == 4
    assert len(set(resultados["hostil"])) == 1 and "futura" in resultados["hostil"][0][1]


def _ayudantes_vivos() -> list[int]:
    """Los procesos de ayuda hijos de este proceso (Linux: /proc)."""
    import os
    from pathlib import Path

    vivos = []
    for proc in Path("/proc").iterdir():
        try:
            estado = (proc / "status").read_text()
            linea = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        padre = next((x.split()[1] for x in estado.splitlines() if x.startswith("PPid:")), "")
        if padre == str(os.getpid()) and b"empaquetado.ayudante_reglas" in linea and "State:\tZ" not in estado:
            vivos.append(int(proc.name))
    return vivos


@pytest.mark.skipif(not __import__("pathlib").Path("/proc/self/status").exists(), reason="cuenta procesos en /proc")
def test_dos_importaciones_que_empiezan_a_la_vez_arrancan_un_solo_proceso_de_ayuda(monkeypatch, repartir):
    if paralela._ayudante is not None:
        paralela._ayudante.cerrar()
    salida = threading.Barrier(6)
    obtenidos = []

    def arrancar():
        salida.wait()
        obtenidos.append(paralela.preparar(paralela.UMBRAL))
    hilos = [threading.Thread(target=arrancar) for _ in range(6)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(30)
    assert len(obtenidos) == 6 and len({id(x) for x in obtenidos}) == 1 and obtenidos[0] is not None
    assert _ayudantes_vivos() == [obtenidos[0].proceso.pid]


# --- T9: el peso de lo que se conserva ya analizado -----------------------------------------------------------------


def _ocupa(linea: bytes) -> int:
    tracemalloc.start()
    try:
        valor = cargar(linea, "x", json_estricto.MAX_LINEA)
        ocupa, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del valor
    return ocupa


FORMAS = {
    "{} vacíos": lambda: [{} for _ in range(60_000)],
    "[] vacías": lambda: [[] for _ in range(60_000)],
    "cifras de tres dígitos": lambda: [random.Random(2).randint(300, 999) for _ in range(40_000)],
    "flotantes": lambda: [float(i % 9) for i in range(40_000)],
    "objetos con null": lambda: [{"a": None} for _ in range(60_000)],
    "textos cortos fuera de Latin-1": lambda: ["ĉĉ"] * 100_000,
    "un texto largo con un emoji": lambda: "a" * 500_000 + "😀",
}


@pytest.mark.parametrize("forma", list(FORMAS))
def test_t9_el_peso_acota_lo_que_ocupa_un_registro_analizado(forma):
    """Antes el peso era bytes + 24 por comilla: una línea de {} ocupaba 24 veces su peso (128 MiB de peso ≈ 3 GiB)."""
    linea = orjson.dumps({"historial": [{"cambios": {"x": FORMAS[forma]()}}]}, option=orjson.OPT_SORT_KEYS)
    assert _ocupa(linea) <= 1.3 * peso(linea)


# --- T10: el camino rápido de orjson da lo mismo que el lento -------------------------------------------------------


def _ambos(datos: bytes):
    def uno(f):
        try:
            return ("valor", f())
        except JsonInvalido:
            return ("rechazo", None)
    def lento():
        json_estricto._revisar_forma(datos, "x")  # la forma (profundidad, tamaño) se revisa antes de ambos caminos
        return cargar_lento(datos.decode("utf-8"), "x")
    return uno(lambda: cargar(datos, "x", json_estricto.MAX_LINEA)), uno(lento)


def _mismo(a, b) -> bool:
    """El mismo valor con los mismos tipos, signo del cero y orden de llaves."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_mismo(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_mismo, a, b))
    return a == b


CANONICOS = [
    b"-0.0", b"0.0", b"[-0.0,0]", b"9223372036854775807", b"9223372036854775808", b"18446744073709551615",
    b"-9223372036854775808", b"1e16", b"1e+16", b"1e-7", b"5e-324", b"1.7976931348623157e308", b"123456789012345680.0",
    b"[1.0,1,true,1]", '"\u2028\u2029\x7f\x85\x9f\u00a0"'.encode(), '{"é":1,"z":2}'.encode(), '{"z":1,"é":2}'.encode(),
    '{"\U0001f600":1,"\uffff":2}'.encode(), '{"\uffff":1,"\U0001f600":2}'.encode(), b'{"A":1,"a":2}', b'{"a":1,"A":2}',
    b'{"":1,"":1}', b'{"a":[{"b":{"c":1,"c":1}}]}', b'"\\u00e9"', b'"\\ud83d\\ude00"', '\ufeff{"a":1}'.encode(),
    b'"\\u0000"', b'"\\u007f"', b"[" * 32 + b"]" * 32, b"[" * 33 + b"]" * 33, b'{"a":1}\n', b" 1", b"1 ",
]


@pytest.mark.parametrize("datos", CANONICOS, ids=lambda d: d[:24].decode("utf-8", "replace"))
def test_t10_camino_rapido_da_lo_mismo_que_el_lento(datos):
    rapido, lento = _ambos(datos)
    assert rapido[0] == lento[0] and _mismo(rapido[1], lento[1])


def test_t10_flotantes_al_azar_por_sus_bits():
    """Cualquier flotante finito que orjson escribe (su forma más corta) se lee con los mismos bits por ambos caminos."""
    azar = random.Random(3)
    for _ in range(20_000):
        x = struct.unpack("<d", azar.randbytes(8))[0]
        if not math.isfinite(x):
            continue
        datos = orjson.dumps([x, {"v": x}])
        rapido, lento = _ambos(datos)
        assert rapido[0] == lento[0] == "valor" and _mismo(rapido[1], lento[1]), datos
        assert json.loads(datos)[0] == x


def test_fila_importada_sin_controles(red, tmp_path):
    """El paquete válido entra igual que siempre con la forma del texto revisada en cada registro."""
    copia, _, (codigo, resultado, _, mensaje) = importar_en_copia(red, tmp_path, red["valido"], "receptor")
    assert (codigo, resultado) == (0, "importado"), mensaje
    assert len(consultar(copia, "select id from accion")) == 8
