"""Reglas de validación: cada error nombra el campo y la corrección; los avisos se reconocen."""

from datetime import date

import pytest

from base_local.consultas_catalogo import leer_catalogos
from base_local.jurisdiccion import Jurisdiccion
from formularios.reglas import Contexto, avisos_pendientes, errores, validar

HOY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def catalogos(tmp_path_factory):
    from base_local.apertura import abrir_base

    base = abrir_base(f"sqlite:///{tmp_path_factory.mktemp('cat') / 'c.sqlite'}")
    with base.transaccion() as s:
        cat = leer_catalogos(s)
    base.cerrar()
    return cat


@pytest.fixture
def ctx(catalogos):
    return Contexto(catalogos, Jurisdiccion("estatal", "07"), hoy=HOY)


def valido(**cambios):
    r = {
        "fecha_inicio": "2026-10-02", "fecha_fin": "2026-10-02", "entidad": "07", "municipio": "07089",
        "eje": "coordinacion", "linea_accion": "reuniones_tres_niveles", "tipo_accion": "reunion_trabajo",
        "modalidad": "presencial", "titulo": "Reunión de coordinación con el INM", "descripcion": "Se acordó la ruta.",
        "objetivos_pmm": "7, 15", "eventos": 1, "unidad_conteo": "personas", "poblacion": "servidores_publicos",
        "mujeres": 12, "hombres": 9, "otra_identidad": 0, "sin_dato": 0,
    }
    r.update(cambios)
    return r


def codigos(mensajes, campo=None):
    return {m.codigo for m in mensajes if campo is None or m.campo == campo}


def test_registro_valido_sin_mensajes(ctx):
    registro, mensajes = validar(valido(), ctx)
    assert mensajes == []
    assert registro["total"] == 21 and registro["objetivos_pmm"] == [7, 15]
    assert registro["fecha_inicio"] == date(2026, 10, 2)


def test_total_escrito_que_no_suma_es_error_en_total(ctx):
    _, mensajes = validar(valido(total=3306, mujeres=1600, hombres=1606), ctx)
    [m] = errores(mensajes)
    assert (m.campo, m.codigo) == ("total", "TOTAL_NO_SUMA")
    assert "3,306" in m.texto and "3,206" in m.texto


def test_cifra_con_texto_es_error_de_tipo(ctx):
    _, mensajes = validar(valido(hombres="más de 20"), ctx)
    [m] = errores(mensajes)
    assert m.campo == "hombres" and m.codigo == "TIPO_INVALIDO" and "escriba solo la cifra" in m.texto


def test_municipio_de_otra_entidad_y_fuera_de_jurisdiccion(ctx):
    _, mensajes = validar(valido(entidad="27", municipio="07123"), ctx)
    assert codigos(mensajes, "municipio") == {"MUNICIPIO_DE_OTRA_ENTIDAD"}
    _, mensajes = validar(valido(entidad="27", municipio="27007"), ctx)
    assert codigos(mensajes, "municipio") == {"FUERA_DE_JURISDICCION"}


def test_fechas(ctx):
    _, mensajes = validar(valido(fecha_inicio="2026-12-01", fecha_fin="2026-12-01"), ctx)
    assert "FECHA_FUTURA" in codigos(mensajes, "fecha_inicio")
    _, mensajes = validar(valido(fecha_inicio="2026-10-05", fecha_fin="2026-10-01"), ctx)
    assert codigos(mensajes) == {"FECHAS_INVERTIDAS"}
    _, mensajes = validar(valido(fecha_inicio="02/10/2026", fecha_fin="2026-10-02"), ctx)
    assert mensajes == []  # formato es-MX dd/mm/aaaa aceptado
    _, mensajes = validar(valido(fecha_inicio="31/02/2026"), ctx)
    assert codigos(mensajes, "fecha_inicio") == {"TIPO_INVALIDO"}


def test_edades_deben_sumar_la_columna_de_sexo(ctx):
    edades = {"adultez": {"mujeres": 10, "hombres": 9}, "personas_mayores": {"mujeres": 1}}
    _, mensajes = validar(valido(edades=edades), ctx)
    [m] = errores(mensajes)
    assert m.codigo == "EDADES_NO_SUMAN" and "Mujeres" in m.texto and "11" in m.texto
    edades["personas_mayores"]["mujeres"] = 2
    assert errores(validar(valido(edades=edades), ctx)[1]) == []


def test_convenio_firmado_exige_fecha_de_firma(ctx):
    convenio = {"instrumento": "Convenio", "contrapartes": "DIF", "estado_instrumento": "firmado"}
    _, mensajes = validar(valido(tipo_accion="convenio_acuerdo", eje="convenios", linea_accion=None, convenio=convenio), ctx)
    assert codigos(mensajes) == {"REQUERIDO"} and {m.campo for m in mensajes} == {"convenio.fecha_firma"}
    convenio["fecha_firma"] = "2026-10-02"
    assert validar(valido(tipo_accion="convenio_acuerdo", eje="convenios", linea_accion=None, convenio=convenio), ctx)[1] == []


def test_linea_de_otro_eje_objetivos_y_catalogos(ctx):
    _, mensajes = validar(valido(eje="capacitacion"), ctx)
    assert codigos(mensajes) == {"LINEA_DE_OTRO_EJE"}
    _, mensajes = validar(valido(objetivos_pmm=[24]), ctx)
    assert codigos(mensajes, "objetivos_pmm") == {"FUERA_DE_CATALOGO"}
    _, mensajes = validar(valido(objetivos_pmm=[]), ctx)
    assert codigos(mensajes, "objetivos_pmm") == {"REQUERIDO"}
    _, mensajes = validar(valido(modalidad="telepatica"), ctx)
    assert codigos(mensajes, "modalidad") == {"FUERA_DE_CATALOGO"}


def test_retos_con_categorias_del_catalogo(ctx):
    _, mensajes = validar(valido(retos=[{"texto": "Falta de intérpretes", "categorias": ["barreras_idioma_culturales"]}]), ctx)
    assert mensajes == []
    _, mensajes = validar(valido(retos=[{"texto": "x", "categorias": ["inventada"]}]), ctx)
    assert codigos(mensajes, "retos") == {"FUERA_DE_CATALOGO"}


def test_avisos_deben_reconocerse(ctx):
    _, mensajes = validar(valido(mujeres=0, hombres=0, sin_dato=40), ctx)
    assert errores(mensajes) == [] and codigos(mensajes) == {"SIN_DESGLOSE"}
    assert [m.codigo for m in avisos_pendientes(mensajes, [])] == ["SIN_DESGLOSE"]
    assert avisos_pendientes(mensajes, ["SIN_DESGLOSE"]) == []
    _, mensajes = validar(valido(mujeres=5000), ctx)
    assert "TOTAL_INUSUAL" in codigos(mensajes)
    _, mensajes = validar(valido(fecha_inicio="2023-05-01", fecha_fin="2023-05-01"), ctx)
    assert "FECHA_ANTIGUA" in codigos(mensajes)


def test_cifras_imposibles_fuera_de_rango(ctx):
    """Hallazgo de `make fuzz`: 9.2e18 en una celda desbordaba la base."""
    _, mensajes = validar(valido(mujeres=9_223_372_036_854_775_807), ctx)
    assert codigos(mensajes, "mujeres") == {"FUERA_DE_RANGO"}
    _, mensajes = validar(valido(eventos=10**9), ctx)
    assert codigos(mensajes, "eventos") == {"FUERA_DE_RANGO"}
