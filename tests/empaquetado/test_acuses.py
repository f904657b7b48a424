"""Acuses (T7) probados como el adversario: acuses firmados con la llave real de una municipal, con la llave retirada
del superior o mal formados; y el acuse más reciente gana, llegue en el orden que llegue."""

import json
import uuid
from pathlib import Path

import pytest

from empaquetado import llaves
from empaquetado.confianza import firmar_documento
from tests.empaquetado.util import cli, consultar, huella_base, privada_de, red_de_oficinas


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """M07089 → E07 (con registros propios) → CAIMFS; la central emite a1 (todo aceptado) y, tras una observación,
    a2 (un registro observado) del mismo paquete de la estatal."""
    raiz = tmp_path_factory.mktemp("acuses")
    carpetas = red_de_oficinas(raiz)
    mun, est, cen = carpetas["mun"], carpetas["est"], carpetas["cen"]
    assert cli(mun, "demo", "--registros", "3", "--semilla", "1")[0] == 0
    assert cli(est, "importar", cli(mun, "exportar", "--salida", str(raiz / "p"))[1]["archivo"])[0] == 0
    assert cli(est, "demo", "--registros", "2", "--semilla", "2")[0] == 0
    _, e1 = cli(est, "exportar", "--salida", str(raiz / "p"))
    _, i = cli(cen, "importar", e1["archivo"])
    paquete = i["paquetes"][0]["paquete"]
    assert cli(cen, "acuse", "--paquete", paquete, "--salida", str(raiz / "a1.json"))[0] == 0
    observado = consultar(cen, "select id from accion where oficina_origen = 'E07' order by id limit 1")[0][0]
    assert cli(cen, "observar", observado, "--texto", "Adjunte la lista de asistencia")[0] == 0
    assert cli(cen, "acuse", "--paquete", paquete, "--salida", str(raiz / "a2.json"))[0] == 0
    return {"raiz": raiz, **carpetas, "e1": e1, "observado": observado,
            "a1": json.loads((raiz / "a1.json").read_text()), "a2": json.loads((raiz / "a2.json").read_text())}


privada = privada_de


def firmado(base: dict, privada_, **cambios) -> dict:
    """El acuse `base` con `cambios`, firmado por `privada_` (y con su huella como firmante)."""
    cuerpo = {k: v for k, v in base.items() if k != "firma"} | cambios
    cuerpo["huella_firmante"] = llaves.huella(llaves.publica_cruda(privada_))
    return firmar_documento(cuerpo, privada_)


def aplicar(carpeta: Path, acuse: dict, tmp_path: Path) -> tuple[int, dict]:
    archivo = tmp_path / f"acuse-{uuid.uuid4().hex[:8]}.json"
    archivo.write_text(json.dumps(acuse), encoding="utf-8")
    codigo, salida = cli(carpeta, "importar", str(archivo))
    return codigo, salida["paquetes"][0]


def rechazado(carpeta: Path, acuse: dict, codigo: str, tmp_path: Path) -> str:
    antes = huella_base(carpeta)
    salida_codigo, r = aplicar(carpeta, acuse, tmp_path)
    assert (salida_codigo, r["resultado"], r["codigo"]) == (2, "rechazado", codigo), r
    assert huella_base(carpeta) == antes
    return r["mensaje"]


def estado(carpeta: Path, id_accion: str) -> str:
    return consultar(carpeta, "select estado from accion where id = :p0", id_accion)[0][0]


def test_t7_municipal_no_firma_acuses_para_su_estatal(red, copia, tmp_path):
    """El caso del issue: Tapachula, con su llave real, marca registros de la estatal «observados por CAIMFS»."""
    est = copia("est")
    propios = [{"id": i, "revision": r, "estado": "observada", "observacion": "Observado por CAIMFS: cifras infladas"}
               for i, r in consultar(est, "select id, revision from accion where oficina_origen = 'E07'")]
    mun = privada(red["mun"])
    falso = firmado(red["a1"], mun, emisor="M07089", registros=propios)
    assert "M07089" in rechazado(est, falso, "ACUSE_AJENO", tmp_path)
    rechazado(est, firmado(red["a1"], mun, registros=propios), "ACUSE_AJENO", tmp_path)  # dice ser CAIMFS


def test_t7_acuse_de_la_llave_retirada_del_superior(red, copia, tmp_path):
    cen, est = copia("cen"), copia("est")
    vieja = privada(cen)
    assert cli(cen, "rotar-llave", "--salida", str(tmp_path / "rotacion.json"))[0] == 0
    assert cli(est, "registrar-oficina", str(tmp_path / "rotacion.json"))[0] == 0
    rechazado(est, red["a1"], "LLAVE_RETIRADA", tmp_path)  # firmado por la llave que ya se retiró
    rechazado(est, firmado(red["a2"], vieja, emitido_en="2099-01-01T00:00:00Z"), "LLAVE_RETIRADA", tmp_path)


def test_t7_acuse_para_otra_oficina_o_de_un_paquete_que_no_se_envio(red, copia, tmp_path):
    est = copia("est")
    cen = privada(red["cen"])
    rechazado(est, firmado(red["a1"], cen, oficina_destino="E27"), "ACUSE_AJENO", tmp_path)
    rechazado(est, firmado(red["a1"], cen, paquete=str(uuid.uuid4())), "ACUSE_INVALIDO", tmp_path)
    rechazado(est, firmado(red["a1"], cen, huella_paquete="0" * 64), "ACUSE_INVALIDO", tmp_path)


@pytest.mark.parametrize("cambios", [
    {"registros": "todos"},
    {"registros": [{"id": "x", "revision": "1", "estado": "aceptada"}]},
    {"registros": [{"id": "x", "revision": 1, "estado": "aprobadisima"}]},
    {"registros": [{"id": "x", "revision": 1, "estado": "aceptada", "observacion": 7}]},
    {"registros": [{"id": "x", "revision": 1, "estado": "aceptada"}, {"id": "x", "revision": 1, "estado": "observada"}]},
    {"emitido_en": "ayer"},
    {"emitido_en": None},
    {"emisor": "CAIMFS "},
    {"oficina_destino": "E07x"},
    {"paquete": 12},
    {"paquete": "a\x00b"},
    {"huella_paquete": "Z" * 64},
    {"registros": [{"id": "a\x00", "revision": 1, "estado": "aceptada"}]},
])
def test_t7_acuse_mal_formado(red, copia, tmp_path, cambios):
    est = copia("est")
    rechazado(est, firmado(red["a1"], privada(red["cen"]), **cambios), "ACUSE_INVALIDO", tmp_path)


@pytest.mark.parametrize("orden", [("a1", "a2"), ("a2", "a1")])
def test_t7_gana_el_acuse_mas_reciente(red, copia, tmp_path, orden):
    """Un acuse viejo aplicado después no devuelve «observada» a «aceptada»."""
    est = copia("est")
    for nombre in orden:
        codigo, r = aplicar(est, red[nombre], tmp_path)
        assert codigo == 0 and r["resultado"] == "acuse_aplicado", r
    assert estado(est, red["observado"]) == "observada"
    otros = consultar(est, "select distinct estado from accion where id != :p0", red["observado"])
    assert otros == [("aceptada",)]
    if orden == ("a2", "a1"):
        assert r["sin_efecto"] == len(red["a1"]["registros"])
    assert consultar(est, "select texto from observacion where accion_id = :p0", red["observado"]) == [("Adjunte la lista de asistencia",)]


def test_t7_el_acuse_legitimo_del_superior_se_aplica(red, copia, tmp_path):
    est = copia("est")
    codigo, r = aplicar(est, red["a1"], tmp_path)
    assert codigo == 0 and r["aceptada"] == len(red["a1"]["registros"]) == 5
