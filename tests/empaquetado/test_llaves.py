"""Llaves (T4, T5) y fichas (T8) probadas como el adversario: avisos y paquetes firmados con la llave retirada real,
fichas autofirmadas con claves mal formadas o con la llave de otra oficina. Cada rechazo deja la base idéntica."""

import base64
import json
import shutil
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest

from base_local.apertura import abrir_base
from base_local.rutas import Rutas
from empaquetado import formato as f
from empaquetado import llaves
from empaquetado.confianza import FORMATO_FICHA, FORMATO_ROTACION, firmar_documento, leer_ficha
from empaquetado.formato import json_canonico
from tests.conftest import crear_oficina
from tests.empaquetado.test_propiedad import rechazo
from tests.empaquetado.util import (
    cli,
    consultar,
    escribir_zip,
    huella_base,
    miembros,
    privada_de,
    red_de_oficinas,
    refirmar,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    """La municipal exporta p1 (secuencia 1), rota su llave (la vieja se guarda aparte, como la tendría quien la
    robó) y exporta p2 con la nueva. La estatal registra el aviso; nada importado aún."""
    raiz = tmp_path_factory.mktemp("llaves")
    carpetas = red_de_oficinas(raiz)
    mun, est = carpetas["mun"], carpetas["est"]
    assert cli(mun, "demo", "--registros", "3", "--semilla", "1")[0] == 0
    p1 = cli(mun, "exportar", "--salida", str(raiz / "p"))[1]["archivo"]
    (raiz / "vieja").mkdir()
    shutil.copy(mun / "llave_privada.json", raiz / "vieja" / "llave_privada.json")
    codigo, rot = cli(mun, "rotar-llave", "--salida", str(raiz / "rotacion.json"))
    assert codigo == 0
    assert cli(mun, "demo", "--registros", "2", "--semilla", "2")[0] == 0
    p2 = cli(mun, "exportar", "--salida", str(raiz / "p"))[1]["archivo"]
    codigo, reg = cli(est, "registrar-oficina", str(raiz / "rotacion.json"))
    assert codigo == 0 and reg["resultado"] == "rotada"
    return {"raiz": raiz, **carpetas, "p1": Path(p1), "p2": Path(p2), "vieja": raiz / "vieja"}


privada = privada_de


def activas(carpeta: Path) -> dict[str, int]:
    return dict(consultar(carpeta, "select oficina, count(*) from llave where estado = 'activa' group by oficina"))


def documento_rechazado(carpeta: Path, documento: dict, codigo: str, tmp_path: Path) -> str:
    archivo = tmp_path / f"documento-{uuid.uuid4().hex[:8]}.json"
    archivo.write_text(json.dumps(documento), encoding="utf-8")
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "registrar-oficina", str(archivo))
    assert (salida_codigo, salida.get("error")) == (2, codigo), salida
    assert huella_base(carpeta) == antes
    return salida["mensaje"]


def aviso_a_mano(anterior, nueva, oficina: str = "M07089", **extra) -> dict:
    """Aviso de rotación construido y firmado como lo haría quien tiene ambas llaves privadas."""
    cuerpo = {"formato": FORMATO_ROTACION, "oficina": oficina, "huella_anterior": llaves.huella(llaves.publica_cruda(anterior)),
              "llave_nueva": base64.b64encode(llaves.publica_cruda(nueva)).decode(),
              "huella_nueva": llaves.huella(llaves.publica_cruda(nueva)), "fecha": date.today().isoformat(), **extra}
    firmado = firmar_documento(cuerpo, nueva)
    firmado["firma_anterior"] = base64.b64encode(anterior.sign(json_canonico(cuerpo))).decode()
    return firmado


def ficha_a_mano(clave, tipo, entidad, municipio, superior, llave=None) -> dict:
    """Ficha autofirmada con lo que el adversario quiera declarar."""
    llave = llave or llaves.generar().privada
    publica = llaves.publica_cruda(llave)
    cuerpo = {"formato": FORMATO_FICHA, "oficina": {"clave": clave, "tipo": tipo, "nombre": "Oficina", "responsable": "X",
                                                    "entidad": entidad, "municipio": municipio, "superior": superior},
              "llave_publica": base64.b64encode(publica).decode(), "huella": llaves.huella(publica), "emitida": "2026-11-22"}
    return firmar_documento(cuerpo, llave)


def reenvasado(red, tmp_path, secuencia: int, firmante: Path) -> Path:
    """p1 con otro id y otra secuencia, refirmado con la llave de `firmante`."""
    lista = []
    for nombre, datos in miembros(red["p1"]):
        if nombre.endswith("envio.json"):
            envio = json.loads(datos)
            envio.update(id=str(uuid.uuid4()), secuencia=secuencia)
            datos = f.json_canonico(envio)
        lista.append((nombre, datos))
    return escribir_zip(tmp_path / f"sec{secuencia}.zip", refirmar(lista, firmante))


# --- T5: la llave retirada firma solo hasta su última secuencia; no anuncia nada --------------------------------


def test_t5_paquetes_de_la_llave_retirada_se_aceptan_hasta_su_ultima_secuencia(red, copia):
    est = copia("est")
    assert consultar(est, "select ultima_secuencia from llave where oficina = 'M07089' and estado = 'retirada'") == [(1,)]
    for paquete in (red["p1"], red["p2"]):  # p1 con la vieja (secuencia 1), p2 con la nueva
        codigo, salida = cli(est, "importar", str(paquete))
        assert codigo == 0 and salida["paquetes"][0]["resultado"] == "importado"


@pytest.mark.parametrize("secuencia", [2, 3, 1000])
def test_t5_llave_retirada_no_firma_paquetes_posteriores(red, copia, tmp_path, secuencia):
    est = copia("est")
    mensaje = rechazo(est, reenvasado(red, tmp_path, secuencia, red["vieja"]), "LLAVE_RETIRADA")
    assert f"hasta el paquete 1; este es el {secuencia}" in mensaje


def test_t5_aviso_firmado_por_la_llave_retirada_no_anuncia_nada(red, copia, tmp_path):
    """El caso del issue: la llave vieja anuncia una segunda rotación hacia una llave del atacante."""
    est = copia("est")
    aviso = aviso_a_mano(privada(red["vieja"]), llaves.generar().privada, ultima_secuencia=50)
    documento_rechazado(est, aviso, "LLAVE_RETIRADA", tmp_path)
    assert activas(est)["M07089"] == 1
    nueva = json.loads((red["raiz"] / "rotacion.json").read_text())["huella_nueva"]
    assert consultar(est, "select huella from llave where oficina = 'M07089' and estado = 'activa'") == [(nueva,)]


def test_t5_aviso_sin_ultima_secuencia_o_que_contradice_lo_recibido(red, copia, tmp_path):
    est = copia("est")
    activa = privada(red["mun"])
    for malo in ({}, {"ultima_secuencia": "1"}, {"ultima_secuencia": True}, {"ultima_secuencia": -1}, {"ultima_secuencia": 2**70}):
        documento_rechazado(est, aviso_a_mano(activa, llaves.generar().privada, **malo), "AVISO_INVALIDO", tmp_path)
    assert cli(est, "importar", str(red["p2"]))[0] == 0  # ya llegó el paquete 2 firmado con la llave activa
    mensaje = documento_rechazado(est, aviso_a_mano(activa, llaves.generar().privada, ultima_secuencia=1), "AVISO_INVALIDO", tmp_path)
    assert "ya se recibió el 2" in mensaje


def test_t5_aviso_de_la_llave_activa_rota_y_retira(red, copia, tmp_path):
    est = copia("est")
    assert cli(est, "importar", str(red["p2"]))[0] == 0
    archivo = tmp_path / "aviso.json"
    archivo.write_text(json.dumps(aviso_a_mano(privada(red["mun"]), llaves.generar().privada, ultima_secuencia=2)))
    codigo, salida = cli(est, "registrar-oficina", str(archivo))
    assert codigo == 0 and salida["resultado"] == "rotada"
    assert activas(est)["M07089"] == 1
    assert cli(est, "registrar-oficina", str(archivo))[1]["resultado"] == "ya_registrada"


# --- T4: exactamente una llave activa por oficina -----------------------------------------------------------------


def test_t4_registrar_rotar_y_revocar_dejan_una_llave_activa(red, copia, tmp_path):
    est = copia("est")
    assert set(activas(est).values()) == {1}
    otra = tmp_path / "otra-tapachula"
    crear_oficina(otra, "municipal", "07", "07089")  # una segunda instalación que dice ser Tapachula
    assert cli(otra, "ficha", "--salida", str(tmp_path / "otra.json"))[0] == 0
    documento_rechazado(est, json.loads((tmp_path / "otra.json").read_text()), "CLAVE_YA_REGISTRADA", tmp_path)
    huella = consultar(est, "select huella from llave where oficina = 'M07089' and estado = 'activa'")[0][0]
    assert cli(est, "revocar-llave", huella, "--motivo", "Equipo robado")[0] == 0
    assert "M07089" not in activas(est)
    assert consultar(est, "select estado from oficina where clave = 'M07089'") == [("revocada",)]
    assert cli(est, "registrar-oficina", str(tmp_path / "otra.json"))[0] == 0
    assert activas(est)["M07089"] == 1
    assert consultar(est, "select estado from oficina where clave = 'M07089'") == [("activa",)]


def test_t4_la_base_no_admite_dos_llaves_activas(red, copia):
    est = copia("est")
    con = sqlite3.connect(est / "registro.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("insert into llave (huella, oficina, publica, estado, registrada_en, motivo) "
                    "values (?, 'M07089', ?, 'activa', '2026-11-22 00:00:00', '')", ("f" * 64, b"\0" * 32))
    con.close()


def test_t4_revocar_la_llave_propia_se_rechaza(red, copia):
    mun = copia("mun")
    huella = consultar(mun, "select huella from llave where oficina = 'M07089' and estado = 'activa'")[0][0]
    antes = huella_base(mun)
    codigo, salida = cli(mun, "revocar-llave", huella, "--motivo", "Prueba")
    assert codigo == 2 and "rotar-llave" in salida["mensaje"]
    assert huella_base(mun) == antes


# --- T8: fichas comprobadas antes de confiar ----------------------------------------------------------------------


@pytest.mark.parametrize("clave, tipo, entidad, municipio, superior", [
    ("E07x", "estatal", "07", None, "CAIMFS"),  # el caso del issue: una segunda oficina estatal de Chiapas
    ("E07 ", "estatal", "07", None, "CAIMFS"),
    ("M07089-fantasma", "municipal", "07", "07089", "E07"),
    ("E07", "municipal", "07", None, "CAIMFS"),
    ("M07089", "municipal", "27", "07089", "E27"),
    ("M07089", "municipal", "07", "07087", "E07"),
    ("M07089", "municipal", "07", "07089", "CAIMFS"),
    ("E27", "estatal", "27", None, "E07"),
    ("CAIMFS", "central", None, None, None),
    (["E07"], "estatal", "07", None, "CAIMFS"),
])
def test_t8_ficha_con_clave_mal_formada_o_que_no_concuerda(red, copia, tmp_path, clave, tipo, entidad, municipio, superior):
    cen = copia("cen")
    codigo = "CLAVE_INVALIDA" if clave != "CAIMFS" else "FUERA_DE_JURISDICCION"
    documento_rechazado(cen, ficha_a_mano(clave, tipo, entidad, municipio, superior), codigo, tmp_path)


def test_t8_ficha_de_una_segunda_oficina_estatal_de_chiapas(red, copia, tmp_path):
    cen = copia("cen")
    documento_rechazado(cen, ficha_a_mano("E07", "estatal", "07", None, "CAIMFS"), "CLAVE_YA_REGISTRADA", tmp_path)


def test_t8_ficha_con_la_llave_de_otra_oficina(red, copia, tmp_path):
    """Tapachula firma con su llave real una ficha que dice ser Suchiate."""
    est = copia("est")
    ficha = ficha_a_mano("M07087", "municipal", "07", "07087", "E07", llave=privada(red["mun"]))
    assert "M07089" in documento_rechazado(est, ficha, "LLAVE_YA_REGISTRADA", tmp_path)


def test_t8_ficha_que_no_firma_su_propia_llave(red, copia, tmp_path):
    est = copia("est")
    ficha = ficha_a_mano("M07087", "municipal", "07", "07087", "E07")
    ficha["llave_publica"] = base64.b64encode(llaves.publica_cruda(llaves.generar().privada)).decode()
    documento_rechazado(est, ficha, "FIRMA_INVALIDA", tmp_path)
    documento_rechazado(est, {"formato": FORMATO_FICHA, "oficina": "M07087"}, "FICHA_INVALIDA", tmp_path)


def test_t8_leer_ficha_muestra_la_huella_sin_registrar(red, copia):
    """Lo que el escritorio muestra para comparar con la ficha impresa antes de confiar."""
    est = copia("est")
    ficha = ficha_a_mano("M07087", "municipal", "07", "07087", "E07")
    antes = huella_base(est)
    base = abrir_base(Rutas(est).url_base)
    with base.transaccion() as s:
        leida = leer_ficha(s, ficha)
    base.cerrar()
    assert (leida.clave, leida.tipo, leida.municipio, leida.nueva) == ("M07087", "municipal", "07087", True)
    assert leida.huella == ficha["huella"] and leida.huella_legible.replace(" ", "").lower() == ficha["huella"]
    assert huella_base(est) == antes


def test_t4_t5_migracion_de_una_base_con_dos_llaves_activas(tmp_path):
    """Una base que el defecto dejó con dos llaves activas sube a la cabeza con ambas revocadas (no se sabe cuál es
    la legítima) y con la última secuencia de cada llave retirada tomada de lo que ya había llegado."""
    from datetime import datetime

    from sqlalchemy import create_engine, text

    from base_local.esquema import migrar

    archivo = tmp_path / "vieja.sqlite"
    motor = create_engine(f"sqlite:///{archivo}")
    migrar(motor, "0004")
    momento, despues = datetime(2026, 5, 1), datetime(2026, 6, 1)
    with motor.begin() as con:
        for clave, tipo, entidad, municipio, superior in (("M07089", "municipal", "07", "07089", "E07"),
                                                         ("M07087", "municipal", "07", "07087", "E07")):
            con.execute(text("insert into oficina (clave,tipo,nombre,responsable,entidad,municipio,superior,estado,registrada_en) "
                             "values (:c,:t,'O','X',:e,:m,:s,'activa',:r)"), {"c": clave, "t": tipo, "e": entidad, "m": municipio,
                                                                             "s": superior, "r": momento})
        for huella, oficina, estado in (("a" * 64, "M07089", "retirada"), ("b" * 64, "M07089", "activa"),
                                        ("c" * 64, "M07089", "activa"), ("d" * 64, "M07087", "activa")):
            con.execute(text("insert into llave (huella,oficina,publica,estado,registrada_en,cambio_estado_en,motivo) "
                             "values (:h,:o,:p,:e,:r,:c,'')"), {"h": huella, "o": oficina, "p": b"\0" * 32, "e": estado,
                                                                 "r": momento, "c": despues if estado == "retirada" else None})
        for secuencia, cuando in ((1, momento), (4, momento), (5, datetime(2026, 7, 1))):
            con.execute(text("insert into paquete_entrada (id,oficina,secuencia,sha256,sha256_anterior,periodo,firmante,importado_en,conteos) "
                             "values (:i,'M07089',:s,'x','','2026T2','M07089',:c,'{}')"), {"i": f"p{secuencia}", "s": secuencia, "c": cuando})
    motor.dispose()
    abrir_base(f"sqlite:///{archivo}", tmp_path / "respaldos").cerrar()
    con = sqlite3.connect(archivo)
    filas = dict(((h[0], (e, u)) for h, e, u in con.execute("select huella, estado, ultima_secuencia from llave")))
    con.close()
    assert filas == {"a": ("retirada", 4), "b": ("revocada", None), "c": ("revocada", None), "d": ("activa", None)}
