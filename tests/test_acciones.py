"""Servicio de guardado: historial por revisión, anulación como lápida, periodos cerrados y duplicados."""

from datetime import date

import pytest
from sqlalchemy import func, select

from base_local.acciones import PeriodoCerrado, anular_accion, historial_de
from base_local.modelos import Accion, Periodo
from base_local.oficinas import oficina_local
from formularios.servicio import contexto_para, guardar
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
