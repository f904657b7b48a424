"""T3: aprobado el trimestre de una oficina, sus cifras cambian solo por aprobación. Un paquete que la estatal firma
con su llave real, con la secuencia y la huella anterior correctas, trae un registro nuevo fechado en el trimestre
(con 1,600,000 personas), uno movido hacia él, uno movido fuera, una edición y una anulación: todo llega como
enmienda en espera, en la vista previa y en Conflictos, y las cifras aprobadas no cambian (SQLite y PostgreSQL)."""

import uuid
from pathlib import Path

from tests.empaquetado.forja import forjar, huella
from tests.empaquetado.util import cli, consultar, huella_base, red_de_oficinas

CIFRAS = ("select count(*), coalesce(sum(total), 0) from accion "
          "where oficina_origen = 'M07089' and periodo = :p0 and estado <> 'anulada'")


def _ronda(red, tmp_path) -> Path:
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "r1"))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    _, e = cli(red["est"], "exportar", "--salida", str(tmp_path / "r1"))
    assert cli(red["cen"], "importar", e["archivo"])[0] == 0
    return Path(e["archivo"])


def _ataque(aprobado: str, ids: dict[str, str], fechas_fuera: tuple[str, str]):
    """Los cambios del atacante sobre los registros del paquete 1 de la estatal."""
    def cambio(registros: list[dict]) -> None:
        por_id = {r["id"]: r for r in registros}
        en_trimestre = por_id[ids["editado"]]
        nuevo = {**en_trimestre, "id": str(uuid.uuid4()), "revision": 1, "historial": [],
                 "hombres": en_trimestre["hombres"] + 1_600_000, "total": en_trimestre["total"] + 1_600_000}
        hacia = por_id[ids["hacia"]]
        hacia.update(revision=hacia["revision"] + 1, fecha_inicio=en_trimestre["fecha_inicio"], fecha_fin=en_trimestre["fecha_fin"])
        fuera = por_id[ids["fuera"]]
        fuera.update(revision=fuera["revision"] + 1, fecha_inicio=fechas_fuera[0], fecha_fin=fechas_fuera[1])
        en_trimestre.update(revision=en_trimestre["revision"] + 1, mujeres=en_trimestre["mujeres"] + 5, total=en_trimestre["total"] + 5)
        anulado = por_id[ids["anulado"]]
        anulado.update(revision=anulado["revision"] + 1, estado="anulada")
        libre = por_id[ids["libre"]]  # control: un cambio fuera de todo trimestre aprobado se aplica sin esperar
        libre.update(revision=libre["revision"] + 1, mujeres=libre["mujeres"] + 1, total=libre["total"] + 1)
        registros[:] = [nuevo, hacia, fuera, en_trimestre, anulado, libre]
    return cambio


def test_t3_nuevos_movidos_editados_y_anulados_esperan_aprobacion(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "14")[0] == 0
    paquete_1 = _ronda(red, tmp_path)
    filas = consultar(red["cen"], "select id, periodo, fecha_inicio, fecha_fin from accion order by id")
    por_periodo: dict[str, list] = {}
    for fila in filas:
        por_periodo.setdefault(fila[1], []).append(fila)
    aprobado = max(por_periodo, key=lambda p: len(por_periodo[p]))
    dentro = por_periodo[aprobado]
    fuera = [f for f in filas if f[1] != aprobado]
    assert len(dentro) >= 3 and len(fuera) >= 2, por_periodo
    assert cli(red["cen"], "aprobar-periodo", "M07089", aprobado)[0] == 0
    cifras = consultar(red["cen"], CIFRAS, aprobado)[0]
    ids = {"editado": dentro[0][0], "fuera": dentro[1][0], "anulado": dentro[2][0], "hacia": fuera[0][0], "libre": fuera[1][0]}
    fechas_fuera = (str(fuera[0][2])[:10], str(fuera[0][3])[:10])
    paquete_2 = forjar(paquete_1, red["est"], tmp_path / "ataque.zip", secuencia=2, anterior=huella(paquete_1),
                       cambio=_ataque(aprobado, ids, fechas_fuera))

    antes = huella_base(red["cen"])
    codigo, vista = cli(red["cen"], "importar", "--simular", str(paquete_2))  # la vista previa ya lo dice
    [previa] = vista["paquetes"]
    assert codigo == 0 and previa["resultado"] == "simulado"
    assert (previa["enmiendas"], previa["actualizados"], previa["nuevos"]) == (5, 1, 0)
    assert sorted(d["resultado"] for d in previa["detalle"]) == ["actualizados", *["enmiendas"] * 5]
    assert huella_base(red["cen"]) == antes

    codigo, salida = cli(red["cen"], "importar", str(paquete_2))
    [r] = salida["paquetes"]
    assert codigo == 0 and (r["enmiendas"], r["actualizados"], r["nuevos"]) == (5, 1, 0), r
    assert consultar(red["cen"], CIFRAS, aprobado)[0] == cifras  # las cifras aprobadas no cambian
    pendientes = cli(red["cen"], "conflictos")[1]["pendientes"]
    assert {p["tipo"] for p in pendientes} == {"enmienda"} and len(pendientes) == 5
    [nuevo] = [p for p in pendientes if p["revision_local"] is None]
    assert nuevo["oficina"] == "M07089"

    # Solo la aprobación cambia las cifras: se acepta el registro nuevo y se rechaza lo demás.
    assert cli(red["cen"], "resolver-conflicto", str(nuevo["id"]), "--conservar", "recibida", "--nota", "Lista de asistencia revisada")[0] == 0
    for p in pendientes:
        if p is not nuevo:
            assert cli(red["cen"], "resolver-conflicto", str(p["id"]), "--conservar", "local", "--nota", "Sin sustento")[0] == 0
    cuenta, personas = consultar(red["cen"], CIFRAS, aprobado)[0]
    assert (cuenta, personas) == (cifras[0] + 1, cifras[1] + consultar(red["cen"], "select total from accion where id = :p0", nuevo["accion"])[0][0])
    assert cli(red["cen"], "conflictos")[1]["pendientes"] == []
