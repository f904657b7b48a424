"""Paquetes hostiles: cada uno se rechaza con su código y la base queda idéntica, byte por byte."""

import stat
import zipfile
from pathlib import Path

import pytest

from empaquetado import formato as f
from tests.conftest import crear_oficina
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    escribir_zip,
    huella_base,
    miembros,
    red_con_paquete,
    refirmar,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("hostiles")
    carpetas, valido = red_con_paquete(raiz, 8)
    intruso = raiz / "intruso"
    crear_oficina(intruso, "municipal", "07", "07087")  # Suchiate: nunca registrada en la estatal
    assert cli(intruso, "demo", "--registros", "3")[0] == 0
    _, ajeno = cli(intruso, "exportar", "--salida", str(raiz / "ajenos"))
    return {"raiz": raiz, **carpetas, "valido": valido, "ajeno": Path(ajeno["archivo"])}


def _rechazo(carpeta: Path, paquete: Path, codigo: str) -> None:
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "importar", str(paquete))
    assert salida_codigo == 2
    [resultado] = salida["paquetes"]
    assert (resultado["resultado"], resultado["codigo"]) == ("rechazado", codigo), resultado["mensaje"]
    assert resultado["mensaje"]  # frase en español para la persona
    assert huella_base(carpeta) == antes
    v_codigo, v = cli(carpeta, "verificar", str(paquete))
    assert v_codigo == 2 and v == {"valido": False, "codigo": codigo, "mensaje": v["mensaje"]} and v["mensaje"]


def _mutar(red, tmp_path, cambio) -> Path:
    lista = miembros(red["valido"])
    return escribir_zip(tmp_path / "mutado.zip", cambio(lista))


def test_el_paquete_valido_si_pasa(red, estatal):
    codigo, salida = cli(estatal, "verificar", str(red["valido"]))
    assert codigo == 0 and salida == {"valido": True, "codigo": "VALIDO", "mensaje": salida["mensaje"]}


def test_byte_cambiado_en_un_registro(red, estatal, tmp_path):
    def cambio(lista):
        return [(n, (d[:50] + bytes([d[50] ^ 1]) + d[51:]) if n.endswith("acciones.jsonl") else d) for n, d in lista]
    _rechazo(estatal, _mutar(red, tmp_path, cambio), "ARCHIVO_ALTERADO")


def test_bag_info_editado(red, estatal, tmp_path):
    def cambio(lista):
        return [(n, d.replace(b"Source-Organization: ", b"Source-Organization: Otra ") if n.endswith("bag-info.txt") else d)
                for n, d in lista]
    _rechazo(estatal, _mutar(red, tmp_path, cambio), "ARCHIVO_ALTERADO")


def test_archivo_de_mas_en_data(red, estatal, tmp_path):
    _rechazo(estatal, _mutar(red, tmp_path, lambda lista: [*lista, ("envio/data/extra.txt", b"hola")]), "ARCHIVO_DE_MAS")


def test_manifiesto_extra_sin_firma_que_lo_lista(red, estatal, tmp_path):
    extra = b"hola"
    manifiesto = f"{f.sha256(extra)}  data/extra.txt\n".encode()
    cambio = lambda lista: [*lista, ("envio/data/extra.txt", extra), ("envio/manifest-sha512.txt", manifiesto)]  # noqa: E731
    _rechazo(estatal, _mutar(red, tmp_path, cambio), "ARCHIVO_DE_MAS")


@pytest.mark.parametrize("nombre", ["envio/../../etc/cron.d/x", "/etc/passwd", "envio/data/../../fuera.txt", "C:/Windows/x"])
def test_rutas_peligrosas(red, estatal, tmp_path, nombre):
    _rechazo(estatal, _mutar(red, tmp_path, lambda lista: [*lista, (nombre, b"x")]), "RUTA_PELIGROSA")


def test_miembro_enlace_simbolico(red, estatal, tmp_path):
    enlace = zipfile.ZipInfo("envio/data/enlace")
    enlace.external_attr = (stat.S_IFLNK | 0o777) << 16
    _rechazo(estatal, _mutar(red, tmp_path, lambda lista: [*lista, (enlace, b"/etc/passwd")]), "RUTA_PELIGROSA")


def test_nombres_duplicados(red, estatal, tmp_path):
    def cambio(lista):
        original = dict(lista)["envio/data/acciones.jsonl"]
        return [*lista, ("envio/data/acciones.jsonl", original + b"{}\n")]
    _rechazo(estatal, _mutar(red, tmp_path, cambio), "ARCHIVO_DUPLICADO")


def test_bomba_zip(red, estatal, tmp_path):
    _rechazo(estatal, _mutar(red, tmp_path, lambda lista: [*lista, ("envio/data/ceros.bin", bytes(60 * 1024 * 1024))]), "DEMASIADO_GRANDE")


def test_zip_truncado(red, estatal, tmp_path):
    contenido = red["valido"].read_bytes()
    truncado = tmp_path / "truncado.zip"
    truncado.write_bytes(contenido[: len(contenido) // 2])
    _rechazo(estatal, truncado, "ZIP_INVALIDO")


def test_archivo_que_no_es_zip(estatal, tmp_path):
    falso = tmp_path / "envio.zip"
    falso.write_text("Esto es una hoja de cálculo renombrada", encoding="utf-8")
    _rechazo(estatal, falso, "ZIP_INVALIDO")


def test_firmado_por_llave_no_registrada(red, estatal):
    _rechazo(estatal, red["ajeno"], "FIRMANTE_DESCONOCIDO")


def test_llave_revocada(red, estatal):
    ficha_mun = (red["raiz"] / "ficha-mun.json").read_text()
    import json

    huella = json.loads(ficha_mun)["huella"]
    assert cli(estatal, "revocar-llave", huella, "--motivo", "Equipo robado")[0] == 0
    _rechazo(estatal, red["valido"], "LLAVE_REVOCADA")


def test_firma_que_no_corresponde(red, estatal, tmp_path):
    def cambio(lista):
        d = dict(lista)
        d["envio/tagmanifest-sha256.txt"] = d["envio/tagmanifest-sha256.txt"].replace(b"  bagit.txt", b"  bagit.txt ")
        return list(d.items())
    _rechazo(estatal, _mutar(red, tmp_path, cambio), "FIRMA_INVALIDA")


def test_t2_lugar_que_no_concuerda_con_el_origen(red, estatal, tmp_path):
    def mover(registros):
        registros[0]["municipio"] = "07087"  # Suchiate: no es el municipio de su origen M07089 (Tapachula)
    paquete = escribir_zip(tmp_path / "fuera.zip", refirmar(cambiar_registros(miembros(red["valido"]), mover), red["mun"]))
    _rechazo(estatal, paquete, "ORIGEN_INVALIDO")


def test_t2_origen_ajeno_reenviado_por_municipal(red, estatal, tmp_path):
    def ajeno(registros):
        registros[0]["oficina_origen"] = "M07087"
        registros[0]["municipio"] = "07087"
    paquete = escribir_zip(tmp_path / "ajeno.zip", refirmar(cambiar_registros(miembros(red["valido"]), ajeno), red["mun"]))
    _rechazo(estatal, paquete, "FUERA_DE_JURISDICCION")


def test_repeticion_con_mismo_id_y_otro_contenido(red, estatal, tmp_path):
    assert cli(estatal, "importar", str(red["valido"]))[0] == 0

    def inflar(registros):
        registros[0]["mujeres"] += 100
        registros[0]["total"] += 100
    repetido = escribir_zip(tmp_path / "repetido.zip", refirmar(cambiar_registros(miembros(red["valido"]), inflar), red["mun"]))
    _rechazo(estatal, repetido, "REPETIDO_DISTINTO")


def test_esquema_invalido(red, estatal, tmp_path):
    def romper(registros):
        registros[0]["total"] = "muchos"
    paquete = escribir_zip(tmp_path / "esquema.zip", refirmar(cambiar_registros(miembros(red["valido"]), romper), red["mun"]))
    _rechazo(estatal, paquete, "ESQUEMA_INVALIDO")


def test_mismo_registro_dos_veces_en_un_paquete(red, estatal, tmp_path):
    def repetir(registros):
        registros.append(dict(registros[0], titulo="Otra versión con el mismo id"))
    paquete = escribir_zip(tmp_path / "doble.zip", refirmar(cambiar_registros(miembros(red["valido"]), repetir), red["mun"]))
    _rechazo(estatal, paquete, "ESQUEMA_INVALIDO")


@pytest.mark.parametrize("campo, valor", [
    ("municipio", "07999"), ("fecha_inicio", "ayer"), ("capturado_por", "x" * 500), ("estado", "aprobadisima"),
    ("creado_en", 12), ("historial", [{"revision": "uno", "operacion": "edicion"}]), ("mujeres", -4), ("id", "y" * 80),
    ("evidencias", [{"sha256": "a" * 64, "nombre": "lista.pdf", "tamano": "grande"}]),
])
def test_registro_mal_formado_aunque_firmado(red, estatal, tmp_path, campo, valor):
    def romper(registros):
        registros[0][campo] = valor
        if campo == "mujeres":
            registros[0]["total"] += valor - 0
    paquete = escribir_zip(tmp_path / "mal.zip", refirmar(cambiar_registros(miembros(red["valido"]), romper), red["mun"]))
    _rechazo(estatal, paquete, "ESQUEMA_INVALIDO")


@pytest.mark.parametrize("campo, valor", [("evidencias", None), ("historial", None), ("revision", 10**12), ("eventos", 10**9),
                                          ("titulo", None), ("localidad", None), ("unidad_conteo", None)])
def test_hallazgos_de_make_fuzz(red, estatal, tmp_path, campo, valor):
    """Casos que encontró `make fuzz`: nulos donde van listas o textos obligatorios y enteros que desbordan la base."""
    def cambiar(registros):
        registros[0][campo] = valor
    paquete = escribir_zip(tmp_path / "f.zip", refirmar(cambiar_registros(miembros(red["valido"]), cambiar), red["mun"]))
    antes = huella_base(estatal)
    codigo, salida = cli(estatal, "importar", str(paquete))
    resultado = salida["paquetes"][0]
    assert resultado["resultado"] in ("importado", "rechazado")
    if resultado["resultado"] == "rechazado":
        assert resultado["codigo"] in ("ESQUEMA_INVALIDO", "REGLA_INCUMPLIDA") and huella_base(estatal) == antes


def test_zip_con_version_no_soportada(red, estatal, tmp_path):
    """Hallazgo de `make fuzz`: una versión de zip que Python no sabe leer."""
    contenido = bytearray(red["valido"].read_bytes())
    fin = contenido.rfind(b"PK\x01\x02")  # última entrada del directorio central
    contenido[fin + 6] = 64  # «versión necesaria para extraer» = 6.4
    falso = tmp_path / "version.zip"
    falso.write_bytes(bytes(contenido))
    _rechazo(estatal, falso, "ZIP_INVALIDO")
