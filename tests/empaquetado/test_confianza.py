"""Fichas, registro por jurisdicción, rotación y revocación de llaves."""

import json

from tests.conftest import crear_oficina
from tests.empaquetado.util import cli, huella_base, red_de_oficinas


def test_estatal_no_registra_municipio_de_otra_entidad(tmp_path):
    crear_oficina(tmp_path / "est", "estatal", "27")
    crear_oficina(tmp_path / "mun", "municipal", "07", "07089")
    assert cli(tmp_path / "mun", "ficha", "--salida", str(tmp_path / "f.json"))[0] == 0
    antes = huella_base(tmp_path / "est")
    codigo, salida = cli(tmp_path / "est", "registrar-oficina", str(tmp_path / "f.json"))
    assert codigo == 2 and salida["error"] == "FUERA_DE_JURISDICCION"
    assert huella_base(tmp_path / "est") == antes


def test_ficha_alterada_o_ilegible_se_rechaza(tmp_path):
    crear_oficina(tmp_path / "est", "estatal", "07")
    crear_oficina(tmp_path / "mun", "municipal", "07", "07089")
    cli(tmp_path / "mun", "ficha", "--salida", str(tmp_path / "f.json"))
    ficha = json.loads((tmp_path / "f.json").read_text())
    ficha["oficina"]["nombre"] = "Oficina suplantada"
    (tmp_path / "alterada.json").write_text(json.dumps(ficha))
    assert cli(tmp_path / "est", "registrar-oficina", str(tmp_path / "alterada.json"))[1]["error"] == "FIRMA_INVALIDA"
    (tmp_path / "basura.json").write_bytes(b"\xff\xfe no json")
    codigo, salida = cli(tmp_path / "est", "registrar-oficina", str(tmp_path / "basura.json"))
    assert codigo == 2 and "no es una ficha" in salida["mensaje"]
    codigo, salida = cli(tmp_path / "est", "registrar-oficina", str(tmp_path / "f.json"))
    assert codigo == 0 and salida["resultado"] == "registrada"
    codigo, salida = cli(tmp_path / "est", "registrar-oficina", str(tmp_path / "f.json"))
    assert codigo == 0 and salida["resultado"] == "ya_registrada"


def test_rotacion_de_llave_sigue_aceptando_paquetes(tmp_path):
    red = red_de_oficinas(tmp_path)
    mun, est = red["mun"], red["est"]
    codigo, rot = cli(mun, "rotar-llave", "--salida", str(tmp_path / "rotacion.json"))
    assert codigo == 0
    assert cli(mun, "demo", "--registros", "2")[0] == 0
    _, p = cli(mun, "exportar", "--salida", str(tmp_path / "p"))
    assert cli(est, "verificar", p["archivo"])[1]["codigo"] == "FIRMANTE_DESCONOCIDO"
    codigo, reg = cli(est, "registrar-oficina", str(tmp_path / "rotacion.json"))
    assert codigo == 0 and reg["resultado"] == "rotada" and reg["huella"] == rot["huella"]
    assert cli(est, "importar", p["archivo"])[0] == 0


def test_aviso_de_rotacion_falsificado(tmp_path):
    red = red_de_oficinas(tmp_path)
    cli(red["mun"], "rotar-llave", "--salida", str(tmp_path / "rotacion.json"))
    aviso = json.loads((tmp_path / "rotacion.json").read_text())
    aviso["fecha"] = "2020-01-01"
    (tmp_path / "falso.json").write_text(json.dumps(aviso))
    assert cli(red["est"], "registrar-oficina", str(tmp_path / "falso.json"))[1]["error"] == "FIRMA_INVALIDA"


def test_frase_incorrecta_al_exportar(tmp_path, monkeypatch):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    monkeypatch.setenv("FSUR_FRASE", "no es la frase de la oficina")
    antes = huella_base(red["mun"])
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert codigo == 2 and salida["error"] == "FRASE_INCORRECTA"
    assert not (tmp_path / "p").exists()
    assert huella_base(red["mun"]) == antes


def test_acuse_de_llave_desconocida_o_revocada_no_cambia_nada(tmp_path):
    red = red_de_oficinas(tmp_path)
    crear_oficina(tmp_path / "mun2", "municipal", "07", "07089")  # otra instalación: no conoce a la estatal
    assert cli(red["mun"], "demo", "--registros", "2")[0] == 0
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    _, i = cli(red["est"], "importar", p["archivo"])
    assert cli(red["est"], "acuse", "--paquete", i["paquetes"][0]["paquete"], "--salida", str(tmp_path / "acuse.json"))[0] == 0
    antes = huella_base(tmp_path / "mun2")
    codigo, r = cli(tmp_path / "mun2", "importar", str(tmp_path / "acuse.json"))
    assert codigo == 2 and r["paquetes"][0]["codigo"] == "FIRMANTE_DESCONOCIDO"
    assert huella_base(tmp_path / "mun2") == antes
    huella_est = json.loads((tmp_path / "ficha-est.json").read_text())["huella"]
    assert cli(red["mun"], "revocar-llave", huella_est, "--motivo", "Prueba")[0] == 0
    antes = huella_base(red["mun"])
    codigo, r = cli(red["mun"], "importar", str(tmp_path / "acuse.json"))
    assert codigo == 2 and r["paquetes"][0]["codigo"] == "LLAVE_REVOCADA"
    assert huella_base(red["mun"]) == antes
