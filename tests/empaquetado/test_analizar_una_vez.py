"""Cada línea de acciones.jsonl se analiza una sola vez: los registros revisados pasan tal cual a la fusión. Si no
caben en CONSERVAR (la cota de memoria), la fusión relee la copia verificada por lotes y el resultado es el mismo."""

from __future__ import annotations

import shutil

from base_local.apertura import abrir_base
from base_local.rutas import Rutas
from empaquetado import verificar as modulo
from empaquetado.importar import importar_archivo
from empaquetado.verificar import verificar
from tests.empaquetado.util import consultar, red_con_paquete

TABLAS = ("select id, revision, titulo, total, creado_en, fecha_inicio, edades, retos, pendiente_envio from accion order by id",
          "select accion_id, revision, quien, cuando, operacion, cambios from historial order by accion_id, revision",
          "select accion_a, accion_b from posible_duplicado order by 1, 2")


def _importar(carpeta, paquete) -> list[list[tuple]]:
    base = abrir_base(Rutas(carpeta).url_base)
    resultado = importar_archivo(base, paquete, Rutas(carpeta).evidencias)
    base.cerrar()
    assert resultado.resultado == "importado", resultado.mensaje
    return [consultar(carpeta, sql) for sql in TABLAS]


def test_los_registros_revisados_pasan_a_la_fusion_y_sin_memoria_se_releen_igual(tmp_path, monkeypatch):
    red, paquete = red_con_paquete(tmp_path, 120)
    otra = tmp_path / "est-otra"
    shutil.copytree(red["est"], otra)

    base = abrir_base(Rutas(red["est"]).url_base)
    with base.transaccion() as s:
        v = verificar(s, paquete)
        assert v.valido and v.registros is not None and len(v.registros) == v.total == 120
        assert v.acciones is None  # la copia en bytes ya no hace falta
        assert [len(lote) for lote in v.lotes(50)] == [50, 50, 20]
    base.cerrar()
    con_registros = _importar(red["est"], paquete)

    monkeypatch.setattr(modulo._revisar_registros, "__defaults__", (1_000,))  # 1 KB: no cabe ni un registro
    base = abrir_base(Rutas(otra).url_base)
    with base.transaccion() as s:
        v = verificar(s, paquete)
        assert v.valido and v.registros is None and v.acciones is not None
        assert sum(len(lote) for lote in v.lotes(50)) == 120
    base.cerrar()
    releidos = _importar(otra, paquete)
    assert releidos == con_registros and len(con_registros[0]) == 120
