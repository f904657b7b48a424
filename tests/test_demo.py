"""Datos de demostración: válidos, dentro de la jurisdicción y con todos los ejes y tipos."""

from collections import Counter

from sqlalchemy import select

import main
from base_local.acciones import accion_a_dict
from base_local.apertura import abrir_base
from base_local.modelos import Accion, Eje, TipoAccion
from base_local.oficinas import oficina_local
from base_local.periodos import anterior, periodo_de
from base_local.rutas import Rutas
from formularios.campos import SEXOS
from formularios.reglas import errores, validar
from formularios.servicio import contexto_para
from tests.conftest import crear_oficina


def test_demo_estatal_valida_y_completa(tmp_path, capsys):
    carpeta = tmp_path / "estatal"
    crear_oficina(carpeta, "estatal", "27")
    assert main.principal(["--datos", str(carpeta), "demo", "--registros", "60"]) == 0
    assert "60 acciones" in capsys.readouterr().out
    base = abrir_base(Rutas(carpeta).url_base)
    with base.transaccion() as s:
        acciones = s.scalars(select(Accion)).all()
        ctx = contexto_para(s, oficina_local(s))
        ejes = set(s.scalars(select(Eje.clave)))
        tipos = set(s.scalars(select(TipoAccion.clave)))
        hoy_periodo = periodo_de(ctx.hoy)
        for a in acciones:
            datos = accion_a_dict(a)
            datos["id"] = None  # sin id no se compara consigo misma como duplicado
            assert errores(validar(datos, ctx)[1]) == [], a.titulo
            assert a.entidad == "27" and a.municipio.startswith("27")
            assert a.total == sum(getattr(a, x) for x in SEXOS) > 0
            assert a.periodo in {hoy_periodo, anterior(hoy_periodo)}
    base.cerrar()
    assert len(acciones) == 60
    assert {a.eje for a in acciones} == ejes
    assert {a.tipo_accion for a in acciones} == tipos
    firmados = [a for a in acciones if (a.convenio or {}).get("estado_instrumento") == "firmado"]
    assert firmados and all(a.convenio["fecha_firma"] for a in firmados)
    assert any(a.retos for a in acciones)
    assert Counter(a.estado for a in acciones) == {"lista": 60}


def test_demo_rechaza_registros_no_positivos(oficina_municipal, capsys):
    assert main.principal(["--datos", str(oficina_municipal), "demo", "--registros", "0"]) == 2
    assert "1 o más" in capsys.readouterr().err
