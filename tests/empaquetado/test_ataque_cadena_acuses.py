"""Ataques a la cadena de acuses (T7) como los haría una oficina comprometida, con su llave privada REAL, o quien
encuentra archivos en una memoria USB: sellos de la Coordinación reenviados para otro paquete, de un acuse anterior o
con registros quitados; estatales ajenas; la municipal que se acusa sola; la huella de la central cambiada; JSON
hostil; nombres de archivo que salen de la carpeta de salida; y la central que sella para quien no debe."""

import base64
import functools
import json
import shutil
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from empaquetado import formato as f
from empaquetado import llaves
from empaquetado.acuses import cuerpo_sello
from empaquetado.confianza import firmar_documento
from empaquetado.formato import json_canonico
from tests.conftest import crear_oficina
from tests.empaquetado.forja import forjar
from tests.empaquetado.test_cadena_acuses import _importar, hasta_el_acuse_de_la_central, red_cadena
from tests.empaquetado.util import (
    cli,
    consultar,
    ejecutar,
    escribir_zip,
    huella_base,
    miembros,
    privada_de,
    refirmar,
)

TAPACHULA = "M07089"


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """La cadena con dos acuses de la central del mismo paquete de la estatal: a1, todo aceptado; a2, después, un
    registro de Tapachula observado. La estatal aplicó ambos y escribió los acuses de sus municipales en s1 y s2.
    Tapachula envió además un segundo paquete que nunca llegó a la central."""
    raiz = tmp_path_factory.mktemp("ataque")
    carpetas = red_cadena(raiz)
    hecho = hasta_el_acuse_de_la_central(raiz, carpetas, observar=False)
    paquete_est = json.loads(hecho["acuse"].read_text(encoding="utf-8"))["paquete"]
    observado = hecho["observado"]
    assert cli(carpetas["cen"], "observar", observado, "--texto", "Falta la lista de asistencia")[0] == 0
    a2 = raiz / "central-2" / "acuse.json"
    assert cli(carpetas["cen"], "acuse", "--paquete", paquete_est, "--salida", str(a2))[0] == 0
    s2 = raiz / "s2"
    aplicado = _importar(carpetas["est"], str(a2), "--salida", str(s2))
    assert aplicado["observada"] == 1, aplicado
    assert cli(carpetas["mun"], "demo", "--registros", "1", "--semilla", "9")[0] == 0
    segundo = cli(carpetas["mun"], "exportar", "--salida", str(raiz / "usb2"))[1]
    p_mun = hecho["paquetes"]["mun"]
    leer = lambda carpeta: json.loads((carpeta / f"acuse-{TAPACHULA}-0001.json").read_text(encoding="utf-8"))  # noqa: E731
    return {**carpetas, "raiz": raiz, "observado": observado, "a1": leer(hecho["salida"]), "a2": leer(s2),
            "acuse_central_1": hecho["acuse"], "acuse_central_2": a2, "p_mun": p_mun,
            "segundo": consultar(carpetas["mun"], "select id, sha256, secuencia from paquete_salida where archivo like :p0",
                                 f"%{Path(segundo['archivo']).name}")[0]}


privada = functools.cache(privada_de)  # scrypt tarda: una vez por oficina


def firmado(base: dict, clave: Ed25519PrivateKey, **cambios) -> dict:
    cuerpo = {k: v for k, v in base.items() if k != "firma"} | cambios
    cuerpo["huella_firmante"] = llaves.huella(llaves.publica_cruda(clave))
    return firmar_documento(cuerpo, clave)


def escribir(acuse: dict | str, tmp_path: Path) -> Path:
    archivo = tmp_path / f"acuse-{uuid.uuid4().hex[:8]}.json"
    archivo.write_text(acuse if isinstance(acuse, str) else json.dumps(acuse), encoding="utf-8")
    return archivo


def aplicar(carpeta: Path, acuse: dict | str, tmp_path: Path) -> tuple[int, dict]:
    codigo, salida = cli(carpeta, "importar", str(escribir(acuse, tmp_path)))
    return codigo, salida["paquetes"][0]


def rechazado(carpeta: Path, acuse: dict | str, codigos: str | set[str], tmp_path: Path) -> dict:
    antes = huella_base(carpeta)
    codigo, r = aplicar(carpeta, acuse, tmp_path)
    codigos = {codigos} if isinstance(codigos, str) else codigos
    assert codigo == 2 and r["resultado"] == "rechazado" and r["codigo"] in codigos, r
    assert huella_base(carpeta) == antes
    return r


def _estado(carpeta: Path, ident: str) -> tuple:
    return consultar(carpeta, "select a.estado, p.estado, p.origen, p.paquete from accion a join acuse_aplicado p "
                              "on p.accion_id = a.id where a.id = :p0", ident)[0]


# --- Repetición y vuelta atrás ------------------------------------------------------------------------------------


def test_t7_un_acuse_viejo_de_la_coordinacion_no_tapa_la_observacion_mas_reciente(red, copia, tmp_path):
    """La estatal reenvía (o repite) el «aceptada» viejo después de la «observada»: no tiene efecto; y en el orden
    natural la observación gana."""
    mun = copia("mun")
    codigo, r = aplicar(mun, red["a2"], tmp_path)
    assert codigo == 0 and r["observada"] == 1, r
    codigo, r = aplicar(mun, red["a1"], tmp_path)
    assert codigo == 0 and r["sin_efecto"] == 3 and r["aceptada"] == 0, r
    assert _estado(mun, red["observado"])[:3] == ("observada", "observada", "CAIMFS")
    otra = copia("mun2")  # y en orden: a1 y luego a2, en una copia fresca de Tapachula
    shutil.rmtree(otra)
    shutil.copytree(red["mun"], otra)
    assert aplicar(otra, red["a1"], tmp_path)[1]["aceptada"] == 3
    assert aplicar(otra, red["a2"], tmp_path)[1]["observada"] == 1
    assert _estado(otra, red["observado"])[:2] == ("observada", "observada")


def test_t7_el_sello_viejo_no_se_rejuvenece(red, copia, tmp_path):
    """La estatal, con su llave real, pone la fecha del acuse nuevo al sello viejo (todo aceptado), o el sello viejo
    bajo el acuse nuevo, o el sello nuevo con los resultados viejos."""
    mun = copia("mun")
    a1, a2 = red["a1"], red["a2"]
    est = privada(red["est"])
    rechazado(mun, firmado(a1, est, emitido_en=a2["emitido_en"]), "RESULTADO_NO_CONCUERDA", tmp_path)
    bloque = a1["coordinacion"] | {"emitido_en": a2["emitido_en"]}
    rechazado(mun, firmado(a1, est, emitido_en=a2["emitido_en"], coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    rechazado(mun, firmado(a2, est, registros=a1["registros"]), "RESULTADO_NO_CONCUERDA", tmp_path)
    rechazado(mun, firmado(a2, est, coordinacion=a1["coordinacion"]), "RESULTADO_NO_CONCUERDA", tmp_path)
    mezcla = a2["coordinacion"] | {"registros": a1["coordinacion"]["registros"]}
    rechazado(mun, firmado(a2, est, registros=a1["registros"], coordinacion=mezcla), "RESULTADO_NO_VERIFICADO", tmp_path)


def test_t7_quitar_o_reordenar_registros_del_sello(red, copia, tmp_path):
    """La estatal quita del bloque sellado el registro observado (y del acuse), o cambia su orden: el sello no cubre
    esa lista."""
    mun = copia("mun")
    a2 = red["a2"]
    est = privada(red["est"])
    sin_obs = [r for r in a2["coordinacion"]["registros"] if r["estado"] != "observada"]
    assert len(sin_obs) == len(a2["coordinacion"]["registros"]) - 1
    bloque = a2["coordinacion"] | {"registros": sin_obs}
    rechazado(mun, firmado(a2, est, registros=sin_obs, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    bloque = a2["coordinacion"] | {"registros": a2["coordinacion"]["registros"][::-1]}
    rechazado(mun, firmado(a2, est, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)
    bloque = a2["coordinacion"] | {"registros": a2["coordinacion"]["registros"] * 2}
    rechazado(mun, firmado(a2, est, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)


def test_t7_el_sello_no_acusa_otro_paquete_de_la_municipal(red, copia, tmp_path):
    """La estatal pone el sello legítimo de Tapachula en un acuse de OTRO paquete de Tapachula (uno que la central
    nunca vio): con los registros sellados, o sin ninguno. Envíos diría que la Coordinación acusó ese paquete."""
    mun = copia("mun")
    a2 = red["a2"]
    est = privada(red["est"])
    ident, sha, secuencia = red["segundo"]
    otro = {"paquete": ident, "huella_paquete": sha, "secuencia": secuencia}
    rechazado(mun, firmado(a2, est, **otro), "RESULTADO_NO_CONCUERDA", tmp_path)
    rechazado(mun, firmado(a2, est, **otro, registros=[]), "RESULTADO_NO_CONCUERDA", tmp_path)
    # Su propio paquete, pero sin registros: tampoco es un resultado de la Coordinación.
    rechazado(mun, firmado(a2, est, registros=[]), "RESULTADO_NO_CONCUERDA", tmp_path)
    assert consultar(mun, "select count(*) from acuse_recibido where origen = 'CAIMFS'") == [(0,)]


# --- Quién firma ----------------------------------------------------------------------------------------------


def test_t7_estatal_de_otro_estado_no_acusa_a_la_municipal(red, copia, tmp_path):
    """Campeche (E04), con su llave real, firma el acuse legítimo (diciendo ser E04 o E07): Tapachula no la conoce."""
    mun = copia("mun")
    campeche = tmp_path / "e04"
    crear_oficina(campeche, "estatal", "04")
    clave = privada(campeche)
    rechazado(mun, firmado(red["a2"], clave), "FIRMANTE_DESCONOCIDO", tmp_path)
    rechazado(mun, firmado(red["a2"], clave, emisor="E04"), "FIRMANTE_DESCONOCIDO", tmp_path)


def test_t7_la_municipal_no_se_acusa_sola(red, copia, tmp_path):
    """Tapachula, con su propia llave real, se fabrica su «aceptada por la Coordinación» (como de E07 o de sí misma),
    también con un sello hecho con su llave."""
    mun = copia("mun")
    clave = privada(red["mun"])
    a2 = red["a2"]
    aceptados = [r | {"estado": "aceptada", "observacion": ""} for r in a2["registros"]]
    codigos = {"ACUSE_AJENO", "FIRMANTE_DESCONOCIDO"}
    rechazado(mun, firmado(a2, clave, registros=aceptados), codigos, tmp_path)
    rechazado(mun, firmado(a2, clave, registros=aceptados, emisor=TAPACHULA), codigos, tmp_path)
    publica = llaves.publica_cruda(clave)
    bloque = a2["coordinacion"] | {"registros": aceptados, "llave_publica": base64.b64encode(publica).decode()}
    bloque["sello"] = base64.b64encode(clave.sign(json_canonico(cuerpo_sello(bloque, TAPACHULA, aceptados)))).decode()
    rechazado(mun, firmado(a2, clave, registros=aceptados, coordinacion=bloque), codigos, tmp_path)


def test_t7_llave_de_la_coordinacion_distinta_de_la_fijada(red, copia, tmp_path):
    """El bloque trae otra llave (nueva, hecha por la estatal) con un sello válido de esa llave; con su huella o con
    la huella de la central fijada."""
    mun = copia("mun")
    a2 = red["a2"]
    est = privada(red["est"])
    falsa = Ed25519PrivateKey.generate()
    publica = llaves.publica_cruda(falsa)
    aceptados = [r | {"estado": "aceptada", "observacion": ""} for r in a2["registros"]]
    for huella in (llaves.huella(publica), a2["coordinacion"]["huella_firmante"]):
        bloque = a2["coordinacion"] | {"registros": aceptados, "llave_publica": base64.b64encode(publica).decode(),
                                       "huella_firmante": huella}
        bloque["sello"] = base64.b64encode(falsa.sign(json_canonico(cuerpo_sello(bloque, TAPACHULA, aceptados)))).decode()
        rechazado(mun, firmado(a2, est, registros=aceptados, coordinacion=bloque), "RESULTADO_NO_VERIFICADO", tmp_path)


def test_t7_la_estatal_no_cambia_la_huella_fijada_de_la_central(red, copia, tmp_path):
    """Ninguna entrada de la estatal cambia la huella de la central fijada: ni una «ficha de la central» que ella
    fabrica con su llave, ni una actualización que firma; y `fijar-central` no admite la llave de otra oficina
    registrada (la estatal que le dicta su propia huella a la municipal como si fuera de la central)."""
    mun = copia("mun")
    fijada = consultar(mun, "select valor from ajuste where clave = 'huella_central'")
    huella_estatal = json.loads((red["raiz"] / "ficha-est.json").read_text(encoding="utf-8"))["huella"]
    antes = huella_base(mun)
    for reemplazar in ((), ("--reemplazar",)):
        codigo, r = cli(mun, "fijar-central", huella_estatal, *reemplazar)
        assert codigo != 0 and r["error"] == "CENTRAL_INVALIDA", r
        assert "E07" in r["mensaje"]
    assert huella_base(mun) == antes
    # En una municipal sin huella fijada tampoco.
    ejecutar(mun, "delete from ajuste where clave = 'huella_central'")
    codigo, r = cli(mun, "fijar-central", huella_estatal)
    assert codigo != 0 and r["error"] == "CENTRAL_INVALIDA", r
    ejecutar(mun, f"insert into ajuste (clave, valor) values ('huella_central', '{fijada[0][0]}')")
    # Actualización de catálogos firmada por la estatal con su llave real, presentándose como CAIMFS.
    est = privada(red["est"])
    publica = llaves.publica_cruda(est)
    actualizacion = firmar_documento({"formato": "fsur-actualizacion/1", "oficina": "CAIMFS", "version": "2099.1",
                                      "version_base": "0.0", "emitida": "2099-01-01", "huella": llaves.huella(publica),
                                      "llave_publica": base64.b64encode(publica).decode(),
                                      "catalogos": {"instituciones": [{"x": "y"}]}}, est)
    antes = huella_base(mun)
    codigo, r = aplicar(mun, actualizacion, tmp_path)
    assert codigo == 2 and r["codigo"] == "ACTUALIZACION_AJENA", r
    # Una ficha «de la central» hecha por la estatal: la municipal solo registra a su superior.
    falsa = json.loads((red["raiz"] / "ficha-cen.json").read_text(encoding="utf-8"))
    ficha = firmar_documento({k: v for k, v in falsa.items() if k not in ("firma", "huella", "llave_publica")}
                             | {"llave_publica": base64.b64encode(publica).decode(), "huella": llaves.huella(publica)}, est)
    archivo = escribir(ficha, tmp_path)
    codigo, r = cli(mun, "registrar-oficina", str(archivo))
    assert codigo != 0, r
    assert huella_base(mun) == antes
    assert consultar(mun, "select valor from ajuste where clave = 'huella_central'") == fijada


# --- JSON hostil en el bloque nuevo -------------------------------------------------------------------------------


def _texto_firmado(red, **cambios) -> str:
    return json.dumps(firmado(red["a2"], privada(red["est"]), **cambios))


def test_t7_json_hostil_en_el_bloque_de_la_coordinacion(red, copia, tmp_path):
    """Claves repetidas, anidamiento profundo, tipos raros y tamaños grandes en `coordinacion`, firmados por la
    estatal con su llave real: un código estable, nunca una falla, y la base igual."""
    mun = copia("mun")
    a2 = red["a2"]
    bloque = a2["coordinacion"]
    # Claves repetidas: la primera «coordinacion» sería la buena para un lector laxo, la segunda la del atacante.
    texto = _texto_firmado(red)
    repetido = texto.replace('"coordinacion": {', '"coordinacion": {"oficina": "M07101", ', 1)
    rechazado(mun, repetido, "JSON_INVALIDO", tmp_path)
    rechazado(mun, texto[:-1] + ', "coordinacion": {}}', "JSON_INVALIDO", tmp_path)
    # Anidamiento profundo dentro de un registro sellado y dentro del bloque.
    hondo = "[" * 5000 + "]" * 5000
    rechazado(mun, texto.replace('"sello": ', f'"x": {hondo}, "sello": ', 1), "JSON_INVALIDO", tmp_path)
    # NaN e infinitos.
    rechazado(mun, texto.replace('"sello": ', '"x": NaN, "sello": ', 1), "JSON_INVALIDO", tmp_path)
    est = privada(red["est"])
    hostiles = [
        bloque | {"registros": [{"id": "x" * 36, "revision": 10**40, "estado": "aceptada", "observacion": ""}]},
        bloque | {"registros": [r | {"revision": 1.0} for r in bloque["registros"]]},
        bloque | {"registros": [r | {"revision": True} for r in bloque["registros"]]},
        bloque | {"registros": [r | {"observacion": ["a"]} for r in bloque["registros"]]},
        bloque | {"registros": [r | {"extra": {"a": [1, 2, {"b": None}]}} for r in bloque["registros"]]},
        bloque | {"registros": {"0": bloque["registros"][0]}},
        bloque | {"llave_publica": base64.b64encode(b"\0" * 32).decode()},
        bloque | {"llave_publica": base64.b64encode(b"\1" * 4000).decode()},
        bloque | {"llave_publica": "=" * 44},
        bloque | {"sello": base64.b64encode(b"\0" * 64).decode()},
        bloque | {"sello": base64.b64encode(b"\0" * 10).decode()},
        bloque | {"sello": "ñ" * 88},
        bloque | {"autor": "x" * 200_000},
        bloque | {"oficina": "M07089/../M07101"},
        bloque | {"emitido_en": "9999-99-99T99:99:99Z"},
        [bloque],
        None,
        10**30,
    ]
    for hostil in hostiles:
        rechazado(mun, firmado(a2, est, coordinacion=hostil), {"RESULTADO_NO_VERIFICADO", "RESULTADO_NO_CONCUERDA"}, tmp_path)
    # Registros del acuse (no del bloque) raros junto a un bloque legítimo.
    for registros in ([{"id": "a", "revision": 2**70, "estado": "aceptada"}], [a2["registros"][0]] * 2, "todos"):
        rechazado(mun, firmado(a2, est, registros=registros), {"ACUSE_INVALIDO", "RESULTADO_NO_CONCUERDA"}, tmp_path)
    # Un acuse de más de 16 MiB ni se lee.
    grande = firmado(a2, est, coordinacion=bloque | {"relleno": "x" * (17 * 1024**2)})
    rechazado(mun, grande, {"ACUSE_INVALIDO", "ARCHIVO_GRANDE", "JSON_INVALIDO", "DEMASIADO_GRANDE"}, tmp_path)


# --- Nombres de archivo y --salida en la estatal --------------------------------------------------------------


def _cadena_con_paquete(raiz: Path, red_: dict, id_paquete: str) -> dict:
    """Tapachula (comprometida) firma con su llave real un paquete cuyo id es `id_paquete`; se devuelve lo que pasa
    al importarlo en la estatal."""
    usb = raiz / "usb"
    assert cli(red_["mun"], "demo", "--registros", "1", "--semilla", "4")[0] == 0
    cifrado = Path(cli(red_["mun"], "exportar", "--salida", str(usb))[1]["archivo"])
    real = red_["mun"] / "enviados" / cifrado.name.removesuffix(".age")  # la copia en claro que guarda quien envía
    miembros_ = []
    for nombre, datos in miembros(real):
        if nombre == f.RAIZ + "envio.json":
            envio = json.loads(datos)
            envio["id"] = id_paquete
            datos = f.json_canonico(envio)
        miembros_.append((nombre, datos))
    forjado = escribir_zip(usb / "forjado.zip", refirmar(miembros_, red_["mun"]))
    codigo, salida = cli(red_["est"], "importar", str(forjado))
    return {"salida": codigo, **salida["paquetes"][0]}


@pytest.mark.parametrize("id_paquete", ["../../../fuera-de-la-salida", "a/b", "..", "c:x", "nombre con espacio"])
def test_t7_id_de_paquete_que_seria_una_ruta_se_rechaza_al_importar(tmp_path, id_paquete):
    """Una municipal comprometida firma un paquete cuyo id sería, en la estatal, parte del nombre
    `acuse-<oficina>-<paquete>.json`: no se importa (y así nunca llega a un nombre de archivo)."""
    red_ = red_cadena(tmp_path)
    antes = huella_base(red_["est"])
    r = _cadena_con_paquete(tmp_path, red_, id_paquete)
    assert (r["salida"], r["resultado"], r["codigo"]) == (2, "rechazado", "ESQUEMA_INVALIDO"), r
    assert "no es un id de paquete" in r["mensaje"]
    assert huella_base(red_["est"]) == antes


def test_t7_la_estatal_no_escribe_fuera_de_la_salida_aunque_la_base_guarde_un_id_hostil(red, copia, tmp_path):
    """Una base de una versión anterior guarda un paquete municipal con un id que es una ruta: el acuse de la central
    se aplica y ese acuse municipal no se escribe (se dice por qué); nada aparece fuera de --salida."""
    est = copia("est")
    hostil = "../../../../fuera"
    ejecutar(est, f"update paquete_entrada set id = '{hostil}' where id = '{red['p_mun']}'")
    salida = tmp_path / "a" / "b" / "salida"
    antes = {p for p in tmp_path.rglob("*")}
    codigo, r = cli(est, "importar", str(red["acuse_central_2"]), "--salida", str(salida))
    hecho = r["paquetes"][0]
    assert hecho["resultado"] == "acuse_aplicado", hecho
    nuevos = {p for p in tmp_path.rglob("*")} - antes
    assert all(p == salida or salida in p.parents or p in salida.parents for p in nuevos), sorted(map(str, nuevos))
    assert not (tmp_path / "a" / "fuera.json").exists()
    assert any("no se reenvi" in a for a in hecho["avisos_reenvio"]), hecho
    assert [p.name.split("-")[1] for p in salida.iterdir()] == ["M07101"]


def test_t7_enlace_en_la_carpeta_de_salida_no_escribe_fuera(red, copia, tmp_path):
    """Quien prepara la memoria USB deja, donde la estatal escribirá los acuses (por omisión, junto al acuse de la
    central), enlaces con el nombre del archivo final y del temporal que apuntan a archivos de la máquina."""
    est = copia("est")
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(red["acuse_central_2"], usb / "acuse.json")
    victima = tmp_path / "victima.txt"
    victima.write_text("no me toques", encoding="utf-8")
    final = usb / f"acuse-{TAPACHULA}-0001.json"
    final.with_name(final.name + ".parcial").symlink_to(victima)
    codigo, r = cli(est, "importar", str(usb / "acuse.json"))
    assert codigo == 0 and len(r["paquetes"][0]["reenviados"]) == 2, r
    assert victima.read_text(encoding="utf-8") == "no me toques"
    assert not final.is_symlink() and json.loads(final.read_text(encoding="utf-8"))["oficina_destino"] == TAPACHULA
    # El archivo final como enlace: se reemplaza el enlace, no el archivo al que apunta.
    final.unlink()
    final.symlink_to(victima)
    codigo, r = cli(est, "importar", str(usb / "acuse.json"))
    assert codigo == 0, r
    assert victima.read_text(encoding="utf-8") == "no me toques" and not final.is_symlink()


@pytest.mark.parametrize("caso", ["archivo", "carpeta_con_el_nombre", "rara"])
def test_t7_salida_rara_aplica_el_acuse_y_dice_que_falto(red, copia, tmp_path, caso):
    """--salida que es un archivo, o una carpeta ocupando el nombre del acuse, o con caracteres raros: el acuse de la
    central queda aplicado y se dice qué faltó con un código de disco o de salida, nunca una falla del programa."""
    est = copia("est")
    salida = tmp_path / "salida"
    if caso == "archivo":
        salida.write_text("ocupado", encoding="utf-8")
    elif caso == "carpeta_con_el_nombre":
        (salida / f"acuse-{TAPACHULA}-0001.json").mkdir(parents=True)
    else:
        salida = tmp_path / "sa lida ?%#ñ" / "más"
    codigo, r = cli(est, "importar", str(red["acuse_central_2"]), "--salida", str(salida))
    hecho = r["paquetes"][0]
    assert hecho["resultado"] == "acuse_aplicado", hecho
    if caso == "rara":
        assert codigo == 0 and len(hecho["reenviados"]) == 2, hecho
        return
    assert codigo == 2 and hecho["aviso_reenvio"] == "SALIDA_INVALIDA", hecho
    assert str(salida) in hecho["texto"]
    if caso == "archivo":
        assert salida.read_text(encoding="utf-8") == "ocupado"


# --- La central -------------------------------------------------------------------------------------------------


def test_t7_la_estatal_no_logra_que_la_central_selle_para_una_municipal_ajena(red, copia, tmp_path):
    """Chiapas, con su llave real, reenvía a la central un registro «de Tabasco» (M27004) o rehace el origen de un
    registro de Tapachula que la central ya tiene: la central lo rechaza y no hay nada que sellar."""
    cen = copia("cen")
    est = red["est"]
    modelo = next((est / "enviados").glob("envio-E07-*.zip"))
    antes = huella_base(cen)
    siguiente = consultar(cen, "select max(secuencia) + 1, (select sha256 from paquete_entrada where oficina='E07' "
                               "order by secuencia desc limit 1) from paquete_entrada where oficina = 'E07'")[0]
    tapachula = consultar(cen, "select id from accion where oficina_origen = :p0 limit 1", TAPACHULA)[0][0]

    def tabasco(registros):
        registros[0] |= {"id": str(uuid.uuid4()), "oficina_origen": "M27004", "entidad": "27", "municipio": "27004"}

    def readscrito(registros):
        registro = next(r for r in registros if r["id"] == tapachula)
        registro |= {"oficina_origen": "M07101", "municipio": "07101"}

    for cambio, codigos in ((tabasco, {"FUERA_DE_JURISDICCION", "ORIGEN_INVALIDO"}), (readscrito, {"ORIGEN_AJENO"})):
        paquete = forjar(modelo, est, tmp_path / f"{cambio.__name__}.zip", secuencia=siguiente[0], anterior=siguiente[1],
                         cambio=cambio)
        codigo, r = cli(cen, "importar", str(paquete))
        assert codigo == 2 and r["paquetes"][0]["codigo"] in codigos, r
        assert huella_base(cen) == antes
    # Y el acuse de la central sella solo a las municipales de la estatal destinataria.
    acuse = json.loads(red["acuse_central_2"].read_text(encoding="utf-8"))
    assert set(acuse["sellos"]) == {TAPACHULA, "M07101"}


# --- Texto de las observaciones (T13) -------------------------------------------------------------------------


@pytest.mark.parametrize("texto", ["Borre\x00esto", "\x1b[2J\x1b[31mRECHAZADO", "x" * 30_000])
def test_t13_observacion_hostil_en_un_acuse_de_la_estatal(red, copia, tmp_path, texto):
    """La estatal, con su llave real, manda su propio acuse (sin la Coordinación, más reciente) con una observación
    con caracteres de control (NUL: PostgreSQL no lo guarda) o enorme: ACUSE_INVALIDO, la base igual."""
    mun = copia("mun")
    a2 = red["a2"]
    propio = {k: v for k, v in a2.items() if k != "coordinacion"} | {"emitido_en": "2099-01-01T00:00:00Z"}
    registros = [r | {"estado": "observada", "observacion": texto} for r in a2["registros"]]
    r = rechazado(mun, firmado(propio, privada(red["est"]), registros=registros), "ACUSE_INVALIDO", tmp_path)
    assert "observacion" in r["mensaje"]
    rechazado(mun, firmado(propio, privada(red["est"]), autor="E07\x00"), "ACUSE_INVALIDO", tmp_path)


def test_t13_la_central_no_sella_observaciones_con_caracteres_de_control(red, copia, tmp_path):
    """Texto pegado de Word en la central: `observar` lo rechaza nombrando el problema (así nunca va sellado a un
    municipio que tendría que rechazar el acuse entero)."""
    cen = copia("cen")
    antes = huella_base(cen)
    codigo, r = cli(cen, "observar", red["observado"], "--texto", "Adjunte\x0bla lista")
    assert codigo == 2 and "carácter de control" in r["mensaje"], r
    assert huella_base(cen) == antes


def test_t7_un_acuse_viejo_de_la_central_no_pisa_el_archivo_mas_reciente_para_la_municipal(red, copia, tmp_path):
    """En la memoria USB aparece otra vez el acuse viejo de la central (todo aceptado) y la estatal lo aplica en la
    carpeta donde ya escribió el de la observación: el archivo para Tapachula sigue siendo el más reciente."""
    est = copia("est")
    carpeta = tmp_path / "para-municipales"
    assert cli(est, "importar", str(red["acuse_central_2"]), "--salida", str(carpeta))[0] == 0
    archivo = carpeta / f"acuse-{TAPACHULA}-0001.json"
    nuevo = archivo.read_bytes()
    codigo, r = cli(est, "importar", str(red["acuse_central_1"]), "--salida", str(carpeta))
    assert codigo == 0 and r["paquetes"][0]["sin_efecto"] == 6, r
    assert archivo.read_bytes() == nuevo
    assert any("más reciente" in a for a in r["paquetes"][0]["avisos_reenvio"]), r
    # Y al revés sí: el nuevo reemplaza al viejo.
    otra = tmp_path / "otra"
    assert cli(est, "importar", str(red["acuse_central_1"]), "--salida", str(otra))[0] == 0
    assert cli(est, "importar", str(red["acuse_central_2"]), "--salida", str(otra))[0] == 0
    assert (otra / archivo.name).read_bytes() == nuevo


def test_t7_la_estatal_y_la_central_no_aplican_el_acuse_de_una_municipal(red, copia, tmp_path):
    """El archivo para Tapachula llega a la estatal que lo escribió o a la central: no es para ellas."""
    for nombre in ("est", "cen"):
        rechazado(copia(nombre), red["a2"], {"ACUSE_AJENO", "FIRMANTE_DESCONOCIDO"}, tmp_path)


def test_t13_nul_en_la_observacion_no_llega_a_postgresql(red, tmp_path, servidor_pg):
    """Tapachula en PostgreSQL (que no guarda un NUL en un texto): el acuse de la estatal con un NUL en la observación
    se rechaza con ACUSE_INVALIDO por su forma, antes de cualquier consulta, nunca con una falla."""
    from tests.empaquetado.util import BASES

    mun = tmp_path / "mun-pg"
    url = servidor_pg.base_nueva()
    crear_oficina(mun, "municipal", "07", "07089", url)
    BASES[mun] = url
    assert cli(mun, "registrar-oficina", str(red["raiz"] / "ficha-est.json"))[0] == 0
    propio = {k: v for k, v in red["a2"].items() if k != "coordinacion"} | {"emitido_en": "2099-01-01T00:00:00Z"}
    registros = [r | {"estado": "observada", "observacion": "a\x00b"} for r in propio["registros"]]
    rechazado(mun, firmado(propio, privada(red["est"]), registros=registros), "ACUSE_INVALIDO", tmp_path)
