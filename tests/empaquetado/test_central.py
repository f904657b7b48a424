"""Coordinación central en SQLite y en PostgreSQL: conflictos, aprobación de periodos con enmiendas y reportes."""

from openpyxl import load_workbook

from base_local.acciones import accion_a_dict
from base_local.apertura import abrir_base
from base_local.modelos import Accion
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from formularios.servicio import contexto_para, guardar
from tests.empaquetado.util import cli, consultar, ejecutar, red_de_oficinas


def _editar(carpeta, id_accion, **cambios):
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        datos = accion_a_dict(s.get(Accion, id_accion))
        datos.update(cambios)
        datos.pop("total")
        datos["avisos_reconocidos"] = ["POSIBLE_DUPLICADO", "TOTAL_INUSUAL", "SIN_DESGLOSE", "FECHA_ANTIGUA"]
        r = guardar(s, datos, contexto_para(s, oficina), oficina, quien="Capturista", lista=True)
        assert r.guardado, r.mensajes
    base.cerrar()


def _ronda(red, tmp_path, nombre):
    """municipal → estatal → central; devuelve la salida de la importación en la central."""
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / nombre))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    _, e = cli(red["est"], "exportar", "--salida", str(tmp_path / nombre))
    codigo, r = cli(red["cen"], "importar", e["archivo"])
    assert codigo == 0, r
    return r["paquetes"][0]


def test_conflicto_se_resuelve_y_vuelve_en_el_acuse(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "6")[0] == 0
    _ronda(red, tmp_path, "r1")
    id_accion = consultar(red["cen"], "select id from accion order by id limit 1")[0][0]
    # En la central alguien dejó otra versión con la revisión que la oficina va a enviar.
    ejecutar(red["cen"], f"update accion set revision = 2, hombres = hombres + 100, total = total + 100 where id = '{id_accion}'")
    _editar(red["mun"], id_accion, mujeres=77)
    r = _ronda(red, tmp_path, "r2")
    assert r["conflictos"] == 1
    _, lista = cli(red["cen"], "conflictos")
    [pendiente] = lista["pendientes"]
    assert (pendiente["tipo"], pendiente["accion"], pendiente["revision_recibida"]) == ("conflicto", id_accion, 2)
    codigo, salida = cli(red["cen"], "resolver-conflicto", str(pendiente["id"]), "--conservar", "recibida", "--nota", "")
    assert codigo == 2 and "nota" in salida["mensaje"]
    assert cli(red["cen"], "resolver-conflicto", str(pendiente["id"]), "--conservar", "recibida", "--nota", "La oficina tiene la lista firmada")[0] == 0
    assert consultar(red["cen"], f"select mujeres, revision from accion where id = '{id_accion}'")[0] == (77, 2)
    operaciones = [o for (o,) in consultar(red["cen"], f"select operacion from historial where accion_id = '{id_accion}' order by id")]
    assert operaciones[-1] == "conflicto_recibida"
    assert cli(red["cen"], "conflictos")[1]["pendientes"] == []
    codigo, acuse = cli(red["cen"], "acuse", "--paquete", r["paquete"], "--salida", str(tmp_path / "acuse.json"))
    assert codigo == 0
    import json

    documento = json.loads((tmp_path / "acuse.json").read_text())
    [decision] = [x for x in documento["registros"] if x["id"] == id_accion]
    assert "se resolvió" in decision["observacion"] and "lista firmada" in decision["observacion"]


def test_periodo_aprobado_recibe_enmiendas_que_esperan(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "5")[0] == 0
    _ronda(red, tmp_path, "r1")
    id_accion, periodo, mujeres = consultar(red["cen"], "select id, periodo, mujeres from accion order by id limit 1")[0]
    assert cli(red["cen"], "aprobar-periodo", "M07089", periodo)[0] == 0
    assert cli(red["cen"], "aprobar-periodo", "M07089", periodo)[0] == 2  # ya aprobado
    _editar(red["mun"], id_accion, mujeres=mujeres + 50)
    r = _ronda(red, tmp_path, "r2")
    assert (r["enmiendas"], r["actualizados"]) == (1, 0)
    assert consultar(red["cen"], f"select mujeres, revision from accion where id = '{id_accion}'")[0] == (mujeres, 1)
    [pendiente] = cli(red["cen"], "conflictos")[1]["pendientes"]
    assert pendiente["tipo"] == "enmienda"
    assert cli(red["cen"], "resolver-conflicto", str(pendiente["id"]), "--conservar", "recibida", "--nota", "Corrección documentada")[0] == 0
    assert consultar(red["cen"], f"select mujeres, revision from accion where id = '{id_accion}'")[0] == (mujeres + 50, 2)


def test_consolidado_de_la_central_cuadra(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "25")[0] == 0
    _ronda(red, tmp_path, "r1")
    destino = tmp_path / "consolidado.xlsx"
    assert cli(red["cen"], "reporte", "--tipo", "consolidado", "--salida", str(destino))[0] == 0
    [fila] = [f for f in load_workbook(destino)["Por entidad"].iter_rows(min_row=2, values_only=True) if f[0] == "07"]
    bd = consultar(red["cen"], "select count(*), sum(mujeres), sum(hombres), sum(otra_identidad), sum(sin_dato), sum(total) from accion")[0]
    assert (fila[2], *fila[4:9]) == tuple(bd)


def red_con_un_conflicto(tmp_path):
    """Red de oficinas donde la central cambió una acción recibida y la municipal la editó también: un conflicto.
    Devuelve la red y el id de esa acción."""
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _ronda(red, tmp_path, "r1")
    id_accion = consultar(red["cen"], "select id from accion order by id limit 1")[0][0]
    ejecutar(red["cen"], f"update accion set revision = 2, hombres = hombres + 100, total = total + 100 where id = '{id_accion}'")
    _editar(red["mun"], id_accion, mujeres=77)
    assert _ronda(red, tmp_path, "r2")["conflictos"] == 1
    return red, id_accion
