"""Acuses por la cadena (T7) probados como el adversario: una estatal comprometida firma con su llave real resultados
que la Coordinación no dio, y una municipal intenta aplicar el acuse de otra. Cada rechazo tiene su código y deja la
base byte a byte igual."""

import base64
import functools
import json
import uuid
from pathlib import Path

import pytest

from empaquetado import llaves
from empaquetado.acuses import cuerpo_sello
from empaquetado.confianza import firmar_documento
from empaquetado.formato import json_canonico
from tests.conftest import FRASE
from tests.empaquetado.test_cadena_acuses import hasta_el_acuse_de_la_central, red_cadena
from tests.empaquetado.util import cli, consultar, ejecutar, huella_base, privada_de


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("cadena")
    carpetas = red_cadena(raiz)
    hecho = hasta_el_acuse_de_la_central(raiz, carpetas, observar=True)
    archivos = {clave: hecho["salida"] / f"acuse-{clave}-0001.json" for clave in ("M07089", "M07101")}
    return {**carpetas, **hecho, "raiz": raiz, "legitimo": {c: json.loads(a.read_text(encoding="utf-8")) for c, a in archivos.items()}}


privada = functools.cache(privada_de)  # scrypt tarda: una vez por oficina


def firmado(base: dict, carpeta_firmante: Path, **cambios) -> dict:
    """El acuse `base` con `cambios`, firmado con la llave real de la oficina de `carpeta_firmante`."""
    clave = privada(carpeta_firmante)
    cuerpo = {k: v for k, v in base.items() if k != "firma"} | cambios
    cuerpo["huella_firmante"] = llaves.huella(llaves.publica_cruda(clave))
    return firmar_documento(cuerpo, clave)


def aplicar(carpeta: Path, acuse: dict, tmp_path: Path) -> tuple[int, dict]:
    archivo = tmp_path / f"acuse-{uuid.uuid4().hex[:8]}.json"
    archivo.write_text(json.dumps(acuse), encoding="utf-8")
    codigo, salida = cli(carpeta, "importar", str(archivo))
    return codigo, salida["paquetes"][0]


def rechazado(carpeta: Path, acuse: dict, codigo: str, tmp_path: Path) -> str:
    antes = huella_base(carpeta)
    salida_codigo, r = aplicar(carpeta, acuse, tmp_path)
    assert (salida_codigo, r["resultado"], r.get("codigo")) == (2, "rechazado", codigo), r
    assert huella_base(carpeta) == antes
    return r["mensaje"]


def test_t7_el_acuse_legitimo_de_la_cadena_se_aplica(red, copia, tmp_path):
    mun = copia("mun")
    codigo, r = aplicar(mun, red["legitimo"]["M07089"], tmp_path)
    assert codigo == 0 and r["origen"] == "CAIMFS" and (r["aceptada"], r["observada"]) == (2, 1), r


def test_t7_estatal_no_fabrica_una_observacion_de_la_coordinacion(red, copia, tmp_path):
    """La estatal, con su llave real, dice que la Coordinación observó un registro que aceptó."""
    mun = copia("mun")
    legitimo = red["legitimo"]["M07089"]
    falsos = [r | {"estado": "observada", "observacion": "Observado por CAIMFS: cifras infladas"} for r in legitimo["registros"]]
    assert "y la central selló «observada: Adjunte" in rechazado(mun, firmado(legitimo, red["est"], registros=falsos), "RESULTADO_NO_CONCUERDA", tmp_path)
    # Cambiar también la copia sellada no sirve: el sello de la central ya no corresponde.
    bloque = legitimo["coordinacion"] | {"registros": falsos}
    rechazado(mun, firmado(legitimo, red["est"], registros=falsos, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    # Ni quitar la observación que sí hizo la Coordinación.
    limpios = [r | {"estado": "aceptada", "observacion": ""} for r in legitimo["registros"]]
    rechazado(mun, firmado(legitimo, red["est"], registros=limpios), "RESULTADO_NO_CONCUERDA", tmp_path)


def test_t7_estatal_no_sella_en_nombre_de_la_coordinacion(red, copia, tmp_path):
    """Un sello hecho con la llave real de la estatal (y su llave pública en el bloque) no es de la Coordinación."""
    mun = copia("mun")
    legitimo = red["legitimo"]["M07089"]
    clave = privada(red["est"])
    publica = llaves.publica_cruda(clave)
    falsos = [r | {"estado": "observada", "observacion": "Rechazado por la Coordinación"} for r in legitimo["registros"]]
    bloque = legitimo["coordinacion"] | {"registros": falsos, "llave_publica": base64.b64encode(publica).decode(),
                                         "huella_firmante": llaves.huella(publica)}
    bloque["sello"] = base64.b64encode(clave.sign(json_canonico(cuerpo_sello(bloque, "M07089", falsos)))).decode()
    mensaje = rechazado(mun, firmado(legitimo, red["est"], registros=falsos, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    assert "llave de la Coordinación" in mensaje


def test_t7_estatal_no_cambia_la_fecha_del_resultado(red, copia, tmp_path):
    mun = copia("mun")
    legitimo = red["legitimo"]["M07089"]
    rechazado(mun, firmado(legitimo, red["est"], emitido_en="2099-01-01T00:00:00Z"), "RESULTADO_NO_CONCUERDA", tmp_path)
    bloque = legitimo["coordinacion"] | {"emitido_en": "2099-01-01T00:00:00Z"}
    rechazado(mun, firmado(legitimo, red["est"], emitido_en="2099-01-01T00:00:00Z", coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)


@pytest.mark.parametrize("bloque", ["la Coordinación", {}, {"emisor": "E07"}, {"registros": "todos"}, {"sello": 7}])
def test_t7_bloque_de_la_coordinacion_mal_formado(red, copia, tmp_path, bloque):
    mun = copia("mun")
    legitimo = red["legitimo"]["M07089"]
    if isinstance(bloque, dict) and bloque:
        bloque = legitimo["coordinacion"] | bloque
    rechazado(mun, firmado(legitimo, red["est"], coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)


def test_t7_una_municipal_no_aplica_el_acuse_de_otra(red, copia, tmp_path):
    """Tuxtla recibe el acuse de Tapachula; y la estatal, con su llave real, se lo readresa con el sello de Tapachula."""
    mun2 = copia("mun2")
    tapachula = red["legitimo"]["M07089"]
    rechazado(mun2, tapachula, "ACUSE_AJENO", tmp_path)
    propio = red["legitimo"]["M07101"]
    readresado = firmado(tapachula, red["est"], oficina_destino="M07101", paquete=propio["paquete"],
                         huella_paquete=propio["huella_paquete"], secuencia=propio["secuencia"])
    rechazado(mun2, readresado, "RESULTADO_NO_VERIFICADO", tmp_path)
    # Cambiar la oficina del sello tampoco: la central lo firmó para Tapachula.
    bloque = tapachula["coordinacion"] | {"oficina": "M07101"}
    rechazado(mun2, firmado(readresado, red["est"], coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    # Ni su propio acuse con registros de Tapachula en él: el sello de Tuxtla no los cubre.
    mezclado = propio["registros"] + tapachula["registros"]
    rechazado(mun2, firmado(propio, red["est"], registros=mezclado), "RESULTADO_NO_CONCUERDA", tmp_path)


def test_t7_otra_municipal_no_acusa_en_nombre_de_la_estatal(red, copia, tmp_path):
    """Tuxtla, con su llave real, firma para Tapachula un acuse que dice venir de la estatal: Tapachula solo conoce la
    llave de su superior."""
    mun = copia("mun")
    rechazado(mun, firmado(red["legitimo"]["M07089"], red["mun2"]), "FIRMANTE_DESCONOCIDO", tmp_path)


def test_t7_sin_la_huella_de_la_central_no_se_atribuye_a_la_coordinacion(red, copia, tmp_path):
    mun = copia("mun")
    ejecutar(mun, "delete from ajuste where clave = 'huella_central'")
    mensaje = rechazado(mun, red["legitimo"]["M07089"], "CENTRAL_DESCONOCIDA", tmp_path)
    assert "fijar-central" in mensaje


def test_la_estatal_reaplica_el_acuse_y_reescribe_los_mismos_archivos(red, copia, tmp_path):
    """Aplicar otra vez el acuse de la central no cambia nada y escribe, byte a byte, los mismos acuses municipales."""
    est = copia("est")
    otra = tmp_path / "otra-vez"
    codigo, r = cli(est, "importar", str(red["acuse"]), "--salida", str(otra))
    assert codigo == 0 and r["paquetes"][0]["sin_efecto"] == 6
    for archivo in otra.iterdir():
        assert archivo.read_bytes() == (red["salida"] / archivo.name).read_bytes()


def test_acuse_de_una_central_sin_sellos_se_aplica_pero_no_se_reenvia(red, copia, tmp_path):
    """Una central con el programa anterior no sella: la estatal lo aplica y dice que no puede reenviarlo."""
    est = copia("est")
    central = json.loads(red["acuse"].read_text(encoding="utf-8"))
    sin_sellos = {k: v for k, v in central.items() if k not in ("sellos", "firma")} | {"emitido_en": "2099-01-01T00:00:00Z"}
    archivo = tmp_path / "sin-sellos" / "acuse.json"
    archivo.parent.mkdir()
    archivo.write_text(json.dumps(firmar_documento(sin_sellos, privada(red["cen"]))), encoding="utf-8")
    codigo, r = cli(est, "importar", str(archivo))
    assert codigo == 0 and r["paquetes"][0]["reenviados"] == [], r
    assert "no trae un sello válido para M07089" in r["paquetes"][0]["texto"]
    assert sorted(p.name for p in archivo.parent.iterdir()) == ["acuse.json"]
    assert consultar(est, "select count(*) from acuse_recibido") == [(2,)]


HOSTILES = [None, 7, "x" * 5000, {}, "M07101", "0" * 64]


def test_t7_cada_campo_del_bloque_de_la_coordinacion_alterado_se_rechaza(red, copia, tmp_path):
    """La estatal, con su llave real, cambia cada campo del bloque (y de cada registro sellado) por valores hostiles:
    siempre un rechazo con código, nunca una falla ni un cambio en la base."""
    from base_local.apertura import abrir_base
    from base_local.rutas import Rutas
    from empaquetado.recepcion import aplicar_acuse

    mun = copia("mun")
    legitimo = red["legitimo"]["M07089"]
    antes = huella_base(mun)
    base = abrir_base(Rutas(mun).url_base)
    codigos = set()
    campos = [c for c in legitimo["coordinacion"] if c != "registros"]
    for campo in campos + ["registros.id", "registros.revision", "registros.estado", "registros.observacion"]:
        for valor in HOSTILES:
            bloque = json.loads(json.dumps(legitimo["coordinacion"]))
            if campo.startswith("registros."):
                bloque["registros"][-1][campo.split(".")[1]] = valor
            else:
                bloque[campo] = valor
            if bloque == legitimo["coordinacion"]:
                continue
            archivo = tmp_path / "acuse.json"
            archivo.write_text(json.dumps(firmado(legitimo, red["est"], coordinacion=bloque)), encoding="utf-8")
            r = aplicar_acuse(base, archivo)
            assert r["resultado"] == "rechazado", (campo, valor, r)
            codigos.add(r["codigo"])
    base.cerrar()
    assert codigos <= {"RESULTADO_NO_VERIFICADO", "RESULTADO_NO_CONCUERDA"}, codigos
    assert huella_base(mun) == antes


def test_frase_incorrecta_en_la_estatal_aplica_el_acuse_y_dice_que_faltan_los_de_las_municipales(red, copia, tmp_path, monkeypatch):
    est = copia("est")
    monkeypatch.setenv("FSUR_FRASE", "no es la frase")
    codigo, r = cli(est, "importar", str(red["acuse"]), "--salida", str(tmp_path / "m"))
    assert codigo == 2 and r["paquetes"][0]["resultado"] == "acuse_aplicado", r
    assert r["paquetes"][0]["aviso_reenvio"] == "FRASE_INCORRECTA" and "No se escribieron" in r["paquetes"][0]["texto"]
    assert not (tmp_path / "m").exists()
    monkeypatch.setenv("FSUR_FRASE", FRASE)
    codigo, r = cli(est, "importar", str(red["acuse"]), "--salida", str(tmp_path / "m"))
    assert codigo == 0 and len(r["paquetes"][0]["reenviados"]) == 2, r
