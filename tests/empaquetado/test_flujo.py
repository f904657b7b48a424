"""Flujo completo municipal → estatal → central en dos trimestres, con edición, anulación y acuses."""

import json
import sqlite3
from pathlib import Path

from base_local.acciones import anular_accion
from base_local.apertura import abrir_base
from base_local.oficinas import oficina_local
from base_local.periodos import anterior, periodo_de
from base_local.rutas import Rutas
from formularios.servicio import contexto_para, guardar
from tests.empaquetado.util import cli, consultar, huella_base, red_de_oficinas

SUMA = "select coalesce(sum(mujeres),0), coalesce(sum(hombres),0), coalesce(sum(otra_identidad),0), coalesce(sum(sin_dato),0), coalesce(sum(total),0), count(*) from accion where estado != 'anulada'"


def _totales(carpeta: Path) -> tuple:
    return consultar(carpeta, SUMA)[0]


def _editar_y_anular(carpeta: Path) -> None:
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        con = s.connection().exec_driver_sql("select id from accion where estado = 'enviada' order by id limit 2").all()
        from base_local.acciones import accion_a_dict
        from base_local.modelos import Accion

        editada = accion_a_dict(s.get(Accion, con[0][0]))
        editada["mujeres"] += 7
        editada["avisos_reconocidos"] = ["POSIBLE_DUPLICADO", "TOTAL_INUSUAL", "SIN_DESGLOSE"]
        editada.pop("total")
        r = guardar(s, editada, contexto_para(s, oficina), oficina, quien="Capturista", lista=True)
        assert r.guardado and r.revision == 2, r.mensajes
        anular_accion(s, con[1][0], motivo="Se capturó dos veces", quien="Capturista", oficina=oficina.clave)
    base.cerrar()


def test_municipal_estatal_central_dos_trimestres(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    mun, est, cen = red["mun"], red["est"], red["cen"]
    paquetes = tmp_path / "paquetes"
    assert cli(mun, "demo", "--registros", "40")[0] == 0
    actual = periodo_de(__import__("datetime").date.today())

    # Primer trimestre: solo lo del trimestre anterior.
    codigo, p1 = cli(mun, "exportar", "--salida", str(paquetes), "--periodo", anterior(actual))
    assert codigo == 0 and 0 < p1["registros"] < 40 and p1["secuencia"] == 1
    codigo, i1 = cli(est, "importar", p1["archivo"])
    assert codigo == 0 and i1["paquetes"][0]["nuevos"] == p1["registros"]
    _, e1 = cli(est, "exportar", "--salida", str(paquetes))
    assert e1["registros"] == p1["registros"]
    assert cli(cen, "importar", e1["archivo"])[0] == 0

    # Segundo trimestre: lo nuevo, una edición y una anulación de lo ya enviado.
    _editar_y_anular(mun)
    codigo, p2 = cli(mun, "exportar", "--salida", str(paquetes))
    assert codigo == 0 and p2["secuencia"] == 2 and p2["registros"] == 40 - p1["registros"] + 2
    envio2 = json.loads(__import__("zipfile").ZipFile(p2["archivo"]).read("envio/envio.json"))
    assert envio2["sha256_anterior"] == p1["huella"]  # la cadena
    _, i2 = cli(est, "importar", p2["archivo"])
    assert i2["paquetes"][0]["actualizados"] == 2 and i2["paquetes"][0]["nuevos"] == 40 - p1["registros"]
    _, e2 = cli(est, "exportar", "--salida", str(paquetes))
    _, c2 = cli(cen, "importar", e2["archivo"])
    assert c2["paquetes"][0]["actualizados"] == 2

    assert _totales(cen) == _totales(mun) == _totales(est)
    assert _totales(cen)[5] == 39  # 40 menos la anulada

    # Importar todo dos veces no cambia nada.
    antes = {c: huella_base(c) for c in (est, cen)}
    for carpeta, archivos in ((est, [p1["archivo"], p2["archivo"]]), (cen, [e1["archivo"], e2["archivo"]])):
        codigo, salida = cli(carpeta, "importar", *archivos)
        assert codigo == 0 and [p["resultado"] for p in salida["paquetes"]] == ["duplicado", "duplicado"]
    assert {c: huella_base(c) for c in (est, cen)} == antes

    # El origen se conserva a través de la estatal.
    assert {r[0] for r in consultar(cen, "select distinct oficina_origen from accion")} == {"M07089"}
    assert consultar(cen, "select count(*) from historial")[0][0] >= 40 + 2

    # Acuse de la central a la estatal, con una observación.
    id_obs = consultar(cen, "select id from accion where estado != 'anulada' order by id limit 1")[0][0]
    assert cli(cen, "observar", id_obs, "--texto", "Adjunte la lista de asistencia")[0] == 0
    codigo, acuse = cli(cen, "acuse", "--paquete", c2["paquetes"][0]["paquete"], "--salida", str(tmp_path / "acuse.json"))
    assert codigo == 0
    codigo, aplicado = cli(est, "importar", str(tmp_path / "acuse.json"))
    assert codigo == 0 and aplicado["paquetes"][0]["observada"] == 1
    con = sqlite3.connect(est / "registro.sqlite")
    assert con.execute("select estado from accion where id=?", (id_obs,)).fetchone()[0] == "observada"
    assert con.execute("select texto from observacion where accion_id=?", (id_obs,)).fetchone()[0] == "Adjunte la lista de asistencia"
    con.close()


def test_sin_nada_nuevo_no_escribe_y_el_hueco_se_reporta(tmp_path):
    red = red_de_oficinas(tmp_path)
    mun, est = red["mun"], red["est"]
    salida = tmp_path / "paquetes"
    codigo, vacio = cli(mun, "exportar", "--salida", str(salida))
    assert codigo == 0 and vacio["paquete"] is None and not salida.exists()
    archivos = []
    for semilla in (1, 2, 3):
        assert cli(mun, "demo", "--registros", "3", "--semilla", str(semilla))[0] == 0
        archivos.append(cli(mun, "exportar", "--salida", str(salida))[1]["archivo"])
    _, r = cli(est, "importar", archivos[0], archivos[2])
    assert r["paquetes"][1]["faltantes"] == ["falta el paquete 2 de la oficina M07089"]
    _, r = cli(est, "importar", archivos[1])
    assert r["paquetes"][0]["faltantes"] == []


def test_simular_no_escribe_y_muestra_cada_registro(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "5")[0] == 0
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    antes = huella_base(red["est"])
    codigo, sim = cli(red["est"], "importar", "--simular", p["archivo"])
    assert codigo == 0 and sim["paquetes"][0]["resultado"] == "simulado"
    assert [d["resultado"] for d in sim["paquetes"][0]["detalle"]] == ["nuevos"] * 5
    assert huella_base(red["est"]) == antes
    assert not list((red["est"] / "respaldos").glob("antes-de-importar-*"))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    assert list((red["est"] / "respaldos").glob("antes-de-importar-*"))


def test_conflicto_se_aparta_sin_sobrescribir(tmp_path):
    red = red_de_oficinas(tmp_path)
    mun, est = red["mun"], red["est"]
    assert cli(mun, "demo", "--registros", "2")[0] == 0
    _, p1 = cli(mun, "exportar", "--salida", str(tmp_path / "a"))
    assert cli(est, "importar", p1["archivo"])[0] == 0
    # La estatal tiene otra versión con la misma revisión que la municipal va a enviar.
    con = sqlite3.connect(est / "registro.sqlite")
    primero = "(select id from accion order by id limit 1)"
    con.execute(f"update accion set revision = 2, hombres = hombres + 1, total = total + 1 where id = {primero}")
    con.commit()
    local = con.execute(f"select hombres, mujeres from accion where id = {primero}").fetchone()
    con.close()
    _editar_y_anular(mun)
    _, p2 = cli(mun, "exportar", "--salida", str(tmp_path / "b"))
    _, r = cli(est, "importar", p2["archivo"])
    assert (r["paquetes"][0]["conflictos"], r["paquetes"][0]["actualizados"]) == (1, 1)
    con = sqlite3.connect(est / "registro.sqlite")
    assert con.execute("select count(*) from conflicto where estado='pendiente'").fetchone()[0] == 1
    assert con.execute(f"select hombres, mujeres from accion where id = {primero}").fetchone() == local  # no se sobrescribió
    con.close()
