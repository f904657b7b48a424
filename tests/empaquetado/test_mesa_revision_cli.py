"""`observar` con varios registros a la vez (mismas opciones, códigos de salida y JSON que con uno), `aceptar`, y el
estado de revisión de cada registro derivado de lo que guarda la base (base_local/estado_revision.py). Lo que se
rechaza deja la base byte por byte igual (T20) y nunca da ERROR_INTERNO (T15)."""

import json
from datetime import datetime

import pytest

from base_local.apertura import abrir_base
from base_local.estado_revision import ESTADOS_REVISION, estado_de_revision
from formularios import limites
from tests.empaquetado.util import cli, consultar, ejecutar, huella_base, red_de_oficinas, url_de


def _red(tmp_path, base_central=None):
    """M07089 (3) → E07 (con 2 propios) → CAIMFS (en SQLite o en `base_central`)."""
    red = red_de_oficinas(tmp_path, base_central)
    assert cli(red["mun"], "demo", "--registros", "3", "--semilla", "1")[0] == 0
    assert cli(red["est"], "importar", cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])[0] == 0
    assert cli(red["est"], "demo", "--registros", "2", "--semilla", "2")[0] == 0
    _, importado = cli(red["cen"], "importar", cli(red["est"], "exportar", "--salida", str(tmp_path / "p"))[1]["archivo"])
    red["paquete"] = importado["paquetes"][0]["paquete"]
    red["ids"] = [i for (i,) in consultar(red["cen"], "select id from accion order by oficina_origen desc, id")]  # 3 de M07089, 2 de E07
    return red


@pytest.fixture
def red(tmp_path):
    return _red(tmp_path)


def _estado(carpeta, id_accion: str) -> str | None:
    base = abrir_base(url_de(carpeta))
    try:
        with base.transaccion() as s:
            return estado_de_revision(s, id_accion)
    finally:
        base.cerrar()


def test_observar_varios_registros_a_la_vez(red, tmp_path):
    uno, dos, *_ = red["ids"]
    codigo, r = cli(red["cen"], "observar", uno, dos, uno, "--texto", "Falta la lista de asistencia", "--autor", "Analista")
    assert codigo == 0, r
    assert r == {"accion": uno, "acciones": [uno, dos], "observadas": 2}  # un id repetido cuenta una vez
    assert sorted(consultar(red["cen"], "select accion_id, autor, oficina from observacion")) == sorted(
        [(uno, "Analista", "CAIMFS"), (dos, "Analista", "CAIMFS")])
    assert _estado(red["cen"], uno) == _estado(red["cen"], dos) == "observada"
    acuse = tmp_path / "acuse.json"
    assert cli(red["cen"], "acuse", "--paquete", red["paquete"], "--salida", str(acuse))[0] == 0
    estados = {x["id"]: (x["estado"], x["observacion"]) for x in json.loads(acuse.read_text(encoding="utf-8"))["registros"]}
    assert estados[uno] == estados[dos] == ("observada", "Falta la lista de asistencia")
    assert {e for i, (e, _) in estados.items() if i not in (uno, dos)} == {"aceptada"}


def test_observar_un_registro_da_la_salida_de_siempre(red, capsys):
    import main

    codigo, r = cli(red["cen"], "observar", red["ids"][0], "--texto", "Revise las cifras")
    assert codigo == 0 and r["accion"] == red["ids"][0]  # el JSON de antes, con «acciones» y «observadas» de más
    assert main.principal(["--datos", str(red["cen"]), "observar", red["ids"][1], "--texto", "Revise"]) == 0
    titulo = consultar(red["cen"], "select titulo from accion where id = :p0", red["ids"][1])[0][0]
    assert capsys.readouterr().out.strip() == f"Observación registrada en «{titulo}»; saldrá en el acuse."


@pytest.mark.parametrize("caso", ["id_inexistente", "control", "largo", "vacio", "propia"])
def test_observar_rechazado_no_cambia_nada(red, caso):
    """Un id que no existe entre varios buenos, texto pegado con controles o demasiado largo, o un registro propio:
    código 2, mensaje en español, y nada registrado (ni las que sí existían)."""
    carpeta, ids, texto = red["cen"], red["ids"][:2], "Revise las cifras"
    if caso == "id_inexistente":
        ids = [*ids, "00000000-0000-0000-0000-000000000000"]
    elif caso == "control":
        texto = "Revise\x0bel total"
    elif caso == "largo":
        texto = "x" * (limites.OBSERVACION + 1)
    elif caso == "vacio":
        texto = "   "
    else:
        carpeta, ids = red["est"], [consultar(red["est"], "select id from accion where oficina_origen = 'E07' limit 1")[0][0]]
    antes = huella_base(carpeta)
    codigo, r = cli(carpeta, "observar", *ids, "--texto", texto)
    assert codigo == 2 and r["error"] != "ERROR_INTERNO", r
    esperado = {"id_inexistente": "No existe la acción 00000000-", "control": "carácter de control", "largo": "el máximo es 20,000",
                "vacio": "Escriba el texto", "propia": "es de esta misma oficina (E07)"}[caso]
    assert esperado in r["mensaje"] and ("No se registró" in r["mensaje"] or "No se guardó nada" in r["mensaje"]) or caso == "vacio", r
    assert huella_base(carpeta) == antes


def test_observar_muchas_con_una_nota_larga_no_desborda_el_acuse(red, monkeypatch):
    """La misma nota en muchas acciones viaja una vez por acción: si el acuse no cabría, no se registra nada."""
    monkeypatch.setattr(limites, "OBSERVACION_EN_LOTE", 10_000)
    antes = huella_base(red["cen"])
    codigo, r = cli(red["cen"], "observar", *red["ids"][:3], "--texto", "x" * 4_000)
    assert codigo == 2 and "no caben en el acuse" in r["mensaje"] and "No se registró nada" in r["mensaje"], r
    assert huella_base(red["cen"]) == antes
    assert cli(red["cen"], "observar", *red["ids"][:2], "--texto", "x" * 4_000)[0] == 0


def test_aceptar_retira_la_observacion_que_aun_no_salia(red, tmp_path):
    uno, dos, tres, *_ = red["ids"]
    assert cli(red["cen"], "observar", uno, dos, "--texto", "Revise las cifras")[0] == 0
    codigo, r = cli(red["cen"], "aceptar", uno, tres, "--quien", "Analista")
    assert codigo == 0 and (r["aceptadas"], r["observaciones_retiradas"]) == (2, 1), r
    assert (_estado(red["cen"], uno), _estado(red["cen"], dos), _estado(red["cen"], tres)) == ("aceptada", "observada", "aceptada")
    acuse = tmp_path / "acuse.json"
    assert cli(red["cen"], "acuse", "--paquete", red["paquete"], "--salida", str(acuse))[0] == 0
    estados = {x["id"]: x["estado"] for x in json.loads(acuse.read_text(encoding="utf-8"))["registros"]}
    assert (estados[uno], estados[dos]) == ("aceptada", "observada")
    antes = huella_base(red["cen"])
    assert cli(red["cen"], "aceptar", "no-existe")[0] == 2
    assert huella_base(red["cen"]) == antes


def test_estado_de_revision_sale_de_lo_que_guarda_la_base(red):
    """Cada estado, con su precedencia: enmienda en espera > posible duplicado > observada > aprobada > aceptada >
    recibida; una revisión nueva de su origen deja atrás la decisión tomada sobre la anterior."""
    _recorrer_los_estados(red)
    # En la municipal, lo propio lleva la palabra de su superior (o nada, si aún no vuelve acuse).
    propio = consultar(red["mun"], "select id from accion limit 1")[0][0]
    assert _estado(red["mun"], propio) == ""


def test_estado_de_revision_en_postgresql(tmp_path, servidor_pg):
    """La central en PostgreSQL: los mismos estados, el filtro de la lista y su conteo, y la ficha."""
    _recorrer_los_estados(_red(tmp_path, servidor_pg.base_nueva()))


def _filtro_concuerda(red) -> None:
    """El filtro de la lista (en SQL, con sus dos formas) cuenta y trae lo mismo que el estado de cada acción."""
    from base_local.consulta_acciones import Filtro, contar, filas
    from empaquetado.mesa import ficha

    base = abrir_base(url_de(red["cen"]))
    try:
        with base.transaccion() as s:
            uno_por_uno = [estado_de_revision(s, i) for i in red["ids"]]
            assert {"enmienda en espera", "posible duplicado", "recibida"} <= set(uno_por_uno)
            for estado in ESTADOS_REVISION:
                filtro = Filtro(estado_revision=estado, local="CAIMFS")
                cuantas = uno_por_uno.count(estado)
                assert contar(s, filtro) == cuantas == len(filas(s, filtro, total=cuantas)) == len(filas(s, filtro, total=9999)), estado
                assert {f[-2] for f in filas(s, filtro, "estado_revision")} <= {estado}
            texto = "\n".join(ficha(s, red["ids"][2], {}))
            assert "Paquete 1 de E07" in texto and "Enmienda con la revisión 9" in texto
    finally:
        base.cerrar()


def _recorrer_los_estados(red) -> None:
    cen = red["cen"]
    uno, dos, tres, cuatro, cinco = red["ids"]
    assert {_estado(cen, i) for i in red["ids"]} == {"recibida"}
    assert cli(cen, "aceptar", uno)[0] == 0
    assert cli(cen, "observar", dos, "--texto", "Revise")[0] == 0
    assert (_estado(cen, uno), _estado(cen, dos)) == ("aceptada", "observada")
    ejecutar(cen, f"update accion set revision = revision + 1 where id = '{dos}'")  # llegó una versión nueva
    assert _estado(cen, dos) == "recibida"
    origen, periodo = consultar(cen, "select oficina_origen, periodo from accion where id = :p0", tres)[0]
    assert cli(cen, "aprobar-periodo", origen, periodo)[0] == 0
    assert _estado(cen, tres) == "aprobada"
    ahora = datetime(2026, 11, 22).isoformat(sep=" ")
    ejecutar(cen, f"insert into posible_duplicado (accion_a, accion_b, detectado_en, estado, nota, revisado_por) "
                  f"values ('{min(tres, cuatro)}', '{max(tres, cuatro)}', '{ahora}', 'pendiente', '', '')")
    assert (_estado(cen, tres), _estado(cen, cuatro)) == ("posible duplicado", "posible duplicado")
    ejecutar(cen, f"insert into conflicto (tipo, accion_id, revision, paquete, contenido, recibido_en, estado, decision, nota, resuelto_por) "
                  f"values ('enmienda', '{tres}', 9, 'p', '{{}}', '{ahora}', 'pendiente', '', '', '')")
    assert _estado(cen, tres) == "enmienda en espera"
    assert _estado(cen, cinco) == "recibida" and _estado(cen, "no-existe") is None
    _filtro_concuerda(red)
    assert set(ESTADOS_REVISION) == {"recibida", "aceptada", "observada", "enmienda en espera", "posible duplicado", "aprobada"}
