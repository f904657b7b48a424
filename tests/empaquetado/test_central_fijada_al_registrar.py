"""La estatal que registra la ficha de la Coordinación (comparada en papel, T8) deja fijada por ese mismo acto su
huella: aplica sus actualizaciones de catálogos sin «fijar-central» aparte; una huella ya fijada no se cambia así."""

import json

from tests.conftest import crear_oficina
from tests.empaquetado.test_actualizacion import INSTITUCIONES, _carpeta_csv
from tests.empaquetado.util import cli, consultar, ficha_sin_cifrado, huella_base


def _red(raiz):
    carpetas = {"est": raiz / "est", "cen": raiz / "cen", "mun": raiz / "mun"}
    crear_oficina(carpetas["est"], "estatal", "07")
    crear_oficina(carpetas["cen"], "central")
    crear_oficina(carpetas["mun"], "municipal", "07", "07089")
    fichas = {n: ficha_sin_cifrado(c, raiz / f"ficha-{n}.json") for n, c in carpetas.items()}
    return carpetas, fichas


def _fijada(carpeta):
    return consultar(carpeta, "select valor from ajuste where clave = 'huella_central'")


def test_registrar_la_ficha_de_la_central_fija_su_huella_y_su_actualizacion_se_aplica(tmp_path):
    carpetas, fichas = _red(tmp_path)
    huella = json.loads(fichas["cen"].read_text(encoding="utf-8"))["huella"]
    codigo, r = cli(carpetas["est"], "registrar-oficina", str(fichas["cen"]))
    assert codigo == 0 and r["central_fijada"] and r["resultado"] == "registrada"
    assert _fijada(carpetas["est"]) == [(huella,)]
    actualizacion = tmp_path / "act.json"
    assert cli(carpetas["cen"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, instituciones=INSTITUCIONES)),
               "--salida", str(actualizacion))[0] == 0
    codigo, r = cli(carpetas["est"], "importar", str(actualizacion))
    assert codigo == 0 and r["paquetes"][0]["resultado"] == "actualizacion_aplicada", r  # antes: CENTRAL_DESCONOCIDA


def test_registrar_otra_oficina_o_con_huella_ya_fijada_no_fija_ni_cambia_nada(tmp_path):
    carpetas, fichas = _red(tmp_path)
    assert cli(carpetas["est"], "registrar-oficina", str(fichas["mun"]))[0] == 0
    assert _fijada(carpetas["est"]) == []  # una municipal no es la Coordinación
    otra = "ab" * 32
    assert cli(carpetas["est"], "fijar-central", otra)[0] == 0
    codigo, r = cli(carpetas["est"], "registrar-oficina", str(fichas["cen"]))
    assert codigo == 0 and "central_fijada" not in r
    assert _fijada(carpetas["est"]) == [(otra,)]  # cambiarla es «fijar-central --reemplazar», tras comparar


def test_volver_a_registrar_la_ficha_ya_registrada_fija_la_huella_que_faltaba(tmp_path):
    """Una estatal que registró la ficha con una versión anterior (sin huella fijada) la registra otra vez."""
    carpetas, fichas = _red(tmp_path)
    assert cli(carpetas["est"], "registrar-oficina", str(fichas["cen"]))[0] == 0
    from tests.empaquetado.util import ejecutar

    ejecutar(carpetas["est"], "delete from ajuste where clave = 'huella_central'")
    codigo, r = cli(carpetas["est"], "registrar-oficina", str(fichas["cen"]))
    assert codigo == 0 and r["central_fijada"] and r["resultado"] == "ya_registrada"
    assert _fijada(carpetas["est"]) == [(json.loads(fichas["cen"].read_text(encoding="utf-8"))["huella"],)]
    antes = huella_base(carpetas["est"])
    codigo, r = cli(carpetas["est"], "registrar-oficina", str(fichas["cen"]))  # la tercera vez: nada cambia
    assert codigo == 0 and "central_fijada" not in r and huella_base(carpetas["est"]) == antes
