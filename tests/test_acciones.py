"""Servicio de guardado: historial por revisión, anulación como lápida, periodos cerrados y duplicados."""

from datetime import date

import pytest
from sqlalchemy import func, select

from base_local.acciones import (
    PeriodoCerrado,
    accion_a_dict,
    acciones_como_dicts,
    anular_accion,
    historial_de,
    historial_de_varias,
)
from base_local.apertura import abrir_base
from base_local.modelos import Accion, Periodo
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from formularios.demo import generar
from formularios.servicio import contexto_para, guardar
from tests.conftest import crear_oficina
from tests.test_reglas import valido


def _guardar(s, datos, lista=True):
    oficina = oficina_local(s)
    return guardar(s, datos, contexto_para(s, oficina), oficina, quien="Ana", lista=lista)


def test_crear_editar_y_anular_deja_historial(base_municipal):
    with base_municipal.transaccion() as s:
        r = _guardar(s, valido())
        assert r.guardado and r.revision == 1 and r.estado == "lista"
    with base_municipal.transaccion() as s:
        r2 = _guardar(s, valido(id=r.id, hombres=10))
        assert r2.revision == 2
        sin_cambio = _guardar(s, valido(id=r.id, hombres=10))
        assert sin_cambio.revision == 2
    with base_municipal.transaccion() as s:
        anular_accion(s, r.id, motivo="Capturada por error", quien="Ana", oficina="M07089")
    with base_municipal.transaccion() as s:
        accion = s.get(Accion, r.id)
        assert accion.estado == "anulada" and accion.revision == 3
        historial = historial_de(s, r.id)
        assert [h["operacion"] for h in historial] == ["creacion", "edicion", "anulacion"]
        assert historial[1]["cambios"]["hombres"] == [9, 10]
        assert historial[1]["cambios"]["total"] == [21, 22]
        vivas = s.scalar(select(func.coalesce(func.sum(Accion.total), 0)).where(Accion.estado != "anulada"))
        assert vivas == 0


def test_lista_con_errores_no_se_guarda_y_borrador_si(base_municipal):
    with base_municipal.transaccion() as s:
        r = _guardar(s, valido(titulo=""))
        assert not r.guardado and "Corrija" in r.motivo
        borrador = _guardar(s, valido(titulo=""), lista=False)
        assert borrador.guardado and borrador.estado == "borrador"
        malo = _guardar(s, valido(mujeres="doce"), lista=False)
        assert not malo.guardado
        assert s.scalar(select(func.count()).select_from(Accion)) == 1


def test_posible_duplicado_exige_reconocer_el_aviso(base_municipal):
    with base_municipal.transaccion() as s:
        assert _guardar(s, valido()).guardado
        r = _guardar(s, valido(fecha_inicio="2026-10-03", fecha_fin="2026-10-03", titulo="Otra reunión distinta"))
        assert not r.guardado and [m.codigo for m in r.mensajes] == ["POSIBLE_DUPLICADO"]
        r = _guardar(s, valido(fecha_inicio="2026-10-03", fecha_fin="2026-10-03", titulo="Otra reunión distinta",
                               avisos_reconocidos=["POSIBLE_DUPLICADO"]))
        assert r.guardado
        assert s.get(Accion, r.id).avisos_reconocidos == ["POSIBLE_DUPLICADO"]


def test_periodo_cerrado_es_de_solo_lectura(base_municipal):
    with base_municipal.transaccion() as s:
        r = _guardar(s, valido())
        s.add(Periodo(oficina="M07089", clave="2026T4", estado="cerrado", cerrado_por="Enlace"))
    with base_municipal.transaccion() as s, pytest.raises(PeriodoCerrado, match="2026T4 está cerrado"):
        _guardar(s, valido(id=r.id, hombres=1))
    with base_municipal.transaccion() as s:
        assert s.get(Accion, r.id).hombres == 9
        assert s.get(Accion, r.id).fecha_inicio == date(2026, 10, 2)


def test_cifras_casi_iguales_tambien_son_posible_duplicado(base_municipal):
    with base_municipal.transaccion() as s:
        assert _guardar(s, valido(mujeres=50, hombres=50)).guardado
        r = _guardar(s, valido(fecha_inicio="2026-10-04", fecha_fin="2026-10-04", titulo="Sesión del comité municipal",
                               mujeres=52, hombres=50))
        assert [m.codigo for m in r.mensajes] == ["POSIBLE_DUPLICADO"]
        r = _guardar(s, valido(fecha_inicio="2026-10-04", fecha_fin="2026-10-04", titulo="Sesión del comité municipal",
                               mujeres=90, hombres=50))
        assert r.guardado


def test_filas_planas_iguales_a_los_objetos(tmp_path, motor_central):
    """La lectura rápida (texto guardado en SQLite, controlador en PostgreSQL) da lo mismo que el ORM."""
    carpeta = tmp_path / "mun"
    crear_oficina(carpeta, url=motor_central)
    base = abrir_base(motor_central or Rutas(carpeta).url_base)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        generar(s, contexto_para(s, oficina), oficina, 25, semilla=5)
        editada = _guardar(s, valido(edades={"adultez": {"mujeres": 11, "hombres": 9}, "personas_mayores": {"mujeres": 1}}))
        _guardar(s, valido(id=editada.id, hombres=10, edades=None))
        anular_accion(s, s.scalars(select(Accion.id).order_by(Accion.id)).first(), motivo="Duplicada", quien="Ana", oficina="M07089")
    with base.transaccion() as s:
        filas = acciones_como_dicts(s, (), (Accion.id,))
        assert filas == [accion_a_dict(a) for a in s.scalars(select(Accion).order_by(Accion.id))]
        assert any(f["convenio"] for f in filas) and any(f["retos"] for f in filas)
        ids = [f["id"] for f in filas]
        historiales = historial_de_varias(s, ids)
        assert historiales == {i: historial_de(s, i) for i in ids}
        assert historiales[editada.id][1]["cambios"]["edades"][1] is None
    base.cerrar()
