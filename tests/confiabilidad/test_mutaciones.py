"""Mutaciones de paquetes, acuses, avisos de rotación y libros de Excel (hypothesis): nunca una excepción sin
atrapar ni FALLA_AL_PROCESAR, todo rechazo con código, y la base igual después de cada rechazo.

El mutador firmado juega a la oficina comprometida (adversario 2): cambia registros, envio.json, acuses y avisos,
también como texto (NaN, llaves repetidas, anidamiento, sustitutos sueltos), y los firma con la llave privada real.
`make fuzz` corre 5,000 casos por prueba o los que diga FSUR_FUZZ_EJEMPLOS."""

import base64
import io
import json
import os
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from base_local.apertura import abrir_base
from base_local.errores import EntradaRechazada
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from empaquetado import llaves
from empaquetado.confianza import firmar_documento, leer_documento, registrar
from empaquetado.formato import json_canonico
from empaquetado.recepcion import aplicar_acuse, importar_uno
from empaquetado.verificar import MENSAJES
from formularios.carga_excel import cargar
from formularios.servicio import contexto_para
from tests.conftest import FRASE
from tests.empaquetado.util import cli, red_con_paquete, refirmar
from tests.reportes.test_carga_excel import FILA, llenar

EJEMPLOS = int(os.environ.get("FSUR_FUZZ_EJEMPLOS", "120"))
AJUSTES = settings(max_examples=EJEMPLOS, deadline=None, derandomize=os.environ.get("FSUR_FUZZ_EJEMPLOS") is None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CODIGOS = set(MENSAJES) - {"FALLA_AL_PROCESAR"} | {"VALIDO", "DUPLICADO"}
ESTADO = ("select (select count(*) from accion), (select count(*) from historial), (select count(*) from paquete_entrada),"
          " (select count(*) from conflicto), (select coalesce(sum(total), 0) from accion)")


class Receptor:
    """La oficina estatal que recibe; se restaura de su copia cuando un caso sí se importa."""

    def __init__(self, carpeta: Path, copia: Path) -> None:
        self.carpeta, self.copia = carpeta, copia
        self.base = abrir_base(Rutas(carpeta).url_base)

    def estado(self) -> tuple:
        with self.base.motor.connect() as con:
            return tuple(con.exec_driver_sql(ESTADO).one())

    def restaurar(self) -> None:
        self.base.cerrar()
        for sufijo in ("-wal", "-shm"):
            Path(f"{self.carpeta / 'registro.sqlite'}{sufijo}").unlink(missing_ok=True)
        shutil.copy(self.copia, self.carpeta / "registro.sqlite")
        self.base = abrir_base(Rutas(self.carpeta).url_base)


@pytest.fixture(scope="module")
def escenario(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("mutaciones")
    red, paquete = red_con_paquete(raiz, 4)
    cli(red["est"], "estado")
    copia = raiz / "est-copia.sqlite"
    import sqlite3

    con = sqlite3.connect(red["est"] / "registro.sqlite")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copy(red["est"] / "registro.sqlite", copia)
    receptor = Receptor(red["est"], copia)
    _, importado = cli(red["est"], "importar", str(paquete))  # el acuse real que la estatal firma para la municipal
    assert cli(red["est"], "acuse", "--paquete", importado["paquetes"][0]["paquete"], "--salida", str(raiz / "acuse.json"))[0] == 0
    receptor.restaurar()
    for carpeta in (red["mun"],):
        con = sqlite3.connect(carpeta / "registro.sqlite")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
    shutil.copy(red["mun"] / "registro.sqlite", raiz / "mun-copia.sqlite")
    municipal = Receptor(red["mun"], raiz / "mun-copia.sqlite")
    yield {"raiz": raiz, "red": red, "paquete": paquete.read_bytes(), "receptor": receptor, "municipal": municipal,
           "acuse": json.loads((raiz / "acuse.json").read_text())}
    receptor.base.cerrar()
    municipal.base.cerrar()


def _miembros(contenido: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(contenido)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _zip(lista: list[tuple[str, bytes]]) -> bytes:
    import warnings

    salida = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
            for nombre, datos in lista:
                z.writestr(nombre, datos)
    return salida.getvalue()


JSON_ALEATORIO = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=40),
                              lambda hijos: st.lists(hijos, max_size=4) | st.dictionaries(st.text(max_size=10), hijos, max_size=4),
                              max_leaves=8)
HOSTILES = [b"NaN", b"-Infinity", b"1e999", b"[" * 5000 + b"]" * 5000, rb'"\ud800"', b"9" * 5000, rb'"\u0000"']


def texto_hostil(texto: bytes, cambio: tuple[int, int]) -> bytes:
    """Lo que un dict de Python no expresa: NaN, infinitos, llaves repetidas, anidamiento, sustitutos, cifras enormes."""
    tipo, donde = cambio
    if tipo == len(HOSTILES):  # una llave repetida al principio del objeto, con otro valor
        return b'{"formato":"x",' + texto[1:]
    inicio = texto.find(b":", donde % max(len(texto), 1))
    inicio = texto.find(b":") if inicio < 0 else inicio
    return texto[: inicio + 1] + HOSTILES[tipo] + b',"relleno":' + texto[inicio + 1:]


TEXTO_HOSTIL = st.tuples(st.integers(0, len(HOSTILES)), st.integers(0, 10**6))
CAMPOS_ENVIO = ["formato", "id", "oficina", "secuencia", "sha256_anterior", "periodo", "conteos", "huella_firmante"]
CAMPOS = ["id", "revision", "oficina_origen", "estado", "fecha_inicio", "fecha_fin", "entidad", "municipio", "eje", "tipo_accion",
          "titulo", "mujeres", "hombres", "total", "objetivos_pmm", "retos", "convenio", "edades", "historial", "evidencias",
          "creado_en", "capturado_por", "localidad"]


def mutacion(escenario):
    original = escenario["paquete"]
    bytes_cambiados = st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
        lambda cambios: bytes(dict(cambios).get(i, b) for i, b in enumerate(original)))
    truncado = st.integers(0, len(original) - 1).map(lambda n: original[:n])
    nombre = st.text(min_size=1, max_size=30).filter(lambda x: x.strip("/") and "\x00" not in x)  # lo que zipfile sabe escribir
    nombres = st.tuples(st.integers(0, 7), nombre).map(
        lambda t: _zip([(t[1] if i == t[0] else n, d) for i, (n, d) in enumerate(_miembros(original))]))
    extra = st.tuples(nombre, st.binary(max_size=2000)).map(lambda t: _zip([*_miembros(original), ("envio/" + t[0], t[1])]))

    def campo_json(t):
        campo, valor, indice = t
        lista = []
        for n, d in _miembros(original):
            if n.endswith("acciones.jsonl"):
                filas = [json.loads(x) for x in d.splitlines()]
                filas[indice % len(filas)][campo] = valor
                d = b"".join(json.dumps(f, ensure_ascii=False).encode() + b"\n" for f in filas)
            lista.append((n, d))
        return _zip(refirmar(lista, escenario["red"]["mun"]))

    def envio_firmado(t):
        campo, valor = t
        lista = []
        for n, d in _miembros(original):
            if n.endswith("envio.json"):
                d = json_canonico({**json.loads(d), campo: valor})
            lista.append((n, d))
        return _zip(refirmar(lista, escenario["red"]["mun"]))

    def texto_firmado(t):
        miembro, cambio = t
        lista = [(n, texto_hostil(d, cambio) if n.endswith(miembro) else d) for n, d in _miembros(original)]
        return _zip(refirmar(lista, escenario["red"]["mun"]))

    firmado = st.tuples(st.sampled_from(CAMPOS), JSON_ALEATORIO, st.integers(0, 3)).map(campo_json)
    envio = st.tuples(st.sampled_from(CAMPOS_ENVIO), JSON_ALEATORIO).map(envio_firmado)
    texto = st.tuples(st.sampled_from(["envio.json", "acciones.jsonl"]), TEXTO_HOSTIL).map(texto_firmado)
    return st.one_of(bytes_cambiados, truncado, nombres, extra, firmado, envio, texto)


@pytest.fixture
def paquetes(escenario):
    return mutacion(escenario)


def _informar(casos: list[str], que: str, capsys) -> None:
    """Cuántos casos corrió hypothesis y cómo terminaron (lo imprime también con la salida capturada)."""
    with capsys.disabled():
        print(f"\n{len(casos):,} {que}: " + ", ".join(f"{c} {n:,}" for c, n in sorted(Counter(casos).items())))
    assert len(casos) >= min(EJEMPLOS, 50)


def test_paquetes_mutados(escenario, tmp_path, capsys):
    receptor = escenario["receptor"]
    antes = receptor.estado()
    casos: list[str] = []

    @AJUSTES
    @given(datos=mutacion(escenario))
    def caso(datos):
        archivo = tmp_path / "mutado.zip"
        archivo.write_bytes(datos)
        r = importar_uno(receptor.base, archivo, tmp_path / "evidencias")
        assert r.codigo in CODIGOS, (r.codigo, r.mensaje)
        assert r.mensaje
        casos.append(r.codigo)
        if r.resultado == "rechazado":
            assert receptor.estado() == antes
        elif r.resultado == "importado":
            receptor.restaurar()

    caso()
    _informar(casos, "paquetes mutados", capsys)


CODIGOS_DOCUMENTO = {"ENTRADA_RECHAZADA", "JSON_INVALIDO", "ESQUEMA_INVALIDO", "FIRMANTE_DESCONOCIDO", "LLAVE_REVOCADA",
                     "FIRMA_INVALIDA", "FUERA_DE_JURISDICCION", "LLAVE_RETIRADA", "ACUSE_INVALIDO", "ACUSE_AJENO",
                     "AVISO_INVALIDO", "FICHA_INVALIDA", "CLAVE_INVALIDA", "CLAVE_YA_REGISTRADA", "LLAVE_YA_REGISTRADA"}


def _documento_mutado(cuerpo: dict, firmar, t) -> bytes:
    """Un campo del cuerpo (o de un registro) cambiado, firmado con la llave real; a veces también su texto."""
    campo, valor, indice, cambio = t
    cuerpo = json.loads(json.dumps(cuerpo))
    registros = cuerpo.get("registros")
    if campo.startswith("registros.") and registros:
        registros[indice % len(registros)][campo.split(".", 1)[1]] = valor
    else:
        cuerpo[campo] = valor
    texto = json.dumps(firmar(cuerpo), ensure_ascii=False).encode()
    return texto_hostil(texto, cambio) if cambio[0] % 3 == 0 else texto


def test_acuses_mutados_y_firmados_con_la_llave_real(escenario, tmp_path, capsys):
    """La estatal (su superior) firma con su llave real acuses mutados para la municipal."""
    municipal = escenario["municipal"]
    privada = llaves.abrir(escenario["red"]["est"] / "llave_privada.json", FRASE)
    cuerpo = {k: v for k, v in escenario["acuse"].items() if k != "firma"}
    campos = [*cuerpo, "registros.id", "registros.revision", "registros.estado", "registros.observacion", "extra"]
    antes = municipal.estado()
    casos: list[str] = []

    @AJUSTES
    @given(t=st.tuples(st.sampled_from(campos), JSON_ALEATORIO, st.integers(0, 10), TEXTO_HOSTIL))
    def caso(t):
        archivo = tmp_path / "acuse.json"
        archivo.write_bytes(_documento_mutado(cuerpo, lambda c: firmar_documento(c, privada), t))
        r = aplicar_acuse(municipal.base, archivo)
        codigo = r.get("codigo", r["resultado"])
        assert codigo in CODIGOS_DOCUMENTO | {"acuse_aplicado"}, r
        casos.append(codigo)
        if r["resultado"] == "rechazado":
            assert r["mensaje"] and municipal.estado() == antes
        else:
            municipal.restaurar()

    caso()
    _informar(casos, "acuses mutados y firmados", capsys)


def test_avisos_de_rotacion_mutados_y_firmados_con_las_llaves_reales(escenario, tmp_path, capsys):
    """La municipal comprometida firma, con su llave real y una nueva, avisos de rotación mutados para la estatal."""
    receptor = escenario["receptor"]
    anterior = llaves.abrir(escenario["red"]["mun"] / "llave_privada.json", FRASE)
    nueva = llaves.generar()
    cuerpo = {"formato": "fsur-rotacion/1", "oficina": "M07089", "huella_anterior": llaves.huella(llaves.publica_cruda(anterior)),
              "llave_nueva": base64.b64encode(nueva.publica).decode(), "huella_nueva": nueva.huella,
              "fecha": "2026-01-01", "ultima_secuencia": 1}

    def firmar(c: dict) -> dict:
        firmado = firmar_documento(c, nueva.privada)
        firmado["firma_anterior"] = base64.b64encode(anterior.sign(json_canonico(c))).decode()
        return firmado

    antes = receptor.estado()
    casos: list[str] = []

    @AJUSTES
    @given(t=st.tuples(st.sampled_from([*cuerpo, "extra"]), JSON_ALEATORIO, st.integers(0, 10), TEXTO_HOSTIL))
    def caso(t):
        archivo = tmp_path / "aviso.json"
        archivo.write_bytes(_documento_mutado(cuerpo, firmar, t))
        try:
            documento = leer_documento(archivo)
            with receptor.base.transaccion() as s:
                codigo = registrar(s, documento)["resultado"]
        except EntradaRechazada as e:
            assert str(e) and e.codigo in CODIGOS_DOCUMENTO, (e.codigo, str(e))
            assert receptor.estado() == antes
            codigo = e.codigo
        else:
            receptor.restaurar()
        casos.append(codigo)

    caso()
    _informar(casos, "avisos de rotación mutados y firmados", capsys)


def test_libros_de_excel_mutados(escenario, tmp_path, capsys):
    mun = escenario["red"]["mun"]
    plantilla = tmp_path / "plantilla.xlsx"
    assert cli(mun, "plantilla", "--salida", str(plantilla))[0] == 0
    valido = llenar(plantilla, tmp_path / "valido.xlsx", FILA, {**FILA, "titulo": "Segunda reunión de seguimiento"})
    original = valido.read_bytes()
    base = abrir_base(Rutas(mun).url_base)
    with base.motor.connect() as con:
        antes = tuple(con.exec_driver_sql(ESTADO).one())
    libro = load_workbook(valido)
    llaves = [c.value for c in libro["Acciones"][2]]
    texto = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)  # lo que Excel admite en una celda
    valores = st.one_of(st.none(), texto, st.integers(-10**9, 10**9), st.floats(allow_nan=False), st.dates().map(str))

    def celdas(cambios):
        lib = load_workbook(io.BytesIO(original))
        for fila, columna, valor in cambios:
            lib["Acciones"].cell(row=fila, column=columna + 1, value=valor)
        salida = io.BytesIO()
        lib.save(salida)
        return salida.getvalue()

    mutaciones = st.one_of(
        st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=6).map(
            lambda cambios: bytes(dict(cambios).get(i, b) for i, b in enumerate(original))),
        st.integers(0, len(original) - 1).map(lambda n: original[:n]),
        st.lists(st.tuples(st.integers(1, 5), st.integers(0, len(llaves) - 1), valores), min_size=1, max_size=6).map(celdas),
    )

    @AJUSTES
    @given(datos=mutaciones)
    def caso(datos):
        archivo = tmp_path / "mutado.xlsx"
        archivo.write_bytes(datos)
        with base.transaccion() as s:
            oficina = oficina_local(s)
            ctx = contexto_para(s, oficina)
            try:
                r = cargar(s, archivo, ctx, oficina, quien="fuzz", simular=False, parcial=False, carpeta_copia=tmp_path)
                casos.append("con errores" if r.con_errores else "cargado")
            except EntradaRechazada as e:
                assert str(e)
                casos.append(e.codigo)
                r = None
            s.rollback()  # cada caso empieza de la misma base
        if r is not None and r.con_errores:
            assert all(p.mensaje for p in r.problemas)
        with base.motor.connect() as con:
            assert tuple(con.exec_driver_sql(ESTADO).one()) == antes

    casos: list[str] = []
    caso()
    base.cerrar()
    _informar(casos, "libros de Excel mutados", capsys)
