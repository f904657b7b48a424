"""Extremo a extremo con rotación de llaves a la mitad, en SQLite y PostgreSQL: municipal → estatal → central en dos
trimestres, edición, anulación, aprobación, enmienda y acuses de ida y vuelta; al final los totales por sexo de la
central son los de los registros vivos de la municipal."""

import json
import shutil
import uuid
from datetime import date

from base_local.periodos import anterior, periodo_de
from empaquetado import formato as f
from tests.empaquetado.test_flujo import _editar_y_anular, _totales
from tests.empaquetado.util import (
    cli,
    consultar,
    escribir_zip,
    huella_base,
    miembros,
    red_de_oficinas,
    refirmar,
)


def _importar(carpeta, archivo) -> dict:
    codigo, salida = cli(carpeta, "importar", str(archivo))
    assert codigo == 0, salida
    return salida["paquetes"][0]


def _activas(carpeta) -> list[tuple]:
    return consultar(carpeta, "select oficina, count(*) from llave where estado = 'activa' group by oficina having count(*) > 1")


def test_flujo_con_rotacion_a_la_mitad(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    mun, est, cen = red["mun"], red["est"], red["cen"]
    salida = str(tmp_path / "paquetes")
    assert cli(mun, "demo", "--registros", "40")[0] == 0
    previo = anterior(periodo_de(date.today()))

    # Primer trimestre con las llaves originales; la central lo aprueba.
    _, p1 = cli(mun, "exportar", "--salida", salida, "--periodo", previo)
    assert _importar(est, p1["archivo"])["nuevos"] == p1["registros"] > 0
    _, e1 = cli(est, "exportar", "--salida", salida)
    assert _importar(cen, e1["archivo"])["nuevos"] == p1["registros"]
    assert cli(cen, "aprobar-periodo", "M07089", previo)[0] == 0

    # Rotación a la mitad: la municipal y la estatal cambian de llave; cada superior (y la municipal) registra el aviso.
    for carpeta in (mun, est):
        (tmp_path / f"vieja-{carpeta.name}").mkdir()
        shutil.copy(carpeta / "llave_privada.json", tmp_path / f"vieja-{carpeta.name}" / "llave_privada.json")
    assert cli(mun, "rotar-llave", "--salida", str(tmp_path / "rot-mun.json"))[0] == 0
    assert cli(est, "rotar-llave", "--salida", str(tmp_path / "rot-est.json"))[0] == 0
    for receptor, aviso in ((est, "rot-mun.json"), (cen, "rot-est.json"), (mun, "rot-est.json")):
        codigo, r = cli(receptor, "registrar-oficina", str(tmp_path / aviso))
        assert codigo == 0 and r["resultado"] == "rotada", r
    assert json.loads((tmp_path / "rot-mun.json").read_text())["ultima_secuencia"] == 1

    # Segundo trimestre con las llaves nuevas: lo nuevo, una edición y una anulación del trimestre aprobado.
    _editar_y_anular(mun)
    _, p2 = cli(mun, "exportar", "--salida", salida)
    i2 = _importar(est, p2["archivo"])
    assert (i2["actualizados"], i2["nuevos"]) == (2, 40 - p1["registros"])
    _, e2 = cli(est, "exportar", "--salida", salida)
    c2 = _importar(cen, e2["archivo"])
    assert c2["enmiendas"] >= 2 and c2["actualizados"] == 0  # el trimestre aprobado no cambia solo

    # La llave vieja de la municipal, en manos de otro, ya no firma el paquete 3 (la estatal no cambia).
    lista = [(n, f.json_canonico(json.loads(d) | {"id": str(uuid.uuid4()), "secuencia": 3}) if n.endswith("envio.json") else d)
             for n, d in miembros(p1["archivo"])]
    falso = escribir_zip(tmp_path / "falso.zip", refirmar(lista, tmp_path / "vieja-mun"))
    antes = huella_base(est)
    codigo, r = cli(est, "importar", str(falso))
    assert codigo == 2 and r["paquetes"][0]["codigo"] == "LLAVE_RETIRADA"
    assert huella_base(est) == antes

    # La central aprueba las enmiendas; sus cifras quedan iguales a las de los registros vivos de la municipal.
    for pendiente in cli(cen, "conflictos")[1]["pendientes"]:
        assert cli(cen, "resolver-conflicto", str(pendiente["id"]), "--conservar", "recibida", "--nota", "Corrección con lista firmada")[0] == 0
    assert _totales(cen) == _totales(est) == _totales(mun)
    assert _totales(cen)[5] == 39
    assert {o for (o,) in consultar(cen, "select distinct oficina_origen from accion")} == {"M07089"}
    assert _activas(cen) == _activas(est) == _activas(mun) == []

    # Acuses de ida y vuelta con las llaves nuevas: central → estatal → municipal.
    assert cli(cen, "acuse", "--paquete", c2["paquete"], "--salida", str(tmp_path / "acuse-cen.json"))[0] == 0
    codigo, r = cli(est, "importar", str(tmp_path / "acuse-cen.json"))
    assert codigo == 0 and r["paquetes"][0]["resultado"] == "acuse_aplicado", r
    assert cli(est, "acuse", "--paquete", i2["paquete"], "--salida", str(tmp_path / "acuse-est.json"))[0] == 0
    codigo, r = cli(mun, "importar", str(tmp_path / "acuse-est.json"))
    assert codigo == 0 and r["paquetes"][0]["aceptada"] == p2["registros"] - 1  # la anulada no cambia de estado
