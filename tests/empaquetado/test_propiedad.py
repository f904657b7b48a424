"""Propiedad de los registros (T1, T2) y todo o nada (T20), probados como el adversario: paquetes firmados con la
llave privada real de la oficina que se porta mal. Cada rechazo da su código y deja la base receptora idéntica."""

import json
from pathlib import Path

import pytest

from base_local.jurisdiccion import Jurisdiccion, clave_concuerda, leer_clave
from tests.conftest import crear_oficina
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    consultar,
    escribir_zip,
    huella_base,
    miembros,
    red_de_oficinas,
    refirmar,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """Chiapas completa (M07089 → E07 → CAIMFS) con registros en las tres, más la estatal de Tabasco E27 en la central.

    p3: paquete de la municipal aún no importado en la estatal; e2: de la estatal aún no importado en la central;
    q1: de la estatal de Tabasco aún no importado en la central. Son la base que el adversario altera y refirma.
    """
    raiz = tmp_path_factory.mktemp("propiedad")
    carpetas = red_de_oficinas(raiz)
    mun, est, cen = carpetas["mun"], carpetas["est"], carpetas["cen"]
    salida = str(raiz / "paquetes")
    archivos = {}
    assert cli(mun, "demo", "--registros", "4", "--semilla", "1")[0] == 0
    archivos["p1"] = cli(mun, "exportar", "--salida", salida)[1]["archivo"]
    assert cli(est, "importar", archivos["p1"])[0] == 0
    assert cli(est, "demo", "--registros", "2", "--semilla", "2")[0] == 0  # registros propios de la estatal
    archivos["e1"] = cli(est, "exportar", "--salida", salida)[1]["archivo"]
    assert cli(cen, "importar", archivos["e1"])[0] == 0
    assert cli(mun, "demo", "--registros", "2", "--semilla", "3")[0] == 0
    archivos["p2"] = cli(mun, "exportar", "--salida", salida)[1]["archivo"]
    assert cli(est, "importar", archivos["p2"])[0] == 0
    archivos["e2"] = cli(est, "exportar", "--salida", salida)[1]["archivo"]
    assert cli(mun, "demo", "--registros", "2", "--semilla", "4")[0] == 0
    archivos["p3"] = cli(mun, "exportar", "--salida", salida)[1]["archivo"]
    tab = raiz / "tab"
    crear_oficina(tab, "estatal", "27")
    assert cli(tab, "ficha", "--salida", str(raiz / "ficha-tab.json"))[0] == 0
    assert cli(cen, "registrar-oficina", str(raiz / "ficha-tab.json"))[0] == 0
    assert cli(tab, "demo", "--registros", "3", "--semilla", "5")[0] == 0
    archivos["q1"] = cli(tab, "exportar", "--salida", salida)[1]["archivo"]
    return {"raiz": raiz, **carpetas, "tab": tab, **{k: Path(v) for k, v in archivos.items()}}


def rechazo(carpeta: Path, paquete: Path, codigo: str) -> str:
    """T20: verificar, simular e importar dan el mismo código y la base queda idéntica; devuelve el mensaje."""
    antes = huella_base(carpeta)
    assert cli(carpeta, "verificar", str(paquete))[1]["codigo"] == codigo
    for simular in (["--simular"], []):
        salida_codigo, salida = cli(carpeta, "importar", *simular, str(paquete))
        [resultado] = salida["paquetes"]
        assert (salida_codigo, resultado["resultado"], resultado["codigo"]) == (2, "rechazado", codigo), resultado["mensaje"]
    assert huella_base(carpeta) == antes
    return resultado["mensaje"]


def firmado(red, tmp_path, base: str, firmante: str, cambio) -> Path:
    """El paquete `base` con sus registros alterados por `cambio` y refirmado con la llave real de `firmante`."""
    lista = refirmar(cambiar_registros(miembros(red[base]), cambio), red[firmante])
    return escribir_zip(tmp_path / f"{base}-alterado.zip", lista)


def registros_de(carpeta: Path, origen: str) -> list[dict]:
    filas = consultar(carpeta, "select id, revision, entidad, municipio from accion where oficina_origen = :p0 order by id", origen)
    return [{"id": i, "revision": r, "entidad": e, "municipio": m} for i, r, e, m in filas]


# --- T1: el origen guardado nunca cambia -------------------------------------------------------------------------


@pytest.mark.parametrize("como", ["misma_revision", "revision_mayor", "anulacion"])
def test_t1_estatal_de_otro_estado_reescribe_registro_de_chiapas_en_la_central(red, copia, tmp_path, como):
    """Tabasco firma con su llave real un registro suyo (en Tabasco) con el id de un registro de Tapachula."""
    cen = copia("cen")
    victima = registros_de(cen, "M07089")[0]

    def robar(registros):
        registros[0]["id"] = victima["id"]
        registros[0]["revision"] = victima["revision"] + (0 if como == "misma_revision" else 5)
        if como == "anulacion":
            registros[0]["estado"] = "anulada"
    mensaje = rechazo(cen, firmado(red, tmp_path, "q1", "tab", robar), "ORIGEN_AJENO")
    assert victima["id"] in mensaje and "M07089" in mensaje
    assert consultar(cen, "select count(*) from conflicto")[0][0] == 0  # ni siquiera se aparta como conflicto


def test_t1_municipal_reescribe_registro_de_su_estatal(red, copia, tmp_path):
    """Tapachula firma con su llave real un registro con su propio origen y el id de un registro de la estatal."""
    est = copia("est")
    propio = registros_de(est, "E07")[0]

    def robar(registros):
        registros[0].update(id=propio["id"], revision=propio["revision"] + 1)
    mensaje = rechazo(est, firmado(red, tmp_path, "p3", "mun", robar), "ORIGEN_AJENO")
    assert propio["id"] in mensaje


def test_t1_el_origen_no_cambia_aunque_la_fusion_lo_reciba():
    """Defensa en la fusión: aplicar una versión recibida nunca toca id ni origen."""
    from base_local.modelos import Accion
    from empaquetado.importar import _aplicar

    accion = Accion(id="a", oficina_origen="M07089", revision=1)
    recibido = {"id": "b", "oficina_origen": "E27", "revision": 2, "fecha_inicio": "2026-01-10", "estado": "enviada"}
    _aplicar(accion, recibido, reenviar=False)
    assert (accion.id, accion.oficina_origen, accion.revision) == ("a", "M07089", 2)


# --- T2: solo la cadena del origen habla por un registro ----------------------------------------------------------


def test_t2_estatal_reenvia_registros_de_la_municipal_de_otro_estado(red, copia, tmp_path):
    cen = copia("cen")
    victima = registros_de(cen, "M07089")[0]

    def reenviar(registros):
        registros[0].update(id=victima["id"], revision=victima["revision"] + 1, oficina_origen="M07089",
                            entidad=victima["entidad"], municipio=victima["municipio"], estado="anulada")
    mensaje = rechazo(cen, firmado(red, tmp_path, "q1", "tab", reenviar), "FUERA_DE_JURISDICCION")
    assert "E27" in mensaje and "M07089" in mensaje


def test_t2_municipal_no_reenvia_ni_los_de_su_estatal(red, copia, tmp_path):
    est = copia("est")
    propio = registros_de(est, "E07")[0]

    def reenviar(registros):
        registros[0].update(id=propio["id"], revision=propio["revision"] + 1, oficina_origen="E07", estado="observada")
    rechazo(est, firmado(red, tmp_path, "p3", "mun", reenviar), "FUERA_DE_JURISDICCION")


@pytest.mark.parametrize("origen", ["M07089-fantasma", "E07 ", "E07x", "m07089", "M07999", "E08", "E 07", "CAIMFS ", "",
                                    "M０７089", "M7089", "E007"])
def test_t2_origen_mal_formado(red, copia, tmp_path, origen):
    est = copia("est")
    rechazo(est, firmado(red, tmp_path, "p3", "mun", lambda registros: registros[0].update(oficina_origen=origen)), "ORIGEN_INVALIDO")


def test_t2_origen_mal_formado_reenviado_por_la_estatal(red, copia, tmp_path):
    cen = copia("cen")
    rechazo(cen, firmado(red, tmp_path, "e2", "est", lambda registros: registros[0].update(oficina_origen="M07089-fantasma")),
            "ORIGEN_INVALIDO")


def test_t2_origen_que_no_concuerda_con_el_lugar(red, copia, tmp_path):
    """La estatal reenvía un registro de Tapachula situado en otro municipio de Chiapas."""
    cen = copia("cen")
    rechazo(cen, firmado(red, tmp_path, "e2", "est", lambda registros: registros[0].update(municipio="07087")), "ORIGEN_INVALIDO")


def test_t2_origen_revocado_en_el_registro_del_receptor(red, copia, tmp_path):
    cen = copia("cen")
    assert cli(cen, "registrar-oficina", str(red["raiz"] / "ficha-mun.json"))[0] == 0
    huella = json.loads((red["raiz"] / "ficha-mun.json").read_text())["huella"]
    assert cli(cen, "revocar-llave", huella, "--motivo", "Equipo robado en Tapachula")[0] == 0
    rechazo(cen, red["e2"], "ORIGEN_REVOCADO")
    assert cli(red["mun"], "ficha", "--salida", str(tmp_path / "nueva.json"))[0] == 0  # misma llave: sigue revocada
    assert cli(cen, "registrar-oficina", str(tmp_path / "nueva.json"))[1]["error"] == "LLAVE_REVOCADA"


def test_t2_el_reenvio_legitimo_si_pasa(red, copia):
    """La estatal reenvía a la central los registros de su municipal con el origen intacto."""
    cen = copia("cen")
    codigo, salida = cli(cen, "importar", str(red["e2"]))
    assert codigo == 0 and salida["paquetes"][0]["nuevos"] == 2
    assert {o for (o,) in consultar(cen, "select distinct oficina_origen from accion")} == {"M07089", "E07"}


VALIDAS = {"CAIMFS": Jurisdiccion("central"), "E04": Jurisdiccion("estatal", "04"), "E27": Jurisdiccion("estatal", "27"),
           "M07089": Jurisdiccion("municipal", "07", "07089"), "M23005": Jurisdiccion("municipal", "23", "23005")}


@pytest.mark.parametrize("clave", [*VALIDAS, "M07089-fantasma", "E07 ", "E07x", "M07999", "E08", "caimfs", None, 7, "M09001"])
def test_t2_una_sola_gramatica_de_claves(clave):
    assert leer_clave(clave) == VALIDAS.get(clave)


def test_t2_clave_concuerda_con_tipo_entidad_y_municipio():
    assert clave_concuerda("M07089", "municipal", "07", "07089")
    assert clave_concuerda("E07", "estatal", "07", None)
    assert clave_concuerda("CAIMFS", "central", None, None)
    assert not clave_concuerda("M07089", "municipal", "27", "07089")
    assert not clave_concuerda("E07", "municipal", "07", None)
    assert not clave_concuerda("E07", "estatal", "07", "07089")
    assert not clave_concuerda("E07x", "estatal", "07", None)


def test_t2_inicializar_usa_la_gramatica(tmp_path):
    codigo, salida = cli(tmp_path / "x", "inicializar", "--tipo", "municipal", "--entidad", "07", "--municipio", "07089-fantasma",
                         "--nombre", "Fantasma", "--responsable", "Nadie")
    assert codigo == 2 and "07089-fantasma" in salida["mensaje"]
    assert not (tmp_path / "x").exists()
