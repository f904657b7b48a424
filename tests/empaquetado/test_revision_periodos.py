"""Mesa de revisión desde la línea de órdenes, en SQLite y en PostgreSQL: `revision --json` (una celda por oficina y
trimestre), `aprobar-periodo` con varias oficinas y trimestres (todas o ninguna, lo decide la política: T3, T15, T20),
el plazo que fija la central y la puntualidad de cada oficina."""

from datetime import date, timedelta

import pytest

from base_local.periodos import limites, periodo_de
from tests.empaquetado.test_central import _editar, _ronda
from tests.empaquetado.util import cli, consultar, ejecutar, huella_base, red_de_oficinas

CLAVES = {"oficina", "trimestre", "paquetes", "registros", "estado", "dias_de_retraso"}


def _celdas(carpeta, *args) -> dict[tuple[str, str], dict]:
    codigo, salida = cli(carpeta, "revision", *args)
    assert codigo == 0, salida
    return {(c["oficina"], c["trimestre"]): c for c in salida["celdas"]}


def test_revision_aprobar_varias_y_retraso(tmp_path, motor_central):
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    tardia, de_hoy = (f[0] for f in consultar(red["mun"], "select id from accion order by id limit 2"))
    hoy = date.today()
    antiguo = date(hoy.year - 1, 5, 20)
    _editar(red["mun"], tardia, fecha_inicio=antiguo, fecha_fin=antiguo)
    _editar(red["mun"], de_hoy, fecha_inicio=hoy, fecha_fin=hoy)
    _ronda(red, tmp_path, "r1")
    t, t_antiguo = periodo_de(hoy), periodo_de(antiguo)
    celdas = _celdas(red["cen"])
    assert all(set(c) >= CLAVES for c in celdas.values()) and len({k[1] for k in celdas}) == 4
    assert {"E04", "E07", "E23", "E27", "M07089", "M07087"} <= {k[0] for k in celdas}  # estatales, municipales y esperadas
    registros = consultar(red["cen"], "select count(*) from accion where oficina_origen = 'M07089' and periodo = :p0", t)[0][0]
    assert celdas[("M07089", t)].items() >= {"paquetes": 1, "registros": registros, "estado": "recibido", "dias_de_retraso": 0}.items()
    assert celdas[("E23", t)]["estado"] == "sin envío"
    # un paquete importado por una versión anterior (sin `conteos.por_trimestre`) se cuenta igual, cruzando sus registros
    quitar = ("update paquete_entrada set conteos = (conteos::jsonb - 'por_trimestre')::json" if motor_central
              else "update paquete_entrada set conteos = json_remove(conteos, '$.por_trimestre')")
    ejecutar(red["cen"], quitar)
    assert consultar(red["cen"], "select count(*) from paquete_entrada where conteos like '%por_trimestre%'" if not motor_central
                     else "select count(*) from paquete_entrada where conteos::text like '%por_trimestre%'")[0][0] == 0
    assert _celdas(red["cen"]) == celdas
    # la oficina tardía: su registro del año pasado llegó hoy, con el plazo (10 días tras el cierre) vencido
    dias = (hoy - (limites(t_antiguo)[1] + timedelta(days=10))).days
    viejo = _celdas(red["cen"], "--trimestre", t_antiguo)
    assert len({k[1] for k in viejo}) == 1
    assert (viejo[("M07089", t_antiguo)]["dias_de_retraso"], viejo[("M07089", t_antiguo)]["puntualidad"]) == (dias, f"{dias} días tarde")
    assert _celdas(red["cen"], "--trimestre", t_antiguo, "--plazo", "30")[("M07089", t_antiguo)]["dias_de_retraso"] == dias - 20
    # dos oficinas y dos trimestres de una vez
    codigo, salida = cli(red["cen"], "aprobar-periodo", "M07089", "E07", t, t_antiguo)
    assert codigo == 0, salida
    assert {(h["oficina"], h["trimestre"]) for h in salida["aprobados"]} == {("M07089", t), ("E07", t), ("M07089", t_antiguo), ("E07", t_antiguo)}
    assert _celdas(red["cen"])[("M07089", t)]["estado"] == _celdas(red["cen"])[("E07", t)]["estado"] == "aprobado"
    assert _celdas(red["cen"], "--anio", str(antiguo.year))[("M07089", t_antiguo)]["estado"] == "aprobado"
    # un cambio posterior a un trimestre aprobado: la celda dice «enmienda en espera» (lo que guarda la base)
    _editar(red["mun"], de_hoy, mujeres=123)
    assert _ronda(red, tmp_path, "r2")["enmiendas"] == 1
    assert _celdas(red["cen"])[("M07089", t)]["estado"] == "enmienda en espera"


@pytest.mark.parametrize(("quien", "argumentos", "codigo"), [
    ("cen", ("M07089", "E07", "2026T9"), "ENTRADA_RECHAZADA"),  # «2026T9» no es trimestre: queda como oficina y no hay trimestre
    ("cen", ("M07089", "XX07", "2026T1"), "APROBACION_NO_PERMITIDA"),
    ("cen", ("M07089", "CAIMFS", "2026T1"), "APROBACION_NO_PERMITIDA"),  # ni a sí misma
    ("est", ("M07089", "E07", "2026T1"), "APROBACION_NO_PERMITIDA"),  # la estatal no se aprueba a sí misma
    ("est", ("M07089", "M04010", "2026T1"), "APROBACION_NO_PERMITIDA"),  # ni a una municipal de otra entidad
    ("mun", ("M07089", "2026T1"), "APROBACION_NO_PERMITIDA"),  # la municipal no aprueba
    ("cen", ("M07089", "2099T1"), "TRIMESTRE_SIN_EMPEZAR"),
    ("cen", ("M07089", "E07", "2026T1", "2025T4"), "PERIODO_YA_APROBADO"),  # una ya aprobada: ninguna se aprueba
    ("cen", ("M07089", "2026T1", "--quien", "Ana\x1b[2J"), "CARACTER_DE_CONTROL"),  # T23: quién aprueba, con la regla única
    ("cen", ("M07089", "2026T1", "--quien", "x" * 201), "DEMASIADO_LARGO"),
])
def test_aprobar_rechazado_no_cambia_nada(tmp_path, quien, argumentos, codigo):
    red = red_de_oficinas(tmp_path)
    assert cli(red["cen"], "aprobar-periodo", "E07", "2025T4")[0] == 0
    antes = huella_base(red[quien])
    resultado = cli(red[quien], "aprobar-periodo", *argumentos)
    assert resultado[0] == 2 and resultado[1]["error"] == codigo, resultado
    assert "ERROR_INTERNO" not in str(resultado) and huella_base(red[quien]) == antes


def test_revision_rechaza_argumentos_hostiles(tmp_path):
    red = red_de_oficinas(tmp_path)
    antes = huella_base(red["cen"])
    for argumentos, codigo in ((("--trimestre", "2026T5"), "TRIMESTRE_INVALIDO"), (("--plazo", "-1"), "PLAZO_INVALIDO"),
                               (("--plazo", "100000"), "PLAZO_INVALIDO"), (("--anio", "99999"), "ENTRADA_RECHAZADA"),
                               (("--trimestre", "2026T1\x00"), "TRIMESTRE_INVALIDO")):
        resultado = cli(red["cen"], "revision", *argumentos)
        assert resultado[0] == 2 and resultado[1]["error"] == codigo, (argumentos, resultado)
    assert huella_base(red["cen"]) == antes
    assert cli(red["mun"], "revision")[1]["celdas"] == []  # la municipal no recibe: no tiene a quién revisar
